package io.github.lmstudiojava.client.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Fixtures, canned responses, SSE builders and request checks for the Anthropic tests. */
final class AnthropicTestSupport {
  static final String TOKEN = "sk-lm-anthropic-secret-5d0e";

  /** Plain Moshi: numbers become Double on both sides, so JSON texts compare by meaning. */
  private static final JsonAdapter<Object> TREE = new Moshi.Builder().build().adapter(Object.class);

  private AnthropicTestSupport() {}

  static String fixture(String path) {
    try (InputStream in = fixtureStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream fixtureStream(String path) {
    InputStream in = AnthropicTestSupport.class.getResourceAsStream("/fixtures/" + path);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + path);
    }
    return in;
  }

  static Object tree(String json) {
    try {
      return TREE.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> bodyOf(RecordedRequest request) {
    return (Map<String, Object>) tree(request.getBody().utf8());
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /**
   * An event stream that sends {@code prefix} at once and then goes silent for a minute, as a
   * stalled generation would. The silence ends early when the server is closed.
   */
  static MockResponse stalledAfter(String prefix) {
    // A leading comment makes the first throttled period long enough for the whole request.
    String padded = ":" + " ".repeat(1024) + "\n" + prefix;
    long prefixBytes = padded.getBytes(StandardCharsets.UTF_8).length;
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(padded + textDelta(0, "never sent") + MESSAGE_STOP)
        .throttleBody(prefixBytes, 1, TimeUnit.MINUTES)
        .build();
  }

  /** One SSE event as Anthropic's docs show it: the event name repeated as the data's type. */
  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static final String MESSAGE_START =
      event(
          "message_start",
          "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
              + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
              + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");

  static final String MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");

  static String textStart(int index) {
    return event(
        "content_block_start",
        "{\"type\":\"content_block_start\",\"index\":"
            + index
            + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
  }

  static String textDelta(int index, String text) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":"
            + index
            + ",\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}");
  }

  static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  static String messageDelta(String stopReason, int outputTokens) {
    return event(
        "message_delta",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
            + stopReason
            + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
            + outputTokens
            + "}}");
  }

  /** A whole text answer: "Hello" in two deltas. */
  static String helloStream() {
    return MESSAGE_START
        + textStart(0)
        + textDelta(0, "Hel")
        + textDelta(0, "lo")
        + blockStop(0)
        + messageDelta("end_turn", 2)
        + MESSAGE_STOP;
  }

  static InputStream bytes(String sse) {
    return new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8));
  }

  static LmStudio client(MockWebServer server, String token) {
    return LmStudio.builder().baseUrl(server.url("/").toString()).apiToken(token).build();
  }

  static LmStudio client(MockWebServer server, Timeouts timeouts) {
    return LmStudio.builder()
        .baseUrl(server.url("/").toString())
        .apiToken(TOKEN)
        .timeouts(timeouts)
        .build();
  }

  /** Takes the next request and checks it is a {@code /v1/messages} POST with every header. */
  static RecordedRequest takeMessagesRequest(MockWebServer server, String token, boolean stream)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the server");
    }
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept"))
        .isEqualTo(stream ? "text/event-stream" : "application/json");
    assertThat(request.getHeaders().values("anthropic-version")).containsExactly("2023-06-01");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("lmstudio-java/");
    if (token == null) {
      assertThat(request.getHeaders().get("Authorization")).isNull();
      assertThat(request.getHeaders().get("x-api-key")).isNull();
    } else {
      assertThat(request.getHeaders().values("Authorization")).containsExactly("Bearer " + token);
      assertThat(request.getHeaders().values("x-api-key")).containsExactly(token);
    }
    Map<String, Object> body = bodyOf(request);
    if (stream) {
      assertThat(body).containsEntry("stream", true);
    } else {
      assertThat(body).doesNotContainKey("stream");
    }
    return request;
  }
}
