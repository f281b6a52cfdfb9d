package io.github.lmstudiojava.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Sends requests the typed client would refuse to build, to check the fake's own answers. */
final class RawHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A response: status, body text and body JSON. */
  record Answer(int status, String body, Map<String, Object> json) {}

  private RawHttp() {}

  static Answer get(FakeLmStudio fake, String path) {
    return send(HttpRequest.newBuilder(URI.create(fake.url() + path)).GET().build());
  }

  static Answer post(FakeLmStudio fake, String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(fake.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), Json.parseObject(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
