package io.github.lmstudiojava.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The MCP Streamable HTTP client the load drivers share: an HTTP/1.1 client, {@code initialize}
 * with its {@code notifications/initialized}, and a JSON-RPC POST in an MCP session.
 */
final class McpHttp {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String initialize;

  /** A client that names itself {@code clientName} in its {@code initialize}. */
  McpHttp(String clientName) {
    this.initialize =
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\""
            + clientName
            + "\",\"version\":\"1\"}}}";
  }

  /** The underlying HTTP client, for requests that are not MCP. */
  HttpClient http() {
    return http;
  }

  /** Opens an MCP session; returns its id. */
  String initialize(URI endpoint) throws IOException, InterruptedException {
    HttpResponse<String> init = post(endpoint, initialize, null);
    if (init.statusCode() != 200) {
      throw new IOException("initialize answered " + init.statusCode() + ": " + init.body());
    }
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        post(endpoint, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
    if (initialized.statusCode() != 202) {
      throw new IOException("notifications/initialized answered " + initialized.statusCode());
    }
    return session;
  }

  /** POSTs a JSON-RPC message, in {@code session} when not null. */
  HttpResponse<String> post(URI endpoint, String body, String session)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
