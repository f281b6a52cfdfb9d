package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import io.github.lmstudiojava.testing.RawHttp.Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/models}, {@code /v1/completions} and {@code /v1/embeddings}. */
@SuppressWarnings("unchecked")
class FakeOpenAiEndpointsTest {
  private static final String EMBED = "/v1/embeddings";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void modelsListEveryModelOnDiskInOpenAisShape() {
    Map<String, Object> json = RawHttp.get(fake, "/v1/models").json();

    assertThat(json).containsEntry("object", "list");
    List<Map<String, Object>> data = (List<Map<String, Object>>) json.get("data");
    assertThat(data)
        .extracting(m -> m.get("id"))
        .containsExactly(
            FakeModel.LOADED_LLM,
            FakeModel.UNLOADED_LLM,
            FakeModel.EMBEDDING,
            FakeModel.REASONING,
            FakeModel.VISION);
    assertThat(data)
        .allSatisfy(
            m ->
                assertThat(m)
                    .containsOnlyKeys("id", "object", "owned_by")
                    .containsEntry("object", "model"));
    assertThat(fake.takeRequest().line()).isEqualTo("GET /v1/models");
  }

  @Test
  void completionContinuesThePromptAndStopsAtMaxTokens() {
    Map<String, Object> json =
        RawHttp.post(
                fake,
                "/v1/completions",
                "{\"model\":\"ibm/granite-4-micro\",\"prompt\":\"the meaning of life is\","
                    + "\"max_tokens\":3}")
            .json();

    assertThat(json).containsEntry("object", "text_completion");
    assertThat((String) json.get("id")).startsWith("cmpl-");
    Map<String, Object> choice = ((List<Map<String, Object>>) json.get("choices")).get(0);
    assertThat(choice.keySet()).containsExactly("index", "text", "logprobs", "finish_reason");
    assertThat(choice)
        .containsEntry("text", " You said: t")
        .containsEntry("logprobs", null)
        .containsEntry("finish_reason", "length");
    assertThat(fake.takeRequest().json()).containsEntry("max_tokens", 3.0);
  }

  @Test
  void streamedCompletionSendsTextChunksThenDone() {
    Answer answer =
        RawHttp.post(
            fake,
            "/v1/completions",
            "{\"model\":\"ibm/granite-4-micro\",\"prompt\":\"Once upon\",\"stream\":true}");

    List<Frame> frames = answer.frames();
    assertThat(frames.get(frames.size() - 1).data()).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> chunk : FakeOpenAiChatTest.chunks(frames)) {
      assertThat(chunk).containsEntry("object", "text_completion");
      text.append(((List<Map<String, Object>>) chunk.get("choices")).get(0).get("text"));
    }
    assertThat(text).hasToString(" You said: Once upon");
    Map<String, Object> last = FakeOpenAiChatTest.chunks(frames).get(frames.size() - 2);
    assertThat(((List<Map<String, Object>>) last.get("choices")).get(0))
        .containsEntry("finish_reason", "stop");
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void embeddingsAreUnitVectorsOfAFixedSizeInInputOrder() {
    Map<String, Object> json =
        RawHttp.post(
                fake,
                EMBED,
                "{\"model\":\"text-embedding-nomic-embed-text-v1.5\",\"input\":[\"cat\",\"dog\"]}")
            .json();

    assertThat(json).containsEntry("object", "list").containsEntry("model", FakeModel.EMBEDDING);
    List<Map<String, Object>> data = (List<Map<String, Object>>) json.get("data");
    assertThat(data).extracting(d -> d.get("index")).containsExactly(0.0, 1.0);
    assertThat(data)
        .allSatisfy(d -> assertThat(d).containsOnlyKeys("object", "embedding", "index"));
    List<Double> cat = (List<Double>) data.get(0).get("embedding");
    List<Double> dog = (List<Double>) data.get(1).get("embedding");
    assertThat(cat).hasSize(768);
    assertThat(dog).hasSize(768).isNotEqualTo(cat);
    assertThat(norm(cat)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat((Map<String, Object>) json.get("usage"))
        .containsExactly(Map.entry("prompt_tokens", 2.0), Map.entry("total_tokens", 2.0));
    assertThat(fake.takeRequest().json()).containsEntry("input", List.of("cat", "dog"));
  }

  @Test
  void sameTextGivesTheSameVectorWhateverItsPositionOrRequest() {
    Map<String, Object> single =
        RawHttp.post(fake, EMBED, "{\"model\":\"" + FakeModel.EMBEDDING + "\",\"input\":\"dog\"}")
            .json();
    Map<String, Object> batch =
        RawHttp.post(
                fake,
                EMBED,
                "{\"model\":\"" + FakeModel.EMBEDDING + "\",\"input\":[\"cat\",\"dog\"]}")
            .json();
    try (FakeLmStudio other = FakeLmStudio.start()) {
      Map<String, Object> elsewhere =
          RawHttp.post(
                  other, EMBED, "{\"model\":\"" + FakeModel.EMBEDDING + "\",\"input\":\"dog\"}")
              .json();

      assertThat(vector(single, 0)).isEqualTo(vector(batch, 1)).isEqualTo(vector(elsewhere, 0));
      assertThat(other.takeRequest().json()).containsEntry("input", "dog");
    }
    assertThat(fake.takeRequest().json()).containsEntry("input", "dog");
  }

  @Test
  void base64EncodingCarriesTheSameFloats() {
    String request = "{\"model\":\"" + FakeModel.EMBEDDING + "\",\"input\":\"dog\"";
    List<Double> floats = vector(RawHttp.post(fake, EMBED, request + "}").json(), 0);
    Map<String, Object> encoded =
        RawHttp.post(fake, EMBED, request + ",\"encoding_format\":\"base64\"}").json();

    String base64 =
        (String) ((List<Map<String, Object>>) encoded.get("data")).get(0).get("embedding");
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(4 * 768);
    for (int i = 0; i < 768; i++) {
      assertThat((double) bytes.getFloat())
          .isEqualTo(floats.get(i), org.assertj.core.data.Offset.offset(1e-7));
    }
    assertThat(fake.lastRequest().json()).containsEntry("encoding_format", "base64");
  }

  @Test
  void embeddingWithAnLlmIsRefusedInOpenAisShape() {
    Answer answer =
        RawHttp.post(fake, EMBED, "{\"model\":\"" + FakeModel.LOADED_LLM + "\",\"input\":\"x\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat((Map<String, Object>) answer.json().get("error"))
        .containsOnlyKeys("message", "type", "param", "code")
        .containsEntry("type", "invalid_request_error")
        .containsEntry("param", "model");
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.LOADED_LLM);
  }

  private static List<Double> vector(Map<String, Object> json, int index) {
    return (List<Double>)
        ((List<Map<String, Object>>) json.get("data")).get(index).get("embedding");
  }

  private static double norm(List<Double> vector) {
    double sum = 0;
    for (double value : vector) {
      sum += value * value;
    }
    return Math.sqrt(sum);
  }
}
