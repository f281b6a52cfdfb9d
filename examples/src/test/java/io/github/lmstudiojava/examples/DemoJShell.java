package io.github.lmstudiojava.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * A JShell (through the {@code jdk.jshell} API) with the test class path, started as {@code
 * examples/jshell.sh --demo} starts it, that fails loudly on any snippet that does not compile or
 * throws.
 */
final class DemoJShell implements AutoCloseable {
  static final Path SCRIPT = Path.of("lmstudio.jsh");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JShell shell;

  DemoJShell() {
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    shell = JShell.builder().out(out).err(out).remoteVMOptions("-Dlmstudio.demo=true").build();
    shell.addToClasspath(System.getProperty("java.class.path"));
  }

  /** Opens the shell and loads {@code lmstudio.jsh}, as {@code jshell.sh --demo} does. */
  static DemoJShell withScript() throws IOException {
    DemoJShell shell = new DemoJShell();
    shell.run(Files.readString(SCRIPT));
    return shell;
  }

  /**
   * Runs source made of any number of snippets.
   *
   * @return the value of the last snippet that has one, as JShell shows it, or null
   */
  String run(String source) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = source;
    String value = null;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break;
      }
      if (!info.completeness().isComplete()) {
        throw new AssertionError("incomplete snippet: " + rest);
      }
      for (SnippetEvent event : shell.eval(info.source())) {
        check(event, info.source());
        if (event.value() != null) {
          value = event.value();
        }
      }
      rest = info.remaining();
    }
    return value;
  }

  private void check(SnippetEvent event, String source) {
    if (event.status() == Snippet.Status.REJECTED) {
      List<String> problems = new ArrayList<>();
      for (Diag diag : shell.diagnostics(event.snippet()).toList()) {
        problems.add(diag.getMessage(null));
      }
      throw new AssertionError("JShell rejected: " + source.strip() + "\n" + problems);
    }
    if (event.exception() != null) {
      throw new AssertionError("JShell snippet threw: " + source.strip(), event.exception());
    }
  }

  /** Everything the snippets printed so far. */
  String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    shell.close();
  }
}
