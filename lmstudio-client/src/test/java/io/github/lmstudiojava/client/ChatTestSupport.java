package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Fixtures, canned responses and JSON helpers shared by the chat and stream tests. */
final class ChatTestSupport {
  static final String TOKEN = "test-token-123";

  /** Plain Moshi: numbers become Double on both sides, so JSON texts compare semantically. */
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  static final ProviderInfo HUGGINGFACE = new ProviderInfo("ephemeral_mcp", null, "huggingface");

  /** The event names of the streaming-events docs, in the order they list them. */
  static final List<String> DOCS_EVENT_TYPES =
      List.of(
          "chat.start",
          "model_load.start",
          "model_load.progress",
          "model_load.end",
          "prompt_processing.start",
          "prompt_processing.progress",
          "prompt_processing.end",
          "reasoning.start",
          "reasoning.delta",
          "reasoning.end",
          "tool_call.start",
          "tool_call.arguments",
          "tool_call.success",
          "tool_call.failure",
          "message.start",
          "message.delta",
          "message.end",
          "error",
          "chat.end");

  /** The result in the docs' chat.end example. */
  static ChatResult docsChatEndResult() {
    return new ChatResult(
        "openai/gpt-oss-20b",
        List.of(
            new OutputItem.Reasoning("Need to call function."),
            new OutputItem.ToolCall(
                "model_search",
                Map.of("sort", "trendingScore", "limit", 1L),
                "[{\"type\":\"text\",\"text\":\"Showing first 1 models...\"}]",
                HUGGINGFACE),
            new OutputItem.Message("The current top\u2011trending model is...")),
        new ChatStats(329, 268, 5, 43.73, 0.781, null),
        "resp_02b2017dbc06c12bfc353a2ed6c2b802f8cc682884bb5716");
  }

  /** The error in the docs' error example. */
  static StreamError docsError() {
    return new StreamError(
        "invalid_request", "\"model\" is required", "missing_required_parameter", "model");
  }

  /** Every example event of the streaming-events docs as the typed record it must decode to. */
  static List<ChatEvent> docsEvents() {
    Map<String, Object> arguments = Map.of("sort", "trendingScore", "limit", 1L);
    return List.of(
        new ChatEvent.ChatStart("openai/gpt-oss-20b"),
        new ChatEvent.ModelLoadStart("openai/gpt-oss-20b"),
        new ChatEvent.ModelLoadProgress("openai/gpt-oss-20b", 0.65),
        new ChatEvent.ModelLoadEnd("openai/gpt-oss-20b", 12.34),
        new ChatEvent.PromptProcessingStart(),
        new ChatEvent.PromptProcessingProgress(0.5),
        new ChatEvent.PromptProcessingEnd(),
        new ChatEvent.ReasoningStart(),
        new ChatEvent.ReasoningDelta("Need to"),
        new ChatEvent.ReasoningEnd(),
        new ChatEvent.ToolCallStart("model_search", HUGGINGFACE),
        new ChatEvent.ToolCallArguments("model_search", arguments, HUGGINGFACE),
        new ChatEvent.ToolCallSuccess(
            "model_search",
            arguments,
            "[{\"type\":\"text\",\"text\":\"Showing first 1 models...\"}]",
            HUGGINGFACE),
        new ChatEvent.ToolCallFailure(
            "Cannot find tool with name open_browser.",
            new InvalidToolCallMetadata("invalid_name", "open_browser", Map.of(), null)),
        new ChatEvent.MessageStart(),
        new ChatEvent.MessageDelta("The current"),
        new ChatEvent.MessageEnd(),
        new ChatEvent.Error(docsError()),
        new ChatEvent.ChatEnd(docsChatEndResult()));
  }

  /** The docs' events without the error event: what stream-success-docs.sse holds. */
  static List<ChatEvent> docsSuccessEvents() {
    List<ChatEvent> events = new java.util.ArrayList<>(docsEvents());
    events.removeIf(e -> e instanceof ChatEvent.Error);
    return List.copyOf(events);
  }

  private ChatTestSupport() {}

  /** Reads a fixture under {@code src/test/resources/fixtures/}. */
  static String fixture(String path) {
    return ClientTestSupport.fixture(path);
  }

  static InputStream fixtureStream(String path) {
    InputStream in = ChatTestSupport.class.getResourceAsStream("/fixtures/" + path);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + path);
    }
    return in;
  }

  /** Parses JSON text into maps, lists, strings, doubles and booleans. */
  static Object parseJson(String json) {
    try {
      return JSON.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 response carrying an event stream. */
  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /** A 200 response carrying JSON. */
  static MockResponse json(String body) {
    return ClientTestSupport.json(body);
  }

  static MockResponse json(int code, String body) {
    return ClientTestSupport.json(code, body);
  }

  /** One SSE event as LM Studio writes it. */
  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static String delta(String content) {
    return event("message.delta", "{\"type\":\"message.delta\",\"content\":\"" + content + "\"}");
  }

  static String chatStart() {
    return event("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"m\"}");
  }

  static String chatEnd(String text) {
    return event(
        "chat.end",
        "{\"type\":\"chat.end\",\"result\":{\"model_instance_id\":\"m\",\"output\":"
            + "[{\"type\":\"message\",\"content\":\""
            + text
            + "\"}],\"stats\":{\"input_tokens\":3,\"total_output_tokens\":2},"
            + "\"response_id\":\"resp_1\"}}");
  }

  /**
   * An event stream that sends {@code prefix} at once and then goes silent for a minute before the
   * rest, as a stalled generation would. The silence ends early when the server is closed.
   */
  static MockResponse stalledAfter(String prefix) {
    // MockWebServer throttles reading the request body too: a leading comment makes the first
    // period long enough that the request is read at once. Comments are not events.
    String padded = ":" + " ".repeat(1024) + "\n" + prefix;
    long prefixBytes = padded.getBytes(StandardCharsets.UTF_8).length;
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(padded + delta("never sent") + chatEnd("never sent"))
        .throttleBody(prefixBytes, 1, TimeUnit.MINUTES)
        .build();
  }

  /** An error event, as LM Studio writes it. */
  static String errorEvent(String type, String message) {
    return event(
        "error",
        "{\"type\":\"error\",\"error\":{\"type\":\""
            + type
            + "\",\"message\":\""
            + message
            + "\"}}");
  }

  /** A client for the server with a token, the default timeouts otherwise. */
  static LmStudio client(MockWebServer server) {
    return LmStudio.builder().baseUrl(server.url("/").toString()).apiToken(TOKEN).build();
  }

  static LmStudio client(MockWebServer server, Timeouts timeouts) {
    return LmStudio.builder()
        .baseUrl(server.url("/").toString())
        .apiToken(TOKEN)
        .timeouts(timeouts)
        .build();
  }

  /** Takes the next request and checks it is a native chat POST with the test token. */
  static RecordedRequest takeChatRequest(MockWebServer server, boolean stream)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the server");
    }
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept"))
        .isEqualTo(stream ? "text/event-stream" : "application/json");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) parseJson(request.getBody().utf8());
    if (stream) {
      assertThat(body).containsEntry("stream", true);
    } else {
      assertThat(body).doesNotContainKey("stream");
    }
    return request;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> bodyOf(RecordedRequest request) {
    return (Map<String, Object>) parseJson(request.getBody().utf8());
  }
}
