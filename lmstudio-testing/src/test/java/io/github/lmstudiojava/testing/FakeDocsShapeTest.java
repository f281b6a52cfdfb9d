package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.Integration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compares the fake's JSON with the examples in LM Studio's REST reference, key by key. */
class FakeDocsShapeTest {
  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void modelEntriesHaveTheKeysOfTheDocumentedExample() {
    List<Map<String, Object>> documented =
        (List<Map<String, Object>>) fixture("fixtures/models/list-docs.json").get("models");
    List<Map<String, Object>> served =
        (List<Map<String, Object>>) RawHttp.get(fake, "/api/v1/models").json().get("models");

    // The docs list a loaded LLM with variants, an unloaded LLM, then an embedding model.
    assertThat(served.get(0).keySet()).isEqualTo(documented.get(0).keySet());
    assertThat(served.get(1).keySet()).isEqualTo(documented.get(1).keySet());
    assertThat(served.get(2).keySet()).isEqualTo(documented.get(2).keySet());
    Map<String, Object> instance =
        ((List<Map<String, Object>>) served.get(0).get("loaded_instances")).get(0);
    Map<String, Object> documentedInstance =
        ((List<Map<String, Object>>) documented.get(0).get("loaded_instances")).get(0);
    assertThat(instance.keySet()).isEqualTo(documentedInstance.keySet());
    assertThat(((Map<String, Object>) instance.get("config")).keySet())
        .isSubsetOf(((Map<String, Object>) documentedInstance.get("config")).keySet())
        .contains("context_length", "eval_batch_size", "parallel", "flash_attention");
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }

  @Test
  @SuppressWarnings("unchecked")
  void chatResultHasTheKeysOfTheDocumentedExample() {
    Map<String, Object> documented = fixture("fixtures/chat/mcp-result-docs.json");
    ChatRequest request =
        ChatRequest.builder(FakeModel.UNLOADED_LLM)
            .input("top model")
            .integrations(
                Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                    .allowedTools("model_search"))
            .build();
    fake.client().chat(request);
    Map<String, Object> served =
        RawHttp.post(fake, "/api/v1/chat", fake.takeRequest().body()).json();

    assertThat(served.keySet()).isEqualTo(documented.keySet());
    List<Map<String, Object>> output = (List<Map<String, Object>>) served.get("output");
    List<Map<String, Object>> documentedOutput =
        (List<Map<String, Object>>) documented.get("output");
    assertThat(output.get(0).keySet()).isEqualTo(documentedOutput.get(0).keySet());
    assertThat(output.get(1).keySet()).isEqualTo(documentedOutput.get(1).keySet());
    // The model was loaded by the first request, so model_load_time_seconds is gone now.
    assertThat(((Map<String, Object>) documented.get("stats")).keySet())
        .containsAll(((Map<String, Object>) served.get("stats")).keySet())
        .contains("model_load_time_seconds");
    assertThat(fake.lastRequest().json()).containsEntry("model", FakeModel.UNLOADED_LLM);
  }

  @Test
  @SuppressWarnings("unchecked")
  void toolCallCompletionHasTheKeysOfTheDocumentedExample() {
    Map<String, Object> documented = fixture("fixtures/openai/tool-calls-response-docs.json");
    Map<String, Object> served =
        RawHttp.post(
                fake,
                "/v1/chat/completions",
                Fixtures.text("fixtures/openai/tools-request-docs.json"))
            .json();

    // LM Studio adds a stats object to the OpenAI shape.
    assertThat(served.keySet()).containsAll(documented.keySet()).hasSize(documented.size() + 1);
    Map<String, Object> choice = ((List<Map<String, Object>>) served.get("choices")).get(0);
    Map<String, Object> documentedChoice =
        ((List<Map<String, Object>>) documented.get("choices")).get(0);
    assertThat(choice.keySet()).isEqualTo(documentedChoice.keySet());
    Map<String, Object> message = (Map<String, Object>) choice.get("message");
    Map<String, Object> documentedMessage = (Map<String, Object>) documentedChoice.get("message");
    assertThat(message.keySet()).isEqualTo(documentedMessage.keySet());
    Map<String, Object> call = ((List<Map<String, Object>>) message.get("tool_calls")).get(0);
    Map<String, Object> documentedCall =
        ((List<Map<String, Object>>) documentedMessage.get("tool_calls")).get(0);
    assertThat(call.keySet()).isEqualTo(documentedCall.keySet());
    assertThat(((Map<String, Object>) call.get("function")).keySet())
        .isEqualTo(((Map<String, Object>) documentedCall.get("function")).keySet());
    assertThat(((Map<String, Object>) served.get("usage")).keySet())
        .isEqualTo(((Map<String, Object>) documented.get("usage")).keySet());
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/chat/completions");
  }

  private static Map<String, Object> fixture(String path) {
    try (InputStream in = FakeDocsShapeTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
