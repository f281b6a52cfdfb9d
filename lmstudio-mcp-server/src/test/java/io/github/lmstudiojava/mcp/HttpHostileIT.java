package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP clients against the jar on loopback: slow, half-sent, numerous, oversized, or gone
 * in the middle of a call. Each must cost the server little and briefly, and every other client
 * must still be served.
 */
class HttpHostileIT {
  private static final String TOOLS_LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final String PROTOCOL = "2025-06-18";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeAfterTest(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private HttpServer start(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--sessions", "memory:"));
    all.addAll(List.of(args));
    return closeAfterTest(HttpServer.start(env, all));
  }

  private HttpServer start(String... args) throws Exception {
    return start(Map.of(), args);
  }

  private HttpResponse<String> post(HttpServer server, String body, String... headers)
      throws Exception {
    return server.post(http, body, headers);
  }

  private HttpResponse<String> send(HttpServer server, String method, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.endpoint()))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Initializes a raw MCP session and returns its id. */
  private String initialize(HttpServer server) throws Exception {
    HttpResponse<String> init = post(server, HttpIT.INITIALIZE);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "Mcp-Session-Id",
            session);
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  private HttpResponse<String> toolsList(HttpServer server, String session) throws Exception {
    return post(server, TOOLS_LIST, "Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL);
  }

  /** The JSON-RPC error of an answer, after checking that it is one short sentence. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonRpcError(String body) {
    Map<String, Object> answer = Json.object(body);
    assertThat(answer).containsEntry("jsonrpc", "2.0").containsKey("id");
    Map<String, Object> error = (Map<String, Object>) answer.get("error");
    assertThat(error).as(body).isNotNull();
    String message = (String) error.get("message");
    assertThat(message).isNotBlank().doesNotContain("\n").hasSizeLessThan(400);
    assertThat(body).doesNotContain("stackTrace").doesNotContain("Exception");
    return error;
  }

  private static void assertJsonRpcError(
      String body, Object id, int code, String... messageContains) {
    Map<String, Object> error = jsonRpcError(body);
    assertThat(Json.object(body).get("id")).isEqualTo(id);
    assertThat(((Number) error.get("code")).intValue()).as(body).isEqualTo(code);
    for (String part : messageContains) {
      assertThat((String) error.get("message")).contains(part);
    }
  }

  private static String ask(int id, String prompt) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{\"model\":\""
        + FakeModel.LOADED_LLM
        + "\",\"prompt\":\""
        + prompt
        + "\"}}}";
  }

  /** {@code count} distinct words, {@code w0 w1 ...}: a prompt the fake answers word by word. */
  static String words(int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : " ").append("w").append(i);
    }
    return b.toString();
  }

  // ---- slow and numerous connections ----

  @Test
  void aRequestWhoseHeadersDribbleInIsDroppedWithinTheReadTimeout() throws Exception {
    HttpServer server = start("--read-timeout", "2s");

    try (RawHttp raw = new RawHttp(server.port())) {
      raw.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      int sent = 0;
      boolean closed = false;
      // 120 bytes, one each 250 ms: 30 s if nothing stops them.
      while (!closed && sent < 120) {
        try {
          raw.write("a");
          sent++;
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = raw.closedByServer(Duration.ofMillis(250));
      }

      assertThat(closed).as("the server closed the connection").isTrue();
      assertThat(sent).as("header bytes sent before it did").isLessThan(120);
    }
  }

  @Test
  void aRequestWhoseBodyDribblesInIsAnswered408AndClosed() throws Exception {
    HttpServer server = start("--read-timeout", "2s");

    try (RawHttp raw = new RawHttp(server.port())) {
      raw.write(
          RawHttp.head(
                  "POST",
                  "Content-Type: application/json",
                  "Accept: application/json, text/event-stream",
                  "Content-Length: 200")
              + "\r\n{\"jsonrpc\":");
      Thread dribbler =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 150; i++) {
                    Thread.sleep(250);
                    raw.write(" ");
                  }
                } catch (IOException | InterruptedException e) {
                  // the server closed the connection
                }
              });
      dribbler.setDaemon(true);
      dribbler.start();
      RawHttp.Response answer = raw.readResponse();

      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.header("Connection")).isEqualTo("close");
      assertJsonRpcError(answer.body(), null, -32000, "--read-timeout");
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
      dribbler.interrupt();
    }
    assertThat(server.stderr).noneMatch(l -> l.contains("Exception"));
  }

  @Test
  void twoHundredFiftySlowClientsDoNotKeepAnotherOut() throws Exception {
    FakeLmStudio fake = closeAfterTest(FakeLmStudio.start());
    HttpServer server = start(Map.of("LM_STUDIO_URL", fake.url()), "--read-timeout", "2s");
    List<RawHttp> slow = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      RawHttp raw = closeAfterTest(new RawHttp(server.port()));
      raw.write(
          RawHttp.head(
                  "POST",
                  "Content-Type: application/json",
                  "Accept: application/json, text/event-stream",
                  "Content-Length: 1000")
              + "\r\n{\"jsonrpc\":");
      slow.add(raw);
    }

    McpSyncClient client = server.client();
    closeAfterTest(client::close);

    assertThat(client.listTools().tools()).hasSize(ServerContract.TOOL_NAMES.size());
    for (RawHttp raw : slow) {
      assertThat(raw.closedByServer(Duration.ofSeconds(20))).isTrue();
    }
  }

  @Test
  void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
    HttpServer server = start("--max-connections", "4", "--read-timeout", "30s");
    List<RawHttp> idle = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      idle.add(closeAfterTest(new RawHttp(server.port())));
    }
    // All four are in before the fifth: a complete request and an answer on the first proves it.
    idle.get(0).write(RawHttp.post(HttpIT.INITIALIZE));
    assertThat(idle.get(0).readResponse().status()).isEqualTo(200);

    RawHttp fifth = closeAfterTest(new RawHttp(server.port()));
    fifth.write(RawHttp.post(HttpIT.INITIALIZE));

    assertThat(fifth.silentFor(Duration.ofSeconds(2))).as("the fifth waits").isTrue();
    idle.get(1).close();
    RawHttp.Response answer = fifth.readResponse();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Mcp-Session-Id")).isNotBlank();
  }

  @Test
  void unauthenticatedRequestsAreClosedAtOnceAndTheirWarningsAreRateLimited() throws Exception {
    HttpServer server = start("--auth-token", "sesame");

    for (int i = 0; i < 40; i++) {
      try (RawHttp raw = new RawHttp(server.port())) {
        // Half a body: the answer must not wait for the rest.
        raw.write(
            RawHttp.head(
                    "POST",
                    "Content-Type: application/json",
                    "Authorization: Bearer " + (i % 2 == 0 ? "wrong" : ""),
                    "Content-Length: 100")
                + "\r\n{\"jsonrpc\":");
        RawHttp.Response answer = raw.readResponse();

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Connection")).isEqualTo("close");
        assertThat(Json.object(answer.body())).containsEntry("error", "unauthorized");
        assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
      }
    }
    awaitLine(server, "HTTP 401");

    assertThat(server.stderr.stream().filter(l -> l.contains("HTTP 401")).count())
        .as("40 refusals, at most one warning each 10 s: %s", server.stderr)
        .isBetween(1L, 4L);
  }

  private static void awaitLine(HttpServer server, String text) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.stderr.stream().noneMatch(l -> l.contains(text)) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(server.stderr).anyMatch(l -> l.contains(text));
  }

  // ---- memory ----

  @Test
  void anMcpSessionIdleLongerThanItsLimitExpiresWhileAUsedOneLives() throws Exception {
    HttpServer server = start("--mcp-session-idle", "2s");
    String idle = initialize(server);
    String used = initialize(server);

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.stderr.stream().noneMatch(l -> l.contains("MCP session " + idle + " expired"))) {
      assertThat(System.nanoTime()).as("expired within 30 s").isLessThan(until);
      assertThat(toolsList(server, used).statusCode()).isEqualTo(200);
      Thread.sleep(250);
    }
    HttpResponse<String> gone = toolsList(server, idle);

    assertThat(gone.statusCode()).isEqualTo(404);
    assertJsonRpcError(gone.body(), 2, -32001, idle, "initialize");
    assertThat(toolsList(server, used).statusCode()).isEqualTo(200);
  }

  @Test
  void aNewSessionBeyondTheCapIsRefusedUntilOneIsDeleted() throws Exception {
    HttpServer server = start("--max-mcp-sessions", "2");
    String first = initialize(server);
    initialize(server);

    HttpResponse<String> third = post(server, HttpIT.INITIALIZE);
    HttpResponse<String> deleted = send(server, "DELETE", "Mcp-Session-Id", first);
    String fourth = initialize(server);

    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertJsonRpcError(third.body(), "init", -32000, "2 MCP sessions", "--max-mcp-sessions");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(fourth).isNotBlank();
    assertThat(toolsList(server, first).statusCode()).isEqualTo(404);
  }

  @Test
  void overlongClientInfoIdsAndTokensAreRefusedWithJsonRpcErrors() throws Exception {
    HttpServer server = start();
    String big = "x".repeat(100_000);

    HttpResponse<String> init =
        post(server, HttpIT.INITIALIZE.replace("\"name\":\"raw\"", "\"name\":\"" + big + "\""));
    String session = initialize(server);
    String[] headers = {"Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL};
    HttpResponse<String> longId =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"id\":\"" + big + "\",\"method\":\"tools/list\"}",
            headers);
    HttpResponse<String> longCancel =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\""
                + big
                + "\"}}",
            headers);
    HttpResponse<String> longToken =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"model_list\",\"arguments\":{},\"_meta\":{\"progressToken\":\""
                + big
                + "\"}}}",
            headers);
    HttpResponse<String> fine = toolsList(server, session);

    assertThat(init.statusCode()).isEqualTo(400);
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertJsonRpcError(init.body(), "init", -32602, "initialize", "65536");
    assertThat(longId.statusCode()).isEqualTo(400);
    assertJsonRpcError(longId.body(), null, -32600, "\"id\"", "256");
    assertThat(longCancel.statusCode()).isEqualTo(400);
    assertJsonRpcError(longCancel.body(), null, -32602, "requestId", "256");
    assertThat(longToken.statusCode()).isEqualTo(400);
    assertJsonRpcError(longToken.body(), 5, -32602, "progressToken", "256");
    assertThat(fine.statusCode()).isEqualTo(200);
  }

  @Test
  void eightConcurrentFifteenMegabyteMessagesDoNotExhaustASmallHeap() throws Exception {
    HttpServer server = start(Map.of("JAVA_TOOL_OPTIONS", "-Xmx160m"));
    String session = initialize(server);
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
            + "x".repeat(15 * 1024 * 1024)
            + "\"}}";

    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.endpoint()))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .header("Mcp-Session-Id", session)
                  .header("MCP-Protocol-Version", PROTOCOL)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    int served = 0;
    for (CompletableFuture<HttpResponse<String>> f : answers) {
      HttpResponse<String> answer = f.get(90, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
      if (answer.statusCode() == 503) {
        assertJsonRpcError(answer.body(), null, -32000, "busy");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
      } else {
        assertThat(answer.body()).contains("\"result\":{}");
        served++;
      }
    }
    McpSyncClient client = server.client();
    closeAfterTest(client::close);

    assertThat(served).isPositive();
    assertThat(client.listTools().tools()).hasSize(ServerContract.TOOL_NAMES.size());
    assertThat(server.stderr).noneMatch(l -> l.contains("OutOfMemoryError"));
  }

  // ---- streams that clients leave ----

  @Test
  void droppedEventStreamsFreeTheirSocketsWithinSeconds() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
    HttpServer server = start();
    List<RawHttp> streams = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      RawHttp raw = closeAfterTest(new RawHttp(server.port()));
      raw.write(
          RawHttp.head(
                  "GET",
                  "Accept: text/event-stream",
                  "Mcp-Session-Id: " + initialize(server),
                  "MCP-Protocol-Version: " + PROTOCOL)
              + "\r\n");
      RawHttp.Response head = raw.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Type")).startsWith("text/event-stream");
      streams.add(raw);
    }

    for (RawHttp raw : streams) {
      raw.close();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (RawHttp.closeWait(server.port()) > 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }

    assertThat(RawHttp.closeWait(server.port())).as("server sockets in CLOSE-WAIT").isZero();
    assertThat(toolsList(server, initialize(server)).statusCode()).isEqualTo(200);
  }

  @Test
  void aSecondEventStreamForASessionEndsTheFirst() throws Exception {
    HttpServer server = start();
    String session = initialize(server);
    String get =
        RawHttp.head(
                "GET",
                "Accept: text/event-stream",
                "Mcp-Session-Id: " + session,
                "MCP-Protocol-Version: " + PROTOCOL)
            + "\r\n";

    RawHttp first = closeAfterTest(new RawHttp(server.port()));
    first.write(get);
    RawHttp.Response firstHead = first.readHead();
    RawHttp second = closeAfterTest(new RawHttp(server.port()));
    second.write(get);
    RawHttp.Response secondHead = second.readHead();

    assertThat(firstHead.status()).isEqualTo(200);
    assertThat(secondHead.status()).isEqualTo(200);
    // The first stream's body ends (its last chunk arrives), while the second goes on.
    assertThat(first.readBody(firstHead)).matches("(:\\n)*");
    assertThat(second.silentFor(Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void aClientThatDisconnectsCancelsItsCallAndItsRequestToLmStudio() throws Exception {
    FakeLmStudio fake =
        closeAfterTest(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(500)).start());
    TcpRelay relay = closeAfterTest(new TcpRelay(fake.url()));
    // No window for resuming the stream (HttpResumeIT covers the window): the call stops at once.
    HttpServer server = start(Map.of("LM_STUDIO_URL", relay.url()), "--stream-resume", "0");
    String session = initialize(server);

    RawHttp raw = closeAfterTest(new RawHttp(server.port()));
    // 60 words at 500 ms each: 30 s of answer if nothing stops it.
    raw.write(
        RawHttp.post(
            ask(42, words(60)), "Mcp-Session-Id: " + session, "MCP-Protocol-Version: " + PROTOCOL));
    TcpRelay.Relayed chat = relay.awaitRequest("POST /api/v1/chat");
    raw.close();

    assertThat(chat.awaitClientClosed(Duration.ofSeconds(20)))
        .as("the server dropped its request to LM Studio; stderr: %s", server.stderr)
        .isTrue();
    assertThat(chat.received()).contains("message.delta").doesNotContain("chat.end");
    awaitLine(server, "request 42");
    assertThat(server.stderr)
        .anyMatch(l -> l.contains("client went away") && l.contains("request 42"));
  }

  // ---- protocol hygiene ----

  @Test
  void transportErrorsAreOneSentenceJsonRpcErrors() throws Exception {
    HttpServer server = start();
    String session = initialize(server);

    HttpResponse<String> noSession = post(server, TOOLS_LIST);
    HttpResponse<String> unknown = toolsList(server, "no-such-session");
    HttpResponse<String> notJson = post(server, "{not json", "Mcp-Session-Id", session);
    HttpResponse<String> batch = post(server, "[" + TOOLS_LIST + "]", "Mcp-Session-Id", session);
    HttpResponse<String> getNoSession = send(server, "GET", "Accept", "text/event-stream");
    HttpResponse<String> deleteUnknown = send(server, "DELETE", "Mcp-Session-Id", "nope");
    HttpResponse<String> otherPath =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/other")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(noSession.statusCode()).isEqualTo(400);
    assertJsonRpcError(noSession.body(), 2, -32000, "Mcp-Session-Id");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertJsonRpcError(unknown.body(), 2, -32001, "no-such-session");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertJsonRpcError(notJson.body(), null, -32700);
    assertThat(batch.statusCode()).isEqualTo(400);
    assertJsonRpcError(batch.body(), null, -32600);
    assertThat(getNoSession.statusCode()).isEqualTo(400);
    assertJsonRpcError(getNoSession.body(), null, -32000, "Mcp-Session-Id");
    assertThat(deleteUnknown.statusCode()).isEqualTo(404);
    assertJsonRpcError(deleteUnknown.body(), null, -32001);
    assertThat(otherPath.statusCode()).isEqualTo(404);
    assertJsonRpcError(otherPath.body(), null, -32000, "/mcp");
    assertThat(server.stderr).noneMatch(l -> l.contains("\tat "));
  }

  @Test
  void postsMustBeJsonTraceIsRefusedAndNoServerVersionIsSent() throws Exception {
    HttpServer server = start();

    HttpResponse<String> text =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint()))
                .header("Content-Type", "text/plain")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(HttpIT.INITIALIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> put = send(server, "PUT");
    RawHttp.Response trace;
    try (RawHttp raw = new RawHttp(server.port())) {
      raw.write(RawHttp.head("TRACE", "Connection: close") + "\r\n");
      trace = raw.readResponse();
    }
    HttpResponse<String> init = post(server, HttpIT.INITIALIZE);

    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertJsonRpcError(text.body(), null, -32000, "application/json");
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, DELETE, OPTIONS");
    assertThat(trace.status()).isEqualTo(405);
    assertThat(trace.body()).doesNotContain("TRACE /mcp");
    assertThat(init.statusCode()).isEqualTo(200);
    for (HttpResponse<String> r : List.of(text, put, init)) {
      assertThat(r.headers().firstValue("Server")).isEmpty();
    }
    assertThat(trace.header("Server")).isNull();
  }
}
