package io.github.lmstudiojava.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MCP client over Streamable HTTP, written with the JDK's HTTP client so that a test sees every
 * status: it initializes, and initializes again when its session is answered with 404, as the MCP
 * specification asks of a client whose session is gone.
 */
final class McpHttpClient {
  /** What became of one tool call. */
  enum Outcome {
    /** The server answered with a result. */
    ANSWERED,
    /** The session was unknown (404): the call did not run. */
    SESSION_GONE,
    /** The connection failed or the answer was cut off: the call may or may not have run. */
    UNKNOWN
  }

  /**
   * An answered or failed call.
   *
   * @param outcome what became of it
   * @param result the call's result when answered, else null
   * @param status the HTTP status, or 0 when none arrived
   */
  record Call(Outcome outcome, Map<String, Object> result, int status) {}

  private final HttpClient http;
  private final URI endpoint;
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String session;
  private final AtomicInteger initializations = new AtomicInteger();

  McpHttpClient(HttpClient http, String endpoint) {
    this.http = http;
    this.endpoint = URI.create(endpoint);
  }

  /** The current MCP session id, or null before the first initialize. */
  String session() {
    return session;
  }

  int initializations() {
    return initializations.get();
  }

  /** Initializes a new MCP session and sends {@code notifications/initialized}. */
  void initialize() throws IOException, InterruptedException {
    HttpResponse<String> init = post(HttpIT.INITIALIZE, null);
    if (init.statusCode() != 200) {
      throw new IOException("initialize answered " + init.statusCode() + ": " + init.body());
    }
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    if (!init.request().headers().firstValue("Mcp-Session-Id").isEmpty()) {
      throw new AssertionError("an initialize must not name a session");
    }
    HttpResponse<String> initialized =
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", id);
    if (initialized.statusCode() != 202) {
      throw new IOException("notifications/initialized answered " + initialized.statusCode());
    }
    session = id;
    initializations.incrementAndGet();
  }

  /** Calls a tool once in the current session. */
  @SuppressWarnings("unchecked")
  Call callTool(String tool, Map<String, Object> arguments) throws InterruptedException {
    int id = ids.incrementAndGet();
    String body =
        Json.write(
            Json.obj()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", "tools/call")
                .put("params", Map.of("name", tool, "arguments", arguments))
                .map());
    String sentWith = session;
    HttpResponse<String> response;
    try {
      response = post(body, sentWith);
    } catch (IOException e) {
      return new Call(Outcome.UNKNOWN, null, 0);
    }
    if (!response
        .request()
        .headers()
        .firstValue("Mcp-Session-Id")
        .equals(java.util.Optional.ofNullable(sentWith))) {
      throw new AssertionError("the call was not sent with its session id");
    }
    if (response.statusCode() == 404) {
      return new Call(Outcome.SESSION_GONE, null, 404);
    }
    if (response.statusCode() != 200) {
      return new Call(Outcome.UNKNOWN, null, response.statusCode());
    }
    List<Map<String, Object>> messages;
    try {
      messages = HttpIT.messages(response);
    } catch (RuntimeException e) {
      return new Call(Outcome.UNKNOWN, null, 200);
    }
    for (Map<String, Object> m : messages) {
      if (m.get("id") instanceof Number n && n.intValue() == id && m.get("result") != null) {
        return new Call(Outcome.ANSWERED, (Map<String, Object>) m.get("result"), 200);
      }
    }
    return new Call(Outcome.UNKNOWN, null, 200);
  }

  private HttpResponse<String> post(String body, String sessionId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
