package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import io.github.lmstudiojava.testing.RawHttp.Frame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class FakeAnthropicTest {
  private static final String PATH = "/v1/messages";
  // The request of LM Studio's Messages page.
  private static final String HELLO =
      """
      {"model":"ibm/granite-4-micro","max_tokens":256,
       "messages":[{"role":"user","content":"Say hello from LM Studio."}]}""";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void messageHasAnthropicsShape() {
    Answer answer = RawHttp.post(fake, PATH, HELLO);

    assertThat(answer.status()).isEqualTo(200);
    Map<String, Object> json = answer.json();
    assertThat(json.keySet())
        .containsExactly(
            "id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");
    assertThat((String) json.get("id")).startsWith("msg_");
    assertThat(json)
        .containsEntry("type", "message")
        .containsEntry("role", "assistant")
        .containsEntry("stop_reason", "end_turn")
        .containsEntry(
            "content",
            List.of(Map.of("type", "text", "text", "You said: Say hello from LM Studio.")));
    assertThat((Map<String, Object>) json.get("usage"))
        .containsOnlyKeys("input_tokens", "output_tokens");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST " + PATH);
    assertThat(sent.json()).containsEntry("max_tokens", 256.0);
  }

  @Test
  void streamSendsAnthropicsEventsWithAPingAfterTheFirstBlockStarts() {
    List<Frame> frames =
        RawHttp.post(fake, PATH, FakeOpenAiChatTest.withField(HELLO, "\"stream\":true")).frames();

    List<String> events = frames.stream().map(Frame::event).toList();
    assertThat(events.subList(0, 3))
        .containsExactly("message_start", "content_block_start", "ping");
    assertThat(events.subList(3, events.size() - 3))
        .hasSizeGreaterThan(2)
        .containsOnly("content_block_delta");
    assertThat(events.subList(events.size() - 3, events.size()))
        .containsExactly("content_block_stop", "message_delta", "message_stop");
    assertThat(frames).allSatisfy(f -> assertThat(f.json()).containsEntry("type", f.event()));
    Map<String, Object> message = (Map<String, Object>) frames.get(0).json().get("message");
    assertThat(message).containsEntry("content", List.of()).containsEntry("stop_reason", null);
    assertThat(frames.get(1).json())
        .containsEntry("index", 0.0)
        .containsEntry("content_block", Map.of("type", "text", "text", ""));
    StringBuilder text = new StringBuilder();
    for (Frame frame : frames.subList(3, frames.size() - 3)) {
      Map<String, Object> delta = (Map<String, Object>) frame.json().get("delta");
      assertThat(delta).containsEntry("type", "text_delta");
      text.append(delta.get("text"));
    }
    assertThat(text).hasToString("You said: Say hello from LM Studio.");
    Map<String, Object> messageDelta = frames.get(frames.size() - 2).json();
    assertThat((Map<String, Object>) messageDelta.get("delta"))
        .containsEntry("stop_reason", "end_turn");
    assertThat((Map<String, Object>) messageDelta.get("usage")).containsKey("output_tokens");
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void documentedToolRequestGivesToolUseWithInputJsonFragments() {
    String request = Fixtures.text("fixtures/anthropic/tools-request-docs.json");

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();
    List<Frame> frames =
        RawHttp.post(fake, PATH, FakeOpenAiChatTest.withField(request, "\"stream\":true")).frames();

    Map<String, Object> toolUse = ((List<Map<String, Object>>) json.get("content")).get(0);
    assertThat(json).containsEntry("stop_reason", "tool_use");
    assertThat(toolUse)
        .containsEntry("type", "tool_use")
        .containsEntry("name", "get_weather")
        .containsEntry("input", Map.of("location", "example location"));
    assertThat((String) toolUse.get("id")).startsWith("toolu_");
    Map<String, Object> start = (Map<String, Object>) frames.get(1).json().get("content_block");
    assertThat(start).containsEntry("type", "tool_use").containsEntry("input", Map.of());
    StringBuilder partial = new StringBuilder();
    int fragments = 0;
    for (Frame frame : frames) {
      if ("content_block_delta".equals(frame.event())) {
        Map<String, Object> delta = (Map<String, Object>) frame.json().get("delta");
        assertThat(delta).containsEntry("type", "input_json_delta");
        partial.append(delta.get("partial_json"));
        fragments++;
      }
    }
    assertThat(fragments).isGreaterThan(2);
    assertThat(Json.parseObject(partial.toString())).isEqualTo(toolUse.get("input"));
    assertThat(fake.takeRequest().json()).containsEntry("tool_choice", Map.of("type", "any"));
  }

  @Test
  void toolResultBlockIsReportedInTheAnswer() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"max_tokens\":64,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"weather?\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\","
            + "\"name\":\"get_weather\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
            + "\"content\":\"12 degrees\"}]}]}";

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();

    assertThat(json)
        .containsEntry(
            "content", List.of(Map.of("type", "text", "text", "The tool returned: 12 degrees")));
    assertThat((List<Object>) fake.takeRequest().json().get("messages")).hasSize(3);
  }

  @Test
  void reasoningModelStartsWithAThinkingBlock() {
    String request = HELLO.replace(FakeModel.LOADED_LLM, FakeModel.REASONING);

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();

    assertThat((List<Map<String, Object>>) json.get("content"))
        .extracting(b -> b.get("type"))
        .containsExactly("thinking", "text");
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.REASONING);
  }

  @Test
  void errorsHaveAnthropicsShape() {
    Answer unknown = RawHttp.post(fake, PATH, HELLO.replace(FakeModel.LOADED_LLM, "no/model"));
    Answer noMaxTokens = RawHttp.post(fake, PATH, HELLO.replace("\"max_tokens\":256,", ""));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json()).containsOnlyKeys("type", "error").containsEntry("type", "error");
    assertThat((Map<String, Object>) unknown.json().get("error"))
        .containsOnlyKeys("type", "message")
        .containsEntry("type", "not_found_error");
    assertThat(noMaxTokens.status()).isEqualTo(400);
    assertThat((Map<String, Object>) noMaxTokens.json().get("error"))
        .containsEntry("type", "invalid_request_error")
        .containsEntry("message", "max_tokens: Field required");
    assertThat(fake.takeRequest().json()).containsEntry("model", "no/model");
  }

  @Test
  void tokenIsAcceptedAsXApiKeyOrBearerAndRefusedInAnthropicsShape() {
    try (FakeLmStudio secured = FakeLmStudio.builder().apiToken("secret").start()) {
      Answer byKey = RawHttp.post(secured, PATH, HELLO, "x-api-key", "secret");
      Answer byBearer = RawHttp.post(secured, PATH, HELLO, "Authorization", "Bearer secret");
      Answer wrong = RawHttp.post(secured, PATH, HELLO, "x-api-key", "guess");
      Answer none = RawHttp.post(secured, PATH, HELLO);
      Answer openAi = RawHttp.post(secured, "/v1/chat/completions", "{}", "x-api-key", "guess");

      assertThat(byKey.status()).isEqualTo(200);
      assertThat(byBearer.status()).isEqualTo(200);
      for (Answer refused : List.of(wrong, none)) {
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json()).containsEntry("type", "error");
        assertThat((Map<String, Object>) refused.json().get("error"))
            .containsEntry("type", "authentication_error");
      }
      assertThat(openAi.status()).isEqualTo(401);
      assertThat((Map<String, Object>) openAi.json().get("error"))
          .containsOnlyKeys("message", "type", "param", "code")
          .containsEntry("code", "invalid_api_key");
      assertThat(secured.takeRequest().header("x-api-key")).isEqualTo("secret");
      assertThat(secured.takeRequest().header("Authorization")).isEqualTo("Bearer secret");
    }
  }
}
