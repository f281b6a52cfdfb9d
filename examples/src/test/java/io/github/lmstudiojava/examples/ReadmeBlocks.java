package io.github.lmstudiojava.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of the README, each with its language and the line its code starts on. */
final class ReadmeBlocks {
  static final Path README = Path.of("..", "README.md");

  /**
   * One fenced block.
   *
   * @param language the word after the opening fence, such as {@code java}; empty when none
   * @param line the 1-based README line of the block's first code line
   * @param code the code, lines joined with {@code \n}
   */
  record Block(String language, int line, String code) {
    List<String> lines() {
      return code.lines().toList();
    }

    String where() {
      return "README.md line " + line + " (```" + language + " block)";
    }
  }

  private ReadmeBlocks() {}

  static String text() throws IOException {
    return Files.readString(README);
  }

  static List<Block> all() throws IOException {
    List<String> lines = text().lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String open = lines.get(i);
      if (!open.startsWith("```")) {
        continue;
      }
      String language = open.substring(3).strip();
      StringBuilder code = new StringBuilder();
      int start = i + 2;
      i++;
      while (i < lines.size() && !lines.get(i).startsWith("```")) {
        code.append(lines.get(i)).append('\n');
        i++;
      }
      if (i == lines.size()) {
        throw new AssertionError("README.md line " + (start - 1) + ": a code block never closes");
      }
      blocks.add(new Block(language, start, code.toString()));
    }
    return blocks;
  }

  static List<Block> of(String... languages) throws IOException {
    List<String> wanted = List.of(languages);
    return all().stream().filter(b -> wanted.contains(b.language())).toList();
  }

  /** The text between two marker comments, such as {@code <!-- main-job:start -->}. */
  static String between(String startMarker, String endMarker) throws IOException {
    String text = text();
    int start = text.indexOf(startMarker);
    int end = text.indexOf(endMarker);
    if (start < 0 || end < start) {
      throw new AssertionError("README.md has no " + startMarker + " ... " + endMarker);
    }
    return text.substring(start + startMarker.length(), end);
  }
}
