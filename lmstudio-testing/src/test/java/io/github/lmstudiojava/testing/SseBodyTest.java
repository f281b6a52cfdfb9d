package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatStream;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseBodyTest {
  @Test
  void writesEventsDataCommentsAndRawTextInOrder() {
    String sse =
        new SseBody()
            .event("ping", "{\"a\":1}")
            .data("line one\nline two")
            .comment("keep-alive")
            .raw("event: x\ndata: {}\n\n")
            .build();

    assertThat(sse)
        .isEqualTo(
            "event: ping\ndata: {\"a\":1}\n\n"
                + "data: line one\ndata: line two\n\n"
                + ": keep-alive\n"
                + "event: x\ndata: {}\n\n");
  }

  @Test
  void crlfAppliesToEveryFrameButRawText() {
    SseBody body = new SseBody().messageStart().raw("raw\n").crlf(true);

    assertThat(body.build())
        .isEqualTo("event: message.start\r\ndata: {\"type\":\"message.start\"}\r\n\r\nraw\n");
    assertThat(body.size()).isEqualTo(2);
  }

  @Test
  void nativeEventsMatchTheDocumentedData() {
    String sse =
        new SseBody()
            .modelLoadProgress("m", 0.65)
            .toolCallStart("model_search", "{\"type\":\"ephemeral_mcp\",\"server_label\":\"hf\"}")
            .error("invalid_request", "\"model\" is required")
            .build();

    assertThat(sse)
        .contains(
            "data: {\"type\":\"model_load.progress\",\"model_instance_id\":\"m\",\"progress\":0.65}")
        .contains(
            "data: {\"type\":\"tool_call.start\",\"tool\":\"model_search\","
                + "\"provider_info\":{\"type\":\"ephemeral_mcp\",\"server_label\":\"hf\"}}")
        .contains(
            "data: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request\","
                + "\"message\":\"\\\"model\\\" is required\"}}");
  }

  @Test
  void everyNativeHelperReplaysAsItsTypedEvent() {
    String provider = "{\"type\":\"plugin\",\"plugin_id\":\"mcp/playwright\"}";
    String result =
        "{\"model_instance_id\":\"m\",\"output\":[{\"type\":\"message\",\"content\":\"Hi\"}]}";
    SseBody body =
        new SseBody()
            .chatStart("m")
            .modelLoadStart("m")
            .modelLoadProgress("m", 0.5)
            .modelLoadEnd("m", 1.5)
            .promptProcessingStart()
            .promptProcessingProgress(1.0)
            .promptProcessingEnd()
            .reasoningStart()
            .reasoningDelta("hmm")
            .reasoningEnd()
            .toolCallStart("browser_navigate", provider)
            .toolCallArguments("browser_navigate", "{\"url\":\"x\"}", provider)
            .toolCallSuccess("browser_navigate", "{\"url\":\"x\"}", "ok", provider)
            .toolCallFailure("no such tool", "{\"type\":\"invalid_name\",\"tool_name\":\"t\"}")
            .messageStart()
            .messageDelta("Hi")
            .messageEnd()
            .chatEnd(result)
            .crlf(true);
    List<ChatEvent> events = new ArrayList<>();

    try (ChatStream stream = ChatStream.replay(new ByteArrayInputStream(body.bytes()))) {
      stream.forEach(events::add);
      assertThat(stream.result().text()).isEqualTo("Hi");
    }

    assertThat(events).noneMatch(e -> e instanceof ChatEvent.Unknown).hasSize(18);
    assertThat(events.get(3)).isEqualTo(new ChatEvent.ModelLoadEnd("m", 1.5));
    assertThat(((ChatEvent.ToolCallSuccess) events.get(12)).providerInfo().pluginId())
        .isEqualTo("mcp/playwright");
    assertThat(((ChatEvent.ToolCallFailure) events.get(13)).metadata().toolName()).isEqualTo("t");
  }

  @Test
  void openAiAndAnthropicHelpersWriteTheirWireShapes() {
    String sse =
        new SseBody()
            .data("{\"choices\":[]}")
            .openAiError("server_error", "boom")
            .done()
            .anthropicEvent("content_block_stop", "\"index\":0")
            .anthropicError("overloaded_error", "Overloaded")
            .build();

    assertThat(sse)
        .isEqualTo(
            "data: {\"choices\":[]}\n\n"
                + "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":null}}\n\n"
                + "data: [DONE]\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n");
  }
}
