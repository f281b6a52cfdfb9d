package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
                "  --model KEY              the model to download, load and unload: a catalogue id"
                    + " or a Hugging Face URL (default: google/gemma-3-1b)",
                "  --context-length TOKENS  the context length to load it with (default: 8192)",
                "  --demo                   talk to a simulated LM Studio (FakeLmStudio) instead of"
                    + " a real one (default: off)",
                "  --url URL                the LM Studio to talk to (default: LM_STUDIO_URL, else"
                    + " http://localhost:1234)",
                "  --help                   show this help and exit",
                ""));
  }

  @Test
  void theChatExamplesHelpSaysWhichModelTheyTakeWithoutModel() {
    ExampleRun run = ExampleRun.of("streaming", "--help");

    assertThat(run.lines())
        .contains(
            "  --model KEY  the LLM to use (default: a loaded one, else the first one downloaded,"
                + " which LM Studio loads on first use)",
            "  PROMPT       what to ask (default: \"Write a haiku about the sunrise.\")");
  }

  @ParameterizedTest
  @MethodSource("io.github.lmstudiojava.examples.DemoModeTest#exampleNames")
  void everyFlagInTheUsageLineHasALineSayingWhatItDoes(String name) {
    List<String> lines = ExampleRun.of(name, "--help").lines();

    Matcher flag = Pattern.compile("\\[(--[a-z-]+|[A-Z]+)").matcher(lines.get(0));
    int described = 0;
    while (flag.find()) {
      String shown = flag.group(1);
      assertThat(lines).as(name).anyMatch(l -> l.startsWith("  " + shown + " "));
      described++;
    }
    assertThat(described).as(name).isGreaterThanOrEqualTo(3);
    for (String line : lines.subList(2, lines.size())) {
      if (!line.startsWith("  --demo") && !line.startsWith("  --help")) {
        assertThat(line).as(name).contains("(default: ");
      }
    }
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
