package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's table of the server's flags is the option table {@code --help} is built from. */
class ReadmeFlagsTest {
  @Test
  void everyFlagHasARowWithItsVariablesDefaultAndMeaning() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## MCP server"));

    for (ServerConfig.Option option : ServerConfig.OPTIONS) {
      String flag = option.value().isEmpty() ? option.flag() : option.flag() + " " + option.value();
      String cell = "| `" + flag.replace("|", "\\|") + "` |";
      Optional<String> row =
          Arrays.stream(section.split("\n")).filter(l -> l.startsWith(cell)).findFirst();
      assertThat(row).as("a README row for %s", flag).isPresent();
      for (String variable : option.env()) {
        assertThat(row.get()).contains("`" + variable.split(" ")[0] + "`");
      }
      assertThat(row.get())
          .contains(option.defaultValue())
          .endsWith("| " + option.meaning() + " |");
    }
  }
}
