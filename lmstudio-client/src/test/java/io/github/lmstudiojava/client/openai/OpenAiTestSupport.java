package io.github.lmstudiojava.client.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.lmstudiojava.client.LmStudio;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
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

/**
 * Fixtures, canned responses, chunk builders and request checks for the OpenAI-compatible tests.
 */
final class OpenAiTestSupport {
  static final String TOKEN = "sk-lm-openai-test-4c1d";

  /** Keeps whole numbers as Long, so 50 and 50.0 differ and the sent JSON compares exactly. */
  private static final JsonAdapter<Object> TREE = ChatCompletionJson.MOSHI.adapter(Object.class);

  private OpenAiTestSupport() {}

  /** The text of {@code src/test/resources/fixtures/openai/<name>}. */
  static String fixture(String name) {
    try (InputStream in = fixtureStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream fixtureStream(String name) {
    InputStream in = OpenAiTestSupport.class.getResourceAsStream("/fixtures/openai/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    return in;
  }

  /** JSON text as maps, lists, strings, booleans, longs and doubles. */
  static Object tree(String json) {
    try {
      return TREE.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON text as a map, to edit before comparing. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    return (Map<String, Object>) tree(json);
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

  static LmStudio client(MockWebServer server) {
    return LmStudio.builder().baseUrl(server.url("/").toString()).apiToken(TOKEN).build();
  }

  /** Takes the next request, checks it is a JSON POST to {@code path}, and returns its body. */
  static Object takePost(MockWebServer server, String path, boolean stream)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept"))
        .isEqualTo(stream ? "text/event-stream" : "application/json");
    assertThat(request.getHeaders().values("Authorization")).containsExactly("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("User-Agent")).startsWith("lmstudio-java/");
    return tree(request.getBody().utf8());
  }

  /** One unnamed SSE event, as OpenAI-style streams write them. */
  static String data(String json) {
    return "data: " + json + "\n\n";
  }

  static String done() {
    return "data: [DONE]\n\n";
  }

  /** A chat completion chunk with one choice at index 0. */
  static String chunk(String delta, String finishReason) {
    return chunk(0, delta, finishReason);
  }

  /** A chat completion chunk with one choice. */
  static String chunk(int index, String delta, String finishReason) {
    return data(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"qwen/qwen3-4b\",\"system_fingerprint\":\"qwen/qwen3-4b\","
            + "\"choices\":[{\"index\":"
            + index
            + ",\"delta\":"
            + delta
            + ",\"logprobs\":null,\"finish_reason\":"
            + (finishReason == null ? "null" : "\"" + finishReason + "\"")
            + "}]}");
  }

  /** A delta carrying some text, escaped for JSON. */
  static String content(String text) {
    return "{\"content\":" + quote(text) + "}";
  }

  /** A piece of a tool call. */
  static String toolPiece(int index, String id, String name, String arguments) {
    return "{\"tool_calls\":[{\"index\":"
        + index
        + (id == null ? "" : ",\"id\":\"" + id + "\",\"type\":\"function\"")
        + ",\"function\":{"
        + (name == null ? "" : "\"name\":\"" + name + "\",")
        + "\"arguments\":"
        + quote(arguments)
        + "}}]}";
  }

  static String quote(String text) {
    return TREE.toJson(text);
  }

  /** The chunks of a streamed answer "Hello!" followed by [DONE]. */
  static String helloStream() {
    return chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
        + chunk(content("Hel"), null)
        + chunk(content("lo!"), null)
        + chunk("{}", "stop")
        + done();
  }

  static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** An input stream that hands out one byte per read, splitting every line and character. */
  static InputStream trickle(String text) {
    return new FilterInputStream(bytes(text)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  static List<String> texts(List<ChatCompletionChunk> chunks) {
    return chunks.stream().map(ChatCompletionChunk::text).toList();
  }
}
