package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which model the examples take when --model names none, and what they say when there is none. */
class ModelChoiceTest {
  private static final String NO_LLM =
      "LM Studio has no LLM: download one with `lms get ibm/granite-4-micro` or in the LM Studio"
          + " app (Discover tab), or name one with --model KEY.";

  @Test
  void withNothingLoadedTheFirstLlmDownloadedIsTakenAndLoadedOnFirstUse() {
    try (FakeLmStudio fake =
        Catalogue.start(
            List.of(
                FakeModel.embedding(Catalogue.EMBEDDING).build(),
                FakeModel.llm(Catalogue.OTHER_LLM).build(),
                FakeModel.llm(Catalogue.LOADED_LLM).build()))) {
      ExampleRun run = Catalogue.run(fake, "streaming", "Hello");

      assertThat(run.exitCode()).as(run.both()).isZero();
      assertThat(run.output())
          .containsSubsequence(
              "Using meta/llama-3.2-3b, the first LLM downloaded; LM Studio loads it on first use"
                  + " (--model KEY picks another).",
              "[loading model] 100%",
              "[answer] You said: Hello");
      assertThat(Catalogue.lines(fake)).containsExactly("GET /api/v1/models", "POST /api/v1/chat");
      assertThat(fake.requests().get(1).json()).containsEntry("model", Catalogue.OTHER_LLM);
      assertThat(fake.client().models().list())
          .filteredOn(Model::isLoaded)
          .extracting(Model::key)
          .containsExactly(Catalogue.OTHER_LLM);
    }
  }

  @Test
  void aLoadedLlmIsPreferredToOneListedBeforeIt() {
    try (FakeLmStudio fake =
        Catalogue.start(
            List.of(
                FakeModel.llm(Catalogue.OTHER_LLM).build(),
                FakeModel.llm(Catalogue.LOADED_LLM).loaded(true).build()))) {
      ExampleRun run = Catalogue.run(fake, "structured-output");

      assertThat(run.exitCode()).as(run.both()).isZero();
      assertThat(run.output()).contains("Using ibm/granite-4-micro, a loaded LLM");
      assertThat(fake.requests().get(1).line()).isEqualTo("POST /v1/chat/completions");
      assertThat(fake.requests().get(1).json()).containsEntry("model", Catalogue.LOADED_LLM);
    }
  }

  @Test
  void aLoadedEmbeddingModelIsPreferredAndLlmsAreNeverTaken() {
    try (FakeLmStudio fake =
        Catalogue.start(
            List.of(
                FakeModel.llm(Catalogue.LOADED_LLM).loaded(true).build(),
                FakeModel.embedding("acme/embed-small").build(),
                FakeModel.embedding("acme/embed-large").loaded(true).build()))) {
      ExampleRun run = Catalogue.run(fake, "embeddings", "cats");

      assertThat(run.exitCode()).as(run.both()).isZero();
      assertThat(run.output())
          .contains(
              "Using acme/embed-large, a loaded embedding model (--model KEY picks another).");
      assertThat(fake.requests().get(1).json()).containsEntry("model", "acme/embed-large");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "quickstart",
        "streaming",
        "mcp",
        "persistent-chat",
        "tool-calling",
        "structured-output"
      })
  void withoutAnyLlmEachChatExampleSaysHowToGetOneOnStderrAndFails(String name, @TempDir Path dir) {
    try (FakeLmStudio fake =
        Catalogue.start(List.of(FakeModel.embedding(Catalogue.EMBEDDING).build()))) {
      ExampleRun run =
          name.equals("persistent-chat")
              ? Catalogue.run(fake, name, "--session", dir.resolve("chat.db").toString(), "Hi")
              : Catalogue.run(fake, name, "Hi");

      assertThat(run.exitCode()).as(run.both()).isEqualTo(1);
      assertThat(run.errors()).isEqualTo(NO_LLM + "\n");
      assertThat(run.output()).doesNotContain("LM Studio has no", "Exception");
      assertThat(Catalogue.lines(fake)).containsOnly("GET /api/v1/models");
    }
  }

  @Test
  void anEmptyLmStudioGetsTheSameSentence() {
    try (FakeLmStudio fake = Catalogue.start(List.of())) {
      ExampleRun run = Catalogue.run(fake, "quickstart");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errors()).isEqualTo(NO_LLM + "\n");
      assertThat(run.output()).startsWith("Models on " + fake.url());
    }
  }

  @Test
  void withoutAnEmbeddingModelTheSearchSaysHowToGetOne() {
    try (FakeLmStudio fake =
        Catalogue.start(List.of(FakeModel.llm(Catalogue.LOADED_LLM).loaded(true).build()))) {
      ExampleRun run = Catalogue.run(fake, "embeddings");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errors())
          .isEqualTo(
              "LM Studio has no embedding model: download one with `lms get"
                  + " nomic-embed-text-v1.5` or in the LM Studio app (Discover tab), or name one"
                  + " with --model KEY.\n");
      assertThat(Catalogue.lines(fake)).containsExactly("GET /api/v1/models");
    }
  }

  @Test
  void withoutAVisionModelAnImageIsNotSentToAnLlmThatCannotSeeIt(@TempDir Path dir)
      throws Exception {
    Path image = dir.resolve("dot.png");
    Files.write(image, Images.PNG);
    try (FakeLmStudio fake =
        Catalogue.start(List.of(FakeModel.llm(Catalogue.LOADED_LLM).loaded(true).build()))) {
      ExampleRun run = Catalogue.run(fake, "quickstart", "--image", image.toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errors())
          .isEqualTo(
              "LM Studio has no vision model: download one with `lms get qwen/qwen3-vl-4b` or in"
                  + " the LM Studio app (Discover tab), or name one with --model KEY.\n");
      assertThat(Catalogue.lines(fake)).containsExactly("GET /api/v1/models");
    }
  }

  @Test
  void theModelFlagIsTakenAsItIsWithoutListingModels() {
    try (FakeLmStudio fake = Catalogue.start(Catalogue.usual())) {
      ExampleRun run = Catalogue.run(fake, "tool-calling", "--model", Catalogue.OTHER_LLM);

      assertThat(run.exitCode()).as(run.both()).isZero();
      assertThat(run.output()).doesNotContain("Using ");
      assertThat(Catalogue.lines(fake))
          .containsExactly("POST /v1/chat/completions", "POST /v1/chat/completions");
      assertThat(fake.requests())
          .allSatisfy(r -> assertThat(r.json()).containsEntry("model", Catalogue.OTHER_LLM));
    }
  }

  @Test
  void aModelLmStudioDoesNotHaveFailsWithItsErrorOnStderr() {
    try (FakeLmStudio fake = Catalogue.start(Catalogue.usual())) {
      ExampleRun run = Catalogue.run(fake, "quickstart", "--model", "qwen/qwen3-4b");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errors()).startsWith("LM Studio error: ").contains("qwen/qwen3-4b");
      assertThat(run.output()).doesNotContain("LM Studio error");
      assertThat(fake.requests().get(1).json()).containsEntry("model", "qwen/qwen3-4b");
    }
  }
}
