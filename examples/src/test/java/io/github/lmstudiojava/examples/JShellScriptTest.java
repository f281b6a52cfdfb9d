package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellScriptTest {
  private static DemoJShell shell;

  @BeforeAll
  static void open() throws Exception {
    shell = DemoJShell.withScript();
  }

  @AfterAll
  static void close() {
    shell.close();
  }

  @Test
  void theScriptLoadsAndSaysFirstThatLmStudioIsSimulated() {
    assertThat(shell.output()).startsWith(Cli.DEMO_NOTICE + "\n").contains("Try: models()");
  }

  @Test
  void askAnswersThroughTheSimulatedLmStudio() {
    assertThat(shell.run("ask(\"Why is the sky blue?\")"))
        .isEqualTo("\"You said: Why is the sky blue?\"");
  }

  @Test
  void modelsListsTheKeys() {
    assertThat(shell.run("models()")).startsWith("[ibm/granite-4-micro, meta/llama-3.2-3b, ");
  }

  @Test
  void streamPrintsTheAnswer() {
    shell.run("use(\"ibm/granite-4-micro\"); stream(\"Tell me a story\"); use(\"qwen/qwen3-4b\")");

    assertThat(shell.output()).contains("You said: Tell me a story\n");
  }

  @Test
  void theLauncherLoadsThisScriptFromTheRunnableJar() throws Exception {
    Path launcher = Path.of("jshell.sh");

    assertThat(Files.isExecutable(launcher)).isTrue();
    assertThat(Files.readString(launcher))
        .contains("jar=\"$here/target/lmstudio-examples.jar\"")
        .contains("-R-Dlmstudio.demo=true")
        .contains("exec jshell --class-path \"$jar\"")
        .contains("\"$here/lmstudio.jsh\"");
  }
}
