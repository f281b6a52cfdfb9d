package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineTest {
  @Test
  void noArgumentsListsEveryExample() {
    ExampleRun run = ExampleRun.of();

    assertThat(run.exitCode()).isZero();
    assertThat(run.firstLine())
        .isEqualTo("usage: java -jar examples/target/lmstudio-examples.jar EXAMPLE [--demo] [...]");
    for (Examples.Entry entry : Examples.ALL) {
      assertThat(run.output())
          .containsPattern(
              "\\n  " + Pattern.quote(entry.name()) + " +" + Pattern.quote(entry.summary()));
    }
  }

  @Test
  void helpListsEveryExample() {
    assertThat(ExampleRun.of("--help").output()).isEqualTo(ExampleRun.of().output());
  }

  @Test
  void anUnknownExampleIsNamedOnStderrWithTheList() {
    ExampleRun run = ExampleRun.of("nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).isEmpty();
    assertThat(run.errors()).startsWith("Unknown example \"nope\".\n").contains("  quickstart ");
  }

  @Test
  void anExamplesHelpDescribesEachFlagAndItsDefaultWithoutConnecting() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.errors()).isEmpty();
    assertThat(run.output())
        .isEqualTo(
            String.join(
                "\n",
                "usage: java -jar examples/target/lmstudio-examples.jar model-lifecycle"
                    + " [--model KEY] [--context-length TOKENS] [--demo] [--url URL]",
                "",
                "  --model KEY              the model to download, load and unload: a catalogue",
                "                           id or a Hugging Face URL (default: google/gemma-3-1b)",
                "  --context-length TOKENS  the context length to load it with (default: 8192)",
                "  --demo                   talk to a simulated LM Studio (FakeLmStudio) instead",
                "                           of a real one (default: off)",
                "  --url URL                the LM Studio to talk to (default: LM_STUDIO_URL,",
                "                           else http://localhost:1234)",
                "  --help                   show this help and exit",
                ""));
  }

  @Test
  void theChatExamplesHelpSaysWhichModelTheyTakeWithoutModel() {
    Map<String, String> help = entries(ExampleRun.of("streaming", "--help"));

    assertThat(help)
        .containsEntry(
            "--model KEY",
            "the LLM to use (default: a loaded one, else the first one downloaded, which LM"
                + " Studio loads on first use)")
        .containsEntry("PROMPT", "what to ask (default: \"Write a haiku about the sunrise.\")");
  }

  @ParameterizedTest
  @MethodSource("io.github.lmstudiojava.examples.DemoModeTest#exampleNames")
  void everyFlagInTheUsageLineIsDescribedWithItsDefaultInLinesThatFitEightyColumns(String name) {
    ExampleRun run = ExampleRun.of(name, "--help");
    Map<String, String> help = entries(run);

    Matcher shown =
        Pattern.compile("\\[((--[a-z-]+|[A-Z]+)( [A-Z]+)?)\\]").matcher(run.firstLine());
    List<String> flags = new ArrayList<>();
    while (shown.find()) {
      flags.add(shown.group(1));
    }
    assertThat(flags).as(name).contains("--demo", "--url URL").hasSizeGreaterThanOrEqualTo(3);
    flags.add("--help");
    assertThat(help.keySet()).as(name).containsExactlyInAnyOrderElementsOf(flags);
    help.forEach(
        (flag, text) -> {
          if (!flag.equals("--help")) {
            assertThat(text).as(name + " " + flag).contains("(default: ");
          }
        });
    assertThat(run.lines().subList(1, run.lines().size()))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  /** The help's entries: each flag as shown, and its description with its lines joined. */
  private static Map<String, String> entries(ExampleRun help) {
    Map<String, String> entries = new LinkedHashMap<>();
    String flag = null;
    for (String line : help.lines().subList(2, help.lines().size())) {
      Matcher entry = Pattern.compile("^  (\\S+(?: [A-Z]+)?) +(.*)$").matcher(line);
      if (!line.startsWith("   ") && entry.matches()) {
        flag = entry.group(1);
        entries.put(flag, entry.group(2));
      } else {
        entries.put(flag, entries.get(flag) + " " + line.strip());
      }
    }
    return entries;
  }

  @Test
  void anUnknownFlagIsRefusedOnStderrBeforeConnecting() {
    ExampleRun run = ExampleRun.of("quickstart", "--modle", "x", "--demo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).isEmpty();
    assertThat(run.errors())
        .startsWith(
            "Unknown flag --modle.\nusage: java -jar examples/target/lmstudio-examples.jar"
                + " quickstart [--model KEY] [--image PATH] [PROMPT] [--demo] [--url URL]"
                + " (--help explains each flag)");
  }

  @Test
  void anUnknownFlagIsRefusedEvenWithHelp() {
    ExampleRun run = ExampleRun.of("quickstart", "--temperature", "1", "--help");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errors()).startsWith("Unknown flag --temperature.");
  }

  @Test
  void aFlagWithoutItsValueIsRefused() {
    ExampleRun run = ExampleRun.of("quickstart", "--model");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errors()).startsWith("--model needs a value.\n");
  }

  @Test
  void wordsAreRefusedByAnExampleThatTakesNone() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "gemma", "--demo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errors()).startsWith("Unexpected argument \"gemma\".\n");
  }

  @Test
  void aNumberFlagThatIsNotANumberIsRefused() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "--context-length", "big", "--demo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errors()).startsWith("--context-length takes a number, not \"big\"\n");
  }
}
