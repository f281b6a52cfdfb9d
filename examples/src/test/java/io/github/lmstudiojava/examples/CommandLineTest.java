package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
  void anUnknownExampleIsNamedAndTheListShown() {
    ExampleRun run = ExampleRun.of("nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.firstLine()).isEqualTo("Unknown example \"nope\".");
    assertThat(run.output()).contains("  quickstart ");
  }

  @Test
  void anExamplesHelpShowsItsFlagsWithoutConnecting() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .isEqualTo(
            "usage: java -jar examples/target/lmstudio-examples.jar model-lifecycle"
                + " [--model KEY] [--context-length TOKENS] [--demo] [--url URL]\n");
  }

  @Test
  void anUnknownFlagIsRefusedBeforeConnecting() {
    ExampleRun run = ExampleRun.of("quickstart", "--modle", "x", "--demo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.firstLine()).isEqualTo("Unknown flag --modle.");
    assertThat(run.output()).doesNotContain("[demo]");
  }

  @Test
  void aFlagWithoutItsValueIsRefused() {
    ExampleRun run = ExampleRun.of("quickstart", "--model");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.firstLine()).isEqualTo("--model needs a value.");
  }

  @Test
  void aNumberFlagThatIsNotANumberIsRefused() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "--context-length", "big", "--demo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("--context-length takes a number, not \"big\"");
  }
}
