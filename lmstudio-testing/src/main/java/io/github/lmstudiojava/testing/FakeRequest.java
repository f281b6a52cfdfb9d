package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request a {@link FakeLmStudio} received, so a test can check what the client sent.
 *
 * <pre>{@code
 * FakeRequest sent = fake.takeRequest();
 * assertThat(sent.method()).isEqualTo("POST");
 * assertThat(sent.path()).isEqualTo("/api/v1/chat");
 * assertThat(sent.header("Authorization")).isEqualTo("Bearer t");
 * assertThat(sent.json()).containsEntry("model", "qwen/qwen3-4b");
 * }</pre>
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the encoded path without the query, such as {@code /api/v1/chat}
 * @param query the encoded query, or null when there was none
 * @param headers the headers, looked up case-insensitively; each name maps to its values in order
 * @param body the body as UTF-8 text; empty when there was none
 * @param json the body parsed as a JSON object (nested maps and lists, numbers as {@code Double}),
 *     or null when the body is not a JSON object
 */
public record FakeRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    Map<String, Object> json) {

  /** Copies the headers into an unmodifiable case-insensitive map and freezes the JSON. */
  @SuppressWarnings("unchecked")
  public FakeRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(body, "body == null");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach(
          (name, values) ->
              copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.copyOf(values)));
    }
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(copy);
    json = json == null ? null : (Map<String, Object>) Json.freeze(json);
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, or null when the header was not sent
   */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * {@code METHOD /path}, as LM Studio names endpoints.
   *
   * @return such as {@code POST /api/v1/chat}
   */
  public String line() {
    return method + " " + path;
  }

  /** Shows the method, path and body, never the headers (they may hold a token). */
  @Override
  public String toString() {
    return "FakeRequest[" + line() + ", body=" + body + "]";
  }
}
