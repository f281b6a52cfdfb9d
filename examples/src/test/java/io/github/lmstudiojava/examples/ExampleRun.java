package io.github.lmstudiojava.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the examples' main: its exit code, what it printed and its errors. */
record ExampleRun(int exitCode, String output, String errors) {
  static ExampleRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = Examples.run(args, outStream, errStream);
    outStream.flush();
    errStream.flush();
    return new ExampleRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return output.lines().toList();
  }

  String firstLine() {
    return lines().isEmpty() ? "" : lines().get(0);
  }

  /** Both streams, for assertion messages. */
  String both() {
    return output + (errors.isEmpty() ? "" : "\n[stderr]\n" + errors);
  }
}
