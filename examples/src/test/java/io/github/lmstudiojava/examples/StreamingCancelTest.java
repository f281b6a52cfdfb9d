package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamingCancelTest {
  @Test
  void stoppingTheProcessCancelsTheStreamAndSaysSo() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamingChat.class.getName());
    command.add("--demo");
    for (int i = 0; i < 400; i++) {
      command.add("word" + i); // 400 tokens, 30 ms apart: twelve seconds the stream cannot finish
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("[reasoning]")) {
          // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl+C. (Process.destroy() would
          // also close this end of the output.)
          process.toHandle().destroy();
        }
      }
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(output.toString())
        .startsWith(Cli.DEMO_NOTICE + "\n")
        .contains("[cancelled] the request was cancelled; LM Studio stopped generating.")
        .doesNotContain("word399", "[stats]");
  }
}
