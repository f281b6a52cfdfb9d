package io.github.lmstudiojava.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a README JShell transcript in a demo JShell with {@code lmstudio.jsh} loaded: its launch
 * command is checked like the shell blocks, each {@code jshell> } input is run, each {@code ==>}
 * value must be the one JShell gives ({@code $N} matching any snippet number, {@code ...}
 * anything), and every other line must be printed. Lines starting with {@code |} are JShell's own
 * banner.
 */
final class JShellTranscript {
  private static final Pattern VALUE = Pattern.compile("^(\\$\\d+|\\w+) ==> (.*)$");

  private JShellTranscript() {}

  static List<String> check(ReadmeBlocks.Block block) throws Exception {
    List<String> problems = new ArrayList<>();
    List<String> lines = block.lines();
    try (DemoJShell shell = DemoJShell.withScript()) {
      int printed = 0;
      String value = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = "README.md line " + (block.line() + i) + ": ";
        if (line.isBlank() || line.startsWith("|")) {
          continue;
        }
        if (line.startsWith("$ ")) {
          String problem = ShellCommands.checkCommand(line.substring(2));
          if (problem != null) {
            problems.add(where + problem);
          }
        } else if (line.startsWith("jshell> ")) {
          printed = shell.output().length();
          try {
            value = shell.run(line.substring("jshell> ".length()));
          } catch (AssertionError e) {
            problems.add(where + e.getMessage());
          }
        } else {
          Matcher m = VALUE.matcher(line);
          if (m.matches()) {
            if (value == null || !matches(m.group(2), value)) {
              problems.add(where + "JShell gave " + value + ", not " + m.group(2));
            }
          } else if (!shell.output().substring(printed).lines().anyMatch(l -> matches(line, l))) {
            problems.add(
                where + "not printed; JShell printed: " + shell.output().substring(printed));
          }
        }
      }
    }
    return problems;
  }

  /** Whether text matches a shown line in which {@code ...} stands for anything. */
  static boolean matches(String shown, String text) {
    String[] parts = shown.split("\\.\\.\\.", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
    }
    return text.matches("(?s)" + regex);
  }
}
