package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run as their own process, their output a pipe, as a script would run them. */
class ExampleProcessTest {
  /** What a finished process printed on each stream. */
  record Finished(int exitCode, String out, String err) {}

  private static Finished run(Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Duser.home=" + home);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Examples.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("example", ".out");
    Path err = Files.createTempFile("example", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Finished(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  private static List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).toList();
    }
  }

  @Test
  void theDemoChatWritesNothingIntoTheHomeFolder(@TempDir Path home) throws Exception {
    Finished run = run(home, "persistent-chat", "--demo", "Hello");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("in memory", "assistant: You said: Hello");
    assertThat(run.err()).isEmpty();
    assertThat(contents(home)).isEmpty();
  }

  @Test
  void theProgressBarWritesNoCarriageReturnIntoAPipe(@TempDir Path home) throws Exception {
    Finished run = run(home, "model-lifecycle", "--demo");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("\r").contains("\n[##############################] 100%");
  }

  @Test
  void errorsGoToStderrAndOnlyThere(@TempDir Path home) throws Exception {
    Finished run = run(home, "quickstart", "--url", "http://127.0.0.1:9");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(Cli.notRunning("http://127.0.0.1:9") + System.lineSeparator());
  }
}
