package io.github.lmstudiojava.sessions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a {@code main} class of the test sources in a JVM of its own, on this class path. */
final class ChildJvm {
  private ChildJvm() {}

  /** A process builder for {@code main} with {@code args}; its stderr goes to {@code stderr}. */
  static ProcessBuilder builder(Class<?> main, Path stderr, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A short-lived child: start fast and stay small on a 2-core machine.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE);
  }

  /** Kills a child that is still running and waits for it to end. */
  static void kill(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** What a child wrote to its stderr file, for failure messages. */
  static String read(Path stderr) {
    try {
      return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e + ")";
    }
  }
}
