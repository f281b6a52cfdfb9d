package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.lmstudiojava.client.internal.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Fixtures, canned responses and request checks shared by the model and client tests. */
final class ClientTestSupport {
  static final String TOKEN = "sk-lm-test-secret-7f3a";

  private static final JsonAdapter<Object> TREE = NativeJson.MOSHI.adapter(Object.class);

  private ClientTestSupport() {}

  /** The text of {@code src/test/resources/fixtures/<path>}. */
  static String fixture(String path) {
    String resource = "/fixtures/" + path;
    try (InputStream in = ClientTestSupport.class.getResourceAsStream(resource)) {
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

  /** A JSON response with a status. */
  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** A 200 JSON response. */
  static MockResponse json(String body) {
    return json(200, body);
  }

  /** A builder pointed at the server, waiting between retries and polls only in {@code sleeper}. */
  static LmStudio.Builder clientFor(MockWebServer server, Sleeper sleeper) {
    return LmStudio.builder().baseUrl(server.url("/").toString()).sleeper(sleeper);
  }

  /** A builder pointed at the server that never sleeps. */
  static LmStudio.Builder clientFor(MockWebServer server) {
    return clientFor(server, new RecordingSleeper());
  }

  /** The root URL of a local port nothing listens on. */
  static String closedPortUrl() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks a GET: method, path, no body, the client's headers and the token when set. */
  static void assertGet(RecordedRequest request, String path, String token) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getBodySize()).isZero();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertCommonHeaders(request, token);
  }

  /** Checks a JSON POST: method, path, exact body bytes, the client's headers and the token. */
  static void assertPost(RecordedRequest request, String path, String body, String token) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getBody()).isNotNull();
    assertThat(request.getBody().utf8()).isEqualTo(body);
    assertCommonHeaders(request, token);
  }

  private static void assertCommonHeaders(RecordedRequest request, String token) {
    assertThat(request.getHeaders().get("User-Agent")).startsWith("lmstudio-java/");
    if (token == null) {
      assertThat(request.getHeaders().get("Authorization")).isNull();
    } else {
      assertThat(request.getHeaders().values("Authorization")).containsExactly("Bearer " + token);
    }
  }

  /** A sleeper that records each wait asked for and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
