package io.github.lmstudiojava.client.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.LmStudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Fixtures, canned responses and request checks for the {@code /api/v0} tests. */
final class LegacyTestSupport {
  static final String TOKEN = "sk-lm-legacy-secret-91c2";

  /** Plain Moshi: numbers become Double on both sides, so JSON texts compare by meaning. */
  private static final JsonAdapter<Object> TREE = new Moshi.Builder().build().adapter(Object.class);

  private LegacyTestSupport() {}

  static String fixture(String path) {
    String resource = "/fixtures/" + path;
    try (InputStream in = LegacyTestSupport.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object tree(String json) {
    try {
      return TREE.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  static LmStudio client(MockWebServer server, String token) {
    return LmStudio.builder().baseUrl(server.url("/").toString()).apiToken(token).build();
  }

  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the server");
    }
    return request;
  }

  /** Checks a GET: method, encoded path, no body, the headers and the token when set. */
  static void assertGet(RecordedRequest request, String encodedPath, String token) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(encodedPath);
    assertThat(request.getBodySize()).isZero();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertAuth(request, token);
  }

  /** Checks a JSON POST: method, path, body by meaning, the headers and the token when set. */
  static void assertPost(RecordedRequest request, String path, String json, String token) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(tree(request.getBody().utf8())).isEqualTo(tree(json));
    assertAuth(request, token);
  }

  private static void assertAuth(RecordedRequest request, String token) {
    assertThat(request.getHeaders().get("User-Agent")).startsWith("lmstudio-java/");
    if (token == null) {
      assertThat(request.getHeaders().get("Authorization")).isNull();
    } else {
      assertThat(request.getHeaders().values("Authorization")).containsExactly("Bearer " + token);
    }
  }
}
