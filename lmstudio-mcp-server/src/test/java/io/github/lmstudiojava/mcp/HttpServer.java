package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jar serving Streamable HTTP on a free loopback port, with every stderr line kept; closing it
 * stops the process.
 */
final class HttpServer implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/mcp");

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  final List<String> stderr = new CopyOnWriteArrayList<>();

  private HttpServer(Map<String, String> env, List<String> args) throws IOException {
    List<String> all =
        new ArrayList<>(List.of("--transport", "http", "--host", "127.0.0.1", "--port", "0"));
    all.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(ServerJar.command(all));
    pb.environment().putAll(env);
    process = pb.start();
    pump(process.getInputStream(), null);
    pump(process.getErrorStream(), stderr);
  }

  /** Starts the jar and waits until it listens. */
  static HttpServer start(Map<String, String> env, List<String> args) throws Exception {
    HttpServer server = new HttpServer(env, args);
    try {
      server.port.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException("the server did not listen; stderr: " + server.stderr, e);
    }
    return server;
  }

  private void pump(InputStream in, List<String> keep) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (keep != null) {
                    keep.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                      port.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              port.completeExceptionally(new IllegalStateException("the server exited"));
            });
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return port.join();
  }

  /** The server's base URL, without the {@code /mcp} endpoint. */
  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The MCP endpoint's URL. */
  /** POSTs one JSON-RPC message the way an MCP client does, with these extra headers. */
  java.net.http.HttpResponse<String> post(
      java.net.http.HttpClient http, String body, String... headers) throws Exception {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  String endpoint() {
    return baseUrl() + HttpTransport.ENDPOINT;
  }

  /** An initialized MCP client of this server, sending this bearer token when it is not null. */
  McpSyncClient client(
      String token,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs) {
    return client(token, null, progress, logs);
  }

  /**
   * An initialized MCP client of this server, sending this bearer token when it is not null and
   * declaring these roots when they are not null.
   */
  McpSyncClient client(
      String token,
      List<McpSchema.Root> roots,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs) {
    return client(token, roots, progress, logs, spec -> {});
  }

  /** As above, with more of the client set by {@code more} (its consumers of notifications). */
  McpSyncClient client(
      String token,
      List<McpSchema.Root> roots,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs,
      Consumer<McpClient.SyncSpec> more) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(baseUrl())
            .endpoint(HttpTransport.ENDPOINT)
            .connectTimeout(Duration.ofSeconds(10));
    if (token != null) {
      transport.httpRequestCustomizer(
          (request, method, uri, body, context) ->
              request.header("Authorization", "Bearer " + token));
    }
    McpClient.SyncSpec spec =
        McpClient.sync(transport.build())
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(30))
            .progressConsumer(progress)
            .loggingConsumer(logs);
    if (roots != null) {
      spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build()).roots(roots);
    }
    more.accept(spec);
    McpSyncClient client = spec.build();
    client.initialize();
    return client;
  }

  /** An initialized MCP client without a token that ignores progress and log notifications. */
  McpSyncClient client() {
    return client(null, p -> {}, l -> {});
  }

  /** Kills the process at once, as a crash or a power cut would: nothing is closed cleanly. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the server is killed").isTrue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the server stops").isTrue();
    }
  }
}
