package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void theScriptLoadsSaysFirstThatLmStudioIsSimulatedAndWhichModelItUses() {
    assertThat(shell.output())
        .startsWith(Cli.DEMO_NOTICE + "\n")
        .contains("Using ibm/granite-4-micro, a loaded LLM (use(\"KEY\") picks another).\n")
        .contains("Try: models()");
  }

  @Test
  void askAnswersThroughTheSimulatedLmStudioWithThePickedModel() {
    assertThat(shell.run("ask(\"Why is the sky blue?\")"))
        .isEqualTo("\"You said: Why is the sky blue?\"");
    assertThat(shell.run("demo.lastRequest().line()")).isEqualTo("\"POST /api/v1/chat\"");
    assertThat(shell.run("demo.lastRequest().json().get(\"model\")"))
        .isEqualTo("\"ibm/granite-4-micro\"");
  }

  @Test
  void modelsListsTheKeys() {
    assertThat(shell.run("models()")).startsWith("[ibm/granite-4-micro, meta/llama-3.2-3b, ");
  }

  @Test
  void streamPrintsTheAnswerOfTheModelInUse() {
    shell.run("use(\"meta/llama-3.2-3b\"); stream(\"Tell me a story\")");

    assertThat(shell.output()).contains("You said: Tell me a story\n");
    assertThat(shell.run("demo.lastRequest().json().get(\"model\")"))
        .isEqualTo("\"meta/llama-3.2-3b\"");
    shell.run("use(pick(\"llm\"))");
  }

  @Test
  void pickTakesALoadedModelOfTheKindElseTheFirstOneElseNone() throws Exception {
    try (DemoJShell other = DemoJShell.withScript()) {
      other.run(
          "import io.github.lmstudiojava.testing.FakeModel;"
              + " FakeLmStudio mixed = FakeLmStudio.builder().models("
              + "FakeModel.llm(\"acme/first\").build(),"
              + " FakeModel.embedding(\"acme/embed\").build(),"
              + " FakeModel.llm(\"acme/eyes\").vision(true).build(),"
              + " FakeModel.llm(\"acme/loaded\").loaded(true).build()).start();"
              + " lms = mixed.client();");

      assertThat(other.run("pick(\"llm\")")).isEqualTo("\"acme/loaded\"");
      assertThat(other.run("pick(\"embedding\")")).isEqualTo("\"acme/embed\"");
      assertThat(other.run("pick(\"vision\")")).isEqualTo("\"acme/eyes\"");
      assertThat(other.run("mixed.requests().get(0).line()")).isEqualTo("\"GET /api/v1/models\"");

      other.run(
          "FakeLmStudio noLlm = FakeLmStudio.builder()"
              + ".models(FakeModel.embedding(\"acme/embed\").build()).start();"
              + " lms = noLlm.client(); use(pick(\"llm\"));");
      assertThat(other.run("model")).isEqualTo("null");
      assertThatThrownBy(() -> other.run("ask(\"Hi\")"))
          .hasMessageContaining("ask(\"Hi\")")
          .cause()
          .hasMessageContaining("No model chosen: use(\"KEY\") first; models() lists them");
      assertThat(other.run("noLlm.requestCount()")).isEqualTo("1");
    }
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
