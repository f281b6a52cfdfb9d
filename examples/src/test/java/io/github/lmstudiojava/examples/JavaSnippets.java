package io.github.lmstudiojava.examples;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles the README's Java blocks against the test class path. A block that declares a class
 * compiles as it is; any other is a run of statements, compiled inside a method that has {@code
 * lms} (an {@code LmStudio}) in scope unless the block declares it, with the common imports.
 */
final class JavaSnippets {
  private static final Pattern WHOLE_CLASS =
      Pattern.compile("(?m)^(package |(public\\s+)?(final\\s+)?class\\s+\\w+)");
  private static final Pattern DECLARES_LMS = Pattern.compile("\\bLmStudio\\s+lms\\s*=");
  private static final List<String> COMMON_IMPORTS =
      List.of(
          "import io.github.lmstudiojava.client.*;",
          "import io.github.lmstudiojava.client.openai.*;",
          "import io.github.lmstudiojava.client.anthropic.*;",
          "import io.github.lmstudiojava.client.legacy.*;",
          "import io.github.lmstudiojava.sessions.*;",
          "import io.github.lmstudiojava.testing.*;",
          "import java.nio.file.*;",
          "import java.time.*;",
          "import java.util.*;",
          "import static org.assertj.core.api.Assertions.assertThat;");

  private JavaSnippets() {}

  /** A compilation unit made from a block, and how its lines map back to the README. */
  private static final class Unit extends SimpleJavaFileObject {
    final ReadmeBlocks.Block block;
    final String source;
    final int firstCodeLine; // the unit's line holding the block's first line

    Unit(ReadmeBlocks.Block block, String name, String source, int firstCodeLine) {
      super(URI.create("string:///" + name + ".java"), Kind.SOURCE);
      this.block = block;
      this.source = source;
      this.firstCodeLine = firstCodeLine;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return source;
    }
  }

  /**
   * Compiles every block.
   *
   * @return one message per error, naming the README line; empty when all compile
   */
  static List<String> compile(List<ReadmeBlocks.Block> blocks, Path out) throws IOException {
    List<Unit> units = new ArrayList<>();
    for (ReadmeBlocks.Block block : blocks) {
      units.add(unit(block));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(out);
    List<String> options =
        List.of(
            "--release",
            "17",
            "-proc:none",
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            out.toString());
    compiler.getTask(null, null, diagnostics, options, null, units).call();
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Unit unit = (Unit) d.getSource();
      long readmeLine = unit.block.line() + d.getLineNumber() - unit.firstCodeLine;
      problems.add(
          "README.md line "
              + readmeLine
              + " (```java block at line "
              + unit.block.line()
              + ") does not compile: "
              + d.getMessage(Locale.ROOT));
    }
    return problems;
  }

  private static Unit unit(ReadmeBlocks.Block block) {
    String name = "ReadmeLine" + block.line();
    if (WHOLE_CLASS.matcher(block.code()).find()) {
      String className = firstClassName(block.code());
      return new Unit(block, className == null ? name : className, block.code(), 1);
    }
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (String line : block.lines()) {
      if (line.startsWith("import ")) {
        imports.add(line);
        body.add(""); // keeps line numbers aligned
      } else {
        body.add(line);
      }
    }
    StringBuilder source = new StringBuilder();
    for (String line : imports) {
      source.append(line).append('\n');
    }
    source.append(String.join(" ", COMMON_IMPORTS)).append('\n');
    String parameter = DECLARES_LMS.matcher(block.code()).find() ? "" : "LmStudio lms";
    source.append("class ").append(name).append(" { void run(").append(parameter);
    source.append(") throws Exception {\n");
    int firstCodeLine = imports.size() + 3;
    source.append(String.join("\n", body)).append("\n}}\n");
    return new Unit(block, name, source.toString(), firstCodeLine);
  }

  private static String firstClassName(String code) {
    var m = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)").matcher(code);
    return m.find() ? m.group(1) : null;
  }
}
