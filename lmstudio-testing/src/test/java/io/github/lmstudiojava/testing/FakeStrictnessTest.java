package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native endpoints take only the keys and types of LM Studio's reference, as zod does. */
class FakeStrictnessTest {
  private static final String MODEL = FakeModel.LOADED_LLM;
  private static final String RED_DOT =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mP8z8BQz0AEYBxV"
          + "SF+FABJADveWkH6oAAAAAElFTkSuQmCC";

  private final FakeLmStudio fake =
      FakeLmStudio.builder()
          .addModels(FakeModel.llm("acme/vision-1b").vision(true).build())
          .start();

  @AfterEach
  void close() {
    fake.close();
  }

  private Answer post(String path, String json) {
    Answer answer = RawHttp.post(fake, path, json);
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST " + path);
    assertThat(sent.json()).isEqualTo(Json.parseObject(json));
    return answer;
  }

  /** LM Studio's native error body, {@code param} left out when null. */
  private static Map<String, Object> error(String message, String code, String param) {
    return Json.parseObject(Json.error("invalid_request", message, code, param));
  }

  @Test
  void everyDocumentedChatKeyIsAccepted() {
    Answer answer =
        post(
            "/api/v1/chat",
            "{\"model\":\"acme/vision-1b\",\"input\":[{\"type\":\"text\",\"content\":\"Hi\"},"
                + "{\"type\":\"image\",\"data_url\":\""
                + RED_DOT
                + "\"}],\"system_prompt\":\"Be brief.\",\"integrations\":[\"mcp/playwright\","
                + "{\"type\":\"plugin\",\"id\":\"mcp/fs\",\"allowed_tools\":[\"read\"]},"
                + "{\"type\":\"ephemeral_mcp\",\"server_label\":\"hf\",\"server_url\":"
                + "\"https://huggingface.co/mcp\",\"allowed_tools\":[\"model_search\"],"
                + "\"headers\":{\"X-Key\":\"k\"}}],\"stream\":false,\"temperature\":0,"
                + "\"top_p\":0.9,\"top_k\":40,\"min_p\":0.05,\"repeat_penalty\":1.1,"
                + "\"max_output_tokens\":100,\"reasoning\":\"off\",\"context_length\":8000,"
                + "\"store\":true}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("You said: Hi (with 1 image)");
  }

  @Test
  void unknownChatKeysAreAllListedTheWayZodListsThem() {
    Answer answer =
        post(
            "/api/v1/chat",
            "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"stop\":[\"\\n\"],\"seed\":7}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json())
        .isEqualTo(
            error("Unrecognized key(s) in object: 'stop', 'seed'", "unrecognized_keys", null));
  }

  @Test
  void unknownKeysOfNestedObjectsAreRefusedWithTheirPath() {
    Answer inInput =
        post(
            "/api/v1/chat",
            "{\"model\":\""
                + MODEL
                + "\",\"input\":[{\"type\":\"text\",\"content\":\"Hi\",\"role\":\"user\"}]}");
    Answer inIntegration =
        post(
            "/api/v1/chat",
            "{\"model\":\""
                + MODEL
                + "\",\"input\":\"Hi\",\"integrations\":[{\"type\":\"ephemeral_mcp\","
                + "\"server_label\":\"hf\",\"server_url\":\"https://huggingface.co/mcp\","
                + "\"require_approval\":\"never\"}]}");

    assertThat(inInput.status()).isEqualTo(400);
    assertThat(inInput.json())
        .isEqualTo(error("Unrecognized key(s) in object: 'role'", "unrecognized_keys", "input.0"));
    assertThat(inIntegration.status()).isEqualTo(400);
    assertThat(inIntegration.json())
        .isEqualTo(
            error(
                "Unrecognized key(s) in object: 'require_approval'",
                "unrecognized_keys",
                "integrations.0"));
  }

  @Test
  void anIntegrationOfAnUnknownTypeIsAnInvalidUnion() {
    Answer answer =
        post(
            "/api/v1/chat",
            "{\"model\":\""
                + MODEL
                + "\",\"input\":\"Hi\",\"integrations\":[{\"type\":\"mcp\",\"id\":\"x\"}]}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json())
        .isEqualTo(
            error(
                "Invalid discriminator value. Expected 'plugin' | 'ephemeral_mcp'",
                "invalid_union",
                "integrations.0"));
  }

  @Test
  void valuesOfTheWrongTypeAreRefusedNamingTheParameter() {
    Answer text = post("/api/v1/chat", "{\"model\":\"" + MODEL + "\",\"input\":5}");
    Answer number =
        post(
            "/api/v1/chat",
            "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"temperature\":\"0.5\"}");
    Answer fraction =
        post("/api/v1/chat", "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"top_k\":1.5}");
    Answer flag =
        post("/api/v1/chat", "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"stream\":\"yes\"}");
    Answer tool =
        post(
            "/api/v1/chat",
            "{\"model\":\""
                + MODEL
                + "\",\"input\":\"Hi\",\"integrations\":[{\"type\":\"plugin\",\"id\":\"mcp/x\","
                + "\"allowed_tools\":[1]}]}");

    assertThat(text.json())
        .isEqualTo(error("Expected string | array, received number", "invalid_type", "input"));
    assertThat(number.json())
        .isEqualTo(error("Expected number, received string", "invalid_type", "temperature"));
    assertThat(fraction.json())
        .isEqualTo(error("Expected integer, received float", "invalid_type", "top_k"));
    assertThat(flag.json())
        .isEqualTo(error("Expected boolean, received string", "invalid_type", "stream"));
    assertThat(tool.json())
        .isEqualTo(
            error(
                "Expected string, received number",
                "invalid_type",
                "integrations.0.allowed_tools.0"));
    for (Answer answer : new Answer[] {text, number, fraction, flag, tool}) {
      assertThat(answer.status()).isEqualTo(400);
    }
  }

  @Test
  void documentedKeysAreCheckedBeforeUnknownOnes() {
    Answer answer = post("/api/v1/chat", "{\"stop\":\"x\",\"input\":\"Hi\",\"temperature\":true}");

    assertThat(answer.json())
        .isEqualTo(error("\"model\" is required", "missing_required_parameter", "model"));
  }

  @Test
  void aNullValueCountsAsAbsent() {
    Answer answer =
        post(
            "/api/v1/chat",
            "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"temperature\":null,\"store\":null}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).containsKey("response_id");
  }

  @Test
  void loadRefusesTheUndocumentedGpuAndTtl() {
    Answer answer =
        post(
            "/api/v1/models/load",
            "{\"model\":\"" + FakeModel.UNLOADED_LLM + "\",\"gpu\":0.5,\"ttl\":600}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json())
        .isEqualTo(error("Unrecognized key(s) in object: 'gpu', 'ttl'", "unrecognized_keys", null));
    assertThat(RawHttp.get(fake, "/api/v1/models").body()).contains("\"loaded_instances\":[]");
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }

  @Test
  void everyDocumentedLoadKeyIsAcceptedAndCountsMustBeWholeNumbers() {
    Answer loaded =
        post(
            "/api/v1/models/load",
            "{\"model\":\""
                + FakeModel.UNLOADED_LLM
                + "\",\"context_length\":8192.0,\"eval_batch_size\":256,\"flash_attention\":false,"
                + "\"num_experts\":2,\"offload_kv_cache_to_gpu\":true,\"echo_load_config\":true}");
    Answer fractional =
        post(
            "/api/v1/models/load",
            "{\"model\":\"" + FakeModel.UNLOADED_LLM + "\",\"context_length\":4096.5}");

    assertThat(loaded.status()).isEqualTo(200);
    assertThat((Map<String, Object>) loaded.json().get("load_config"))
        .containsEntry("context_length", 8192.0)
        .containsEntry("num_experts", 2.0);
    assertThat(fractional.status()).isEqualTo(400);
    assertThat(fractional.json())
        .isEqualTo(error("Expected integer, received float", "invalid_type", "context_length"));
  }

  @Test
  void unloadAndDownloadTakeOnlyTheirDocumentedKeys() {
    Answer unload =
        post("/api/v1/models/unload", "{\"instance_id\":\"" + MODEL + "\",\"force\":true}");
    Answer download =
        post(
            "/api/v1/models/download",
            "{\"model\":\""
                + FakeModel.DOWNLOADABLE
                + "\",\"quantization\":\"Q4_K_M\","
                + "\"destination\":\"/tmp\"}");
    Answer wrongType = post("/api/v1/models/unload", "{\"instance_id\":7}");

    assertThat(unload.json())
        .isEqualTo(error("Unrecognized key(s) in object: 'force'", "unrecognized_keys", null));
    assertThat(download.json())
        .isEqualTo(
            error("Unrecognized key(s) in object: 'destination'", "unrecognized_keys", null));
    assertThat(wrongType.json())
        .isEqualTo(error("Expected string, received number", "invalid_type", "instance_id"));
    assertThat(RawHttp.get(fake, "/api/v1/models").body()).contains("\"id\":\"" + MODEL + "\"");
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }
}
