package io.github.lmstudiojava.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sends requests the typed client would refuse to build, to check the fake's own answers. */
final class RawHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A response: status, content type, body text, body JSON and all headers. */
  record Answer(
      int status, String contentType, String body, Map<String, Object> json, HttpHeaders headers) {
    /** The body's server-sent events. */
    List<Frame> frames() {
      return Frame.parse(body);
    }
  }

  /**
   * One server-sent event: its name (null for a data-only event) and its data lines joined.
   *
   * @param event the {@code event:} value, or null
   * @param data the data
   */
  record Frame(String event, String data) {
    /** The data parsed as a JSON object, or null when it is not one. */
    Map<String, Object> json() {
      return Json.parseObject(data);
    }

    static List<Frame> parse(String body) {
      List<Frame> frames = new ArrayList<>();
      for (String block : body.split("\n\n")) {
        String event = null;
        List<String> data = new ArrayList<>();
        for (String line : block.split("\n")) {
          if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.add(line.substring(6));
          }
        }
        if (event != null || !data.isEmpty()) {
          frames.add(new Frame(event, String.join("\n", data)));
        }
      }
      return frames;
    }
  }

  private RawHttp() {}

  static Answer get(FakeLmStudio fake, String path) {
    return send(HttpRequest.newBuilder(URI.create(fake.url() + path)).GET().build());
  }

  static Answer post(FakeLmStudio fake, String path, String json, String... headers) {
    return send(request(fake, path, json, headers));
  }

  /** Posts and returns the body as a stream, to read an answer that never ends. */
  static InputStream postForStream(FakeLmStudio fake, String path, String json) {
    try {
      return HTTP.send(request(fake, path, json), HttpResponse.BodyHandlers.ofInputStream()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest request(
      FakeLmStudio fake, String path, String json, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(fake.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder.build();
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.body(),
          Json.parseObject(response.body()),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
