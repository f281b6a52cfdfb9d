package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.legacy.V0Model;
import io.github.lmstudiojava.testing.RawHttp.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The legacy {@code /api/v0/*} endpoints, compared key by key with LM Studio's v0 reference. */
@SuppressWarnings("unchecked")
class FakeLegacyTest {
  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void modelsHaveTheDocumentedKeysPlusCapabilitiesForLlms() {
    List<Map<String, Object>> documented =
        (List<Map<String, Object>>) Fixtures.json("fixtures/legacy/models-docs.json").get("data");
    Map<String, Object> json = RawHttp.get(fake, "/api/v0/models").json();

    assertThat(json).containsEntry("object", "list");
    List<Map<String, Object>> data = (List<Map<String, Object>>) json.get("data");
    Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
    data.forEach(m -> byId.put((String) m.get("id"), m));
    Map<String, Object> embedding = byId.get(FakeModel.EMBEDDING);
    assertThat(embedding.keySet()).isEqualTo(documented.get(2).keySet());
    assertThat(embedding)
        .containsEntry("type", "embeddings")
        .containsEntry("arch", "nomic-bert")
        .containsEntry("state", "not-loaded");
    for (String llm : List.of(FakeModel.LOADED_LLM, FakeModel.VISION)) {
      assertThat(byId.get(llm).keySet())
          .containsAll(documented.get(0).keySet())
          .hasSize(documented.get(0).size() + 1)
          .contains("capabilities");
    }
    assertThat(byId.get(FakeModel.LOADED_LLM))
        .containsEntry("type", "llm")
        .containsEntry("state", "loaded")
        .containsEntry("arch", "granite")
        .containsEntry("compatibility_type", "gguf")
        .containsEntry("quantization", "Q4_K_M")
        .containsEntry("max_context_length", 131072.0)
        .containsEntry("capabilities", List.of("tool_use"));
    assertThat(byId.get(FakeModel.VISION)).containsEntry("type", "vlm");
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v0/models");
  }

  @Test
  void oneModelIsFoundByItsKeyAndChangesStateOnceUsed() {
    String path = "/api/v0/models/" + FakeModel.UNLOADED_LLM;
    Map<String, Object> before = RawHttp.get(fake, path).json();
    RawHttp.post(
        fake,
        "/api/v0/chat/completions",
        "{\"model\":\""
            + FakeModel.UNLOADED_LLM
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    Map<String, Object> after = RawHttp.get(fake, path).json();
    Answer unknown = RawHttp.get(fake, "/api/v0/models/no-such-model");

    assertThat(before)
        .containsEntry("id", FakeModel.UNLOADED_LLM)
        .containsEntry("state", "not-loaded");
    assertThat(after).containsEntry("state", "loaded");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat((Map<String, Object>) unknown.json().get("error"))
        .containsOnlyKeys("message", "type", "param", "code")
        .containsEntry("code", "model_not_found");
    assertThat(fake.takeRequest().path()).isEqualTo(path);
  }

  @Test
  void oneModelIsFoundByItsKeyWithTheSlashPercentEncodedAsTheClientSendsIt() {
    V0Model model = fake.client().legacy().model(FakeModel.LOADED_LLM);

    assertThat(model.id()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(model.isLoaded()).isTrue();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("GET /api/v0/models/ibm%2Fgranite-4-micro");
  }

  @Test
  void chatCompletionHasTheDocumentedStatsModelInfoAndRuntime() {
    Map<String, Object> documented = Fixtures.json("fixtures/legacy/chat-completion-docs.json");
    Map<String, Object> json =
        RawHttp.post(
                fake,
                "/api/v0/chat/completions",
                "{\"model\":\"ibm/granite-4-micro\",\"messages\":[{\"role\":\"system\",\"content\":"
                    + "\"Always answer in rhymes.\"},{\"role\":\"user\",\"content\":"
                    + "\"Introduce yourself.\"}],\"temperature\":0.7,\"max_tokens\":-1,"
                    + "\"stream\":false}")
            .json();

    assertSameShape(json, documented);
    assertThat((Map<String, Object>) json.get("stats")).containsEntry("stop_reason", "eosFound");
    assertThat((Map<String, Object>) json.get("model_info"))
        .containsEntry("arch", "granite")
        .containsEntry("quant", "Q4_K_M")
        .containsEntry("format", "gguf")
        .containsEntry("context_length", 4096.0);
    assertThat((Map<String, Object>) json.get("runtime"))
        .containsEntry("supported_formats", List.of("gguf"));
    assertThat(fake.takeRequest().json()).containsEntry("max_tokens", -1.0);
  }

  @Test
  void completionHasTheDocumentedShape() {
    Map<String, Object> documented = Fixtures.json("fixtures/legacy/completion-docs.json");
    Map<String, Object> json =
        RawHttp.post(
                fake,
                "/api/v0/completions",
                "{\"model\":\"ibm/granite-4-micro\",\"prompt\":\"the meaning of life is\","
                    + "\"temperature\":0.7,\"max_tokens\":5,\"stream\":false,\"stop\":\"\\n\"}")
            .json();

    assertSameShape(json, documented);
    assertThat((Map<String, Object>) json.get("stats"))
        .containsEntry("stop_reason", "maxPredictedTokensReached");
    assertThat(fake.takeRequest().json()).containsEntry("stop", "\n");
  }

  @Test
  void embeddingsHaveTheDocumentedShape() {
    Map<String, Object> documented = Fixtures.json("fixtures/legacy/embeddings-docs.json");
    Map<String, Object> json =
        RawHttp.post(
                fake,
                "/api/v0/embeddings",
                "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":\"Some text to embed\"}")
            .json();

    assertThat(json.keySet()).isEqualTo(documented.keySet());
    Map<String, Object> item = ((List<Map<String, Object>>) json.get("data")).get(0);
    Map<String, Object> documentedItem =
        ((List<Map<String, Object>>) documented.get("data")).get(0);
    assertThat(item.keySet()).isEqualTo(documentedItem.keySet());
    assertThat(((Map<String, Object>) json.get("usage")).keySet())
        .isEqualTo(((Map<String, Object>) documented.get("usage")).keySet());
    assertThat(fake.takeRequest().json()).containsEntry("input", "Some text to embed");
  }

  private static void assertSameShape(Map<String, Object> json, Map<String, Object> documented) {
    assertThat(json.keySet()).isEqualTo(documented.keySet());
    for (String block : List.of("usage", "stats", "model_info", "runtime")) {
      assertThat(((Map<String, Object>) json.get(block)).keySet())
          .as(block)
          .isEqualTo(((Map<String, Object>) documented.get(block)).keySet());
    }
    Map<String, Object> choice = ((List<Map<String, Object>>) json.get("choices")).get(0);
    Map<String, Object> documentedChoice =
        ((List<Map<String, Object>>) documented.get("choices")).get(0);
    assertThat(choice.keySet()).isEqualTo(documentedChoice.keySet());
  }
}
