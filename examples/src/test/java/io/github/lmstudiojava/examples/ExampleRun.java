package io.github.lmstudiojava.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the examples' main: its exit code and everything it printed. */
record ExampleRun(int exitCode, String output) {
  static ExampleRun of(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = Examples.run(args, out);
    out.flush();
    return new ExampleRun(code, bytes.toString(StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return output.lines().toList();
  }

  String firstLine() {
    return lines().isEmpty() ? "" : lines().get(0);
  }
}
