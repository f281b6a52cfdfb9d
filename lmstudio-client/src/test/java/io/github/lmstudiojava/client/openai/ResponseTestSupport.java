package io.github.lmstudiojava.client.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
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

/** Fixtures, canned responses and request checks shared by the Responses API tests. */
final class ResponseTestSupport {
  static final String TOKEN = "sk-lm-responses-test";

  private static final JsonAdapter<Object> TREE =
      new Moshi.Builder().add(JsonValueAdapter.FACTORY).build().adapter(Object.class);

  private ResponseTestSupport() {}

  /** The text of {@code src/test/resources/fixtures/openai/responses/<name>}. */
  static String fixture(String name) {
    String resource = "/fixtures/openai/responses/" + name;
    try (InputStream in = ResponseTestSupport.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON text as maps, lists, strings, longs and doubles, to compare bodies by meaning. */
  static Object tree(String json) {
    try {
      return TREE.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LmStudio client(MockWebServer server) {
    return client(server, Timeouts.defaults());
  }

  static LmStudio client(MockWebServer server, Timeouts timeouts) {
    return LmStudio.builder()
        .baseUrl(server.url("/").toString())
        .apiToken(TOKEN)
        .timeouts(timeouts)
        .build();
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

  /** An event stream that sends {@code prefix} and then nothing for a minute. */
  static MockResponse stalledAfter(String prefix) {
    // MockWebServer throttles reading the request body too: a leading comment makes the first
    // period long enough that the request is read at once. Comments are not events.
    String padded = ":" + " ".repeat(1024) + "\n" + prefix;
    long prefixBytes = padded.getBytes(StandardCharsets.UTF_8).length;
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(padded + textDelta(99, "never sent"))
        .throttleBody(prefixBytes, 1, TimeUnit.MINUTES)
        .build();
  }

  /** One SSE event with its name line. */
  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static String created() {
    return event(
        "response.created",
        "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
            + "\"object\":\"response\",\"created_at\":1760000000,\"status\":\"in_progress\","
            + "\"model\":\"m\",\"output\":[]}}");
  }

  static String textDelta(int seq, String delta) {
    return event(
        "response.output_text.delta",
        "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
            + seq
            + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\""
            + delta
            + "\"}");
  }

  /** Bytes handed out one at a time, so every event is split at every possible place. */
  static InputStream trickle(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  /** Takes the next request and checks it is a Responses call with the client's headers. */
  static RecordedRequest takeResponsesRequest(MockWebServer server, boolean stream)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the server");
    }
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("User-Agent")).startsWith("lmstudio-java/");
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept"))
        .isEqualTo(stream ? "text/event-stream" : "application/json");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) tree(request.getBody().utf8());
    if (stream) {
      assertThat(body).containsEntry("stream", true);
    } else {
      assertThat(body).doesNotContainKey("stream");
    }
    return request;
  }
}
