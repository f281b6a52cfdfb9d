package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server over Streamable HTTP: the contract, and what only HTTP has (tokens, Origin, Host). */
class HttpIT extends ServerContract {
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  McpSyncClient connect(Map<String, String> env, List<String> args) throws Exception {
    HttpServer server = start(env, args);
    return server.client(null, null, progress::add, logs::add, this::listen);
  }

  private HttpServer start(Map<String, String> env, List<String> args) throws Exception {
    HttpServer server = HttpServer.start(env, args);
    closeAfterTest(server);
    return server;
  }

  private HttpServer start(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--sessions", "memory:"));
    all.addAll(List.of(args));
    Map<String, String> env = fake == null ? Map.of() : Map.of("LM_STUDIO_URL", fake.url());
    return start(env, all);
  }

  private HttpResponse<String> post(HttpServer server, String body, String... headers)
      throws Exception {
    return server.post(http, body, headers);
  }

  private static void assertRefused(
      HttpResponse<String> response, int status, String error, String description) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(Json.object(response.body()))
        .containsEntry("error", error)
        .containsEntry("error_description", description);
  }

  /** The JSON-RPC messages in an answer that is either plain JSON or a server-sent event stream. */
  static List<Map<String, Object>> messages(HttpResponse<String> response) {
    String body = response.body();
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      return List.of(Json.object(body));
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (String line : body.split("\r?\n")) {
      if (line.startsWith("data:")) {
        messages.add(Json.object(line.substring(5).trim()));
      }
    }
    return messages;
  }

  /** Initializes a raw MCP session and returns its session id. */
  private String initialize(HttpServer server, String... headers) throws Exception {
    HttpResponse<String> init = post(server, INITIALIZE, headers);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(messages(init)).singleElement().satisfies(m -> assertThat(m).containsKey("result"));
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    List<String> all = new ArrayList<>(List.of(headers));
    all.addAll(List.of("Mcp-Session-Id", session));
    HttpResponse<String> initialized =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            all.toArray(String[]::new));
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  @Test
  void aBearerTokenIsRequiredWhenOneIsSet() throws Exception {
    fake = fake(FakeLmStudio.builder());
    HttpServer server = start("--auth-token", "sesame");

    HttpResponse<String> none = post(server, INITIALIZE);
    HttpResponse<String> wrong = post(server, INITIALIZE, "Authorization", "Bearer sesame2");
    HttpResponse<String> notBearer = post(server, INITIALIZE, "Authorization", "Basic sesame");
    McpSyncClient client = server.client("sesame", p -> {}, l -> {});
    closeAfterTest(client::close);

    for (HttpResponse<String> refused : List.of(none, wrong, notBearer)) {
      assertRefused(refused, 401, "unauthorized", "a valid bearer token is required");
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"lmstudio-mcp\"");
      assertThat(refused.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }
    assertThat(none.request().headers().firstValue("Authorization")).isEmpty();
    assertThat(wrong.request().headers().firstValue("Authorization")).hasValue("Bearer sesame2");
    assertThat(client.getServerInfo().name()).isNotBlank();
    assertThat(client.listTools().tools())
        .extracting(t -> t.name())
        .containsExactlyElementsOf(TOOL_NAMES);
    assertThat(structured(call(client, "model_list", Map.of())).get("loaded_count")).isNotNull();
    assertThat(sent(fake, "GET /api/v1/models").get(0).header("Authorization"))
        .as("the MCP token is not passed on to LM Studio")
        .isNull();
    assertThat(server.stderr).anyMatch(l -> l.contains("HTTP 401"));
  }

  @Test
  void withoutAnImageRootNoFileIsReadWhateverRootsTheClientDeclares() throws Exception {
    fake = fake(FakeLmStudio.builder());
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("a.png"), ImageFilesTest.png());
    HttpServer server = start();
    McpSyncClient client =
        server.client(
            null,
            List.of(
                new McpSchema.Root("file:///", "everything"),
                new McpSchema.Root(dir.toUri().toString(), "here")),
            p -> {},
            l -> {});
    closeAfterTest(client::close);
    String dataUrl =
        "data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(ImageFilesTest.png());

    CallToolResult byPath =
        call(
            client,
            "ask",
            Map.of("model", FakeModel.VISION, "prompt", "x", "images", List.of(file.toString())));
    assertThat(fake.requestCount()).isZero();
    CallToolResult byData =
        call(
            client,
            "ask",
            Map.of("model", FakeModel.VISION, "prompt", "x", "images", List.of(dataUrl)));

    assertThat(byPath.isError()).isTrue();
    assertThat(text(byPath)).isEqualTo(ImageFiles.refusal(file.toString(), 20 << 20));
    assertThat(byData.isError()).as(text(byData)).isFalse();
    assertThat(sent(fake, "POST /api/v1/chat").get(0).json().get("input").toString())
        .contains("data_url=" + dataUrl);
  }

  @Test
  void aBrowserOriginIsRefusedUnlessAllowedOrTheServersOwnEvenALoopbackOne() throws Exception {
    HttpServer server = start("--allow-origin", "http://localhost:5173");
    int port = server.port();

    HttpResponse<String> evil = post(server, INITIALIZE, "Origin", "https://evil.example");
    HttpResponse<String> otherPort =
        post(server, INITIALIZE, "Origin", "http://localhost:" + (port == 5174 ? 5175 : 5174));
    HttpResponse<String> loopbackIp = post(server, INITIALIZE, "Origin", "http://127.0.0.1:5173");
    HttpResponse<String> ownWithPath =
        post(server, INITIALIZE, "Origin", "http://localhost:" + port + "/x");
    HttpResponse<String> ownHttps = post(server, INITIALIZE, "Origin", "https://localhost:" + port);
    // The requests go to 127.0.0.1:port: a page of localhost:port could be another server's.
    HttpResponse<String> ownPortOtherName =
        post(server, INITIALIZE, "Origin", "http://localhost:" + port);
    String allowed = initialize(server, "Origin", "http://localhost:5173");
    String own = initialize(server, "Origin", "http://127.0.0.1:" + port);
    String noOrigin = initialize(server);

    assertRefused(evil, 403, "forbidden", "Origin https://evil.example is not allowed");
    assertThat(otherPort.statusCode()).isEqualTo(403);
    assertRefused(loopbackIp, 403, "forbidden", "Origin http://127.0.0.1:5173 is not allowed");
    assertThat(ownWithPath.statusCode()).isEqualTo(403);
    assertThat(ownHttps.statusCode()).isEqualTo(403);
    assertThat(ownPortOtherName.statusCode()).isEqualTo(403);
    assertThat(evil.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(allowed).isNotBlank().isNotEqualTo(noOrigin);
    assertThat(own).isNotBlank().isNotEqualTo(noOrigin).isNotEqualTo(allowed);
  }

  @Test
  void anAllowedOriginGetsInAndOthersStillDoNot() throws Exception {
    HttpServer server = start("--allow-origin", "https://app.example");

    String session = initialize(server, "Origin", "https://app.example");
    HttpResponse<String> tools =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "Origin",
            "https://app.example",
            "Mcp-Session-Id",
            session,
            "MCP-Protocol-Version",
            "2025-06-18");
    HttpResponse<String> evil = post(server, INITIALIZE, "Origin", "https://evil.example");
    HttpResponse<String> lookalike =
        post(server, INITIALIZE, "Origin", "https://app.example.evil.example");

    assertThat(tools.statusCode()).isEqualTo(200);
    assertThat(messages(tools).get(0).toString()).contains("name=ask", "name=chat");
    assertRefused(evil, 403, "forbidden", "Origin https://evil.example is not allowed");
    assertRefused(
        lookalike, 403, "forbidden", "Origin https://app.example.evil.example is not allowed");
  }

  @Test
  void anAllowedBrowserOriginGetsCorsHeadersAndItsPreflightNeedsNoToken() throws Exception {
    HttpServer server = start("--allow-origin", "https://app.example", "--auth-token", "t0k");

    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> init =
        post(server, INITIALIZE, "Origin", "https://app.example", "Authorization", "Bearer t0k");
    HttpResponse<String> noToken = post(server, INITIALIZE, "Origin", "https://app.example");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization", "Mcp-Session-Id");
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example");
    assertThat(init.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValue("Mcp-Session-Id");
    assertRefused(noToken, 401, "unauthorized", "a valid bearer token is required");
  }

  @Test
  void aForeignHostHeaderOnALoopbackBindIsRefused() throws Exception {
    HttpServer server = start();

    // java.net.http will not send a Host header of the caller's choosing, so write the request.
    String refused = rawExchange(server, "evil.example");
    String allowed = rawExchange(server, "localhost:" + server.port());

    assertThat(refused).startsWith("HTTP/1.1 403");
    String body = refused.substring(refused.indexOf("\r\n\r\n") + 4).trim();
    assertThat(Json.object(body))
        .containsEntry("error", "forbidden")
        .containsEntry("error_description", "Host header does not name this server");
    assertThat(allowed).startsWith("HTTP/1.1 200").containsIgnoringCase("Mcp-Session-Id: ");
    assertThat(server.stderr).anyMatch(l -> l.contains("HTTP 403"));
  }

  /** Sends the initialize request with this Host header over a plain socket; returns the answer. */
  private static String rawExchange(HttpServer server, String host) throws Exception {
    byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\n"
                  + "Host: "
                  + host
                  + "\r\n"
                  + "Content-Type: application/json\r\n"
                  + "Accept: application/json, text/event-stream\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      StringBuilder answer = new StringBuilder();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      char[] buffer = new char[4096];
      int n;
      while ((n = in.read(buffer)) > 0) {
        answer.append(buffer, 0, n);
      }
      return answer.toString();
    }
  }

  @Test
  void notificationsCancelledStopsASlowAskOverHttp() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)));
    HttpServer server = start();
    String session = initialize(server);
    String[] headers = {"Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"};

    CompletableFuture<HttpResponse<String>> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(
                    server,
                    "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{"
                        + "\"name\":\"ask\",\"arguments\":{\"model\":\""
                        + FakeModel.LOADED_LLM
                        + "\",\"prompt\":\"a b c d e f g h i j k l m n o p q r s t\"}}}",
                    headers);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    FakeRequest chat = fake.takeRequest(); // the chat request has reached LM Studio
    long start = System.nanoTime();
    HttpResponse<String> cancelled =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":42,\"reason\":\"user gave up\"}}",
            headers);
    HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(chat.line()).isEqualTo("POST /api/v1/chat");
    assertThat(chat.json()).containsEntry("input", "a b c d e f g h i j k l m n o p q r s t");
    assertThat(cancelled.statusCode()).isEqualTo(202);
    assertThat(answer.statusCode()).isEqualTo(200);
    Map<String, Object> result =
        messages(answer).stream().filter(m -> m.containsKey("id")).findFirst().orElseThrow();
    assertThat(((Number) result.get("id")).intValue()).isEqualTo(42);
    assertThat(result.toString())
        .contains("isError=true")
        .contains(
            "Stopped: the client cancelled the request; the request to LM Studio was cancelled.");
    // The whole answer would take 6 s of tokens; stopping ends it long before.
    assertThat(tookMillis).isLessThan(5000);
    assertThat(server.stderr).anyMatch(l -> l.contains("client cancelled request 42"));
  }

  @Test
  void aCancelForAnotherSessionStopsNothing() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(100)));
    HttpServer server = start();
    String mine = initialize(server);
    String theirs = initialize(server);

    CompletableFuture<HttpResponse<String>> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(
                    server,
                    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{"
                        + "\"name\":\"ask\",\"arguments\":{\"model\":\""
                        + FakeModel.LOADED_LLM
                        + "\",\"prompt\":\"one two three four five six seven eight\"}}}",
                    "Mcp-Session-Id",
                    mine);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    fake.takeRequest();
    HttpResponse<String> cancelled =
        post(
            server,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":7}}",
            "Mcp-Session-Id",
            theirs);
    HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);

    assertThat(cancelled.statusCode()).isEqualTo(202);
    assertThat(messages(answer).toString())
        .contains("You said: one two three four five six seven eight")
        .doesNotContain("Stopped");
    assertThat(server.stderr)
        .anyMatch(l -> l.contains("client cancelled request 7 (not started yet, or done)"));
  }

  @Test
  void sixteenConcurrentClientsKeepTheirOwnSessions() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(2)));
    HttpServer server = start(Map.of("LM_STUDIO_URL", fake.url()), sessionsArgs());
    int clients = 16;
    List<McpSyncClient> connected = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      McpSyncClient client = server.client();
      closeAfterTest(client::close);
      connected.add(client);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2 * clients);
    closeAfterTest(pool::shutdownNow);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> asks = new ArrayList<>();
    List<Future<List<String>>> chats = new ArrayList<>();

    for (int i = 0; i < clients; i++) {
      McpSyncClient client = connected.get(i);
      String session = "s" + i;
      asks.add(
          pool.submit(
              () -> {
                go.await();
                return text(
                    call(
                        client,
                        "ask",
                        Map.of("model", FakeModel.LOADED_LLM, "prompt", "ask from " + session)));
              }));
      chats.add(
          pool.submit(
              () -> {
                go.await();
                List<String> replies = new ArrayList<>();
                for (String message : List.of("first of " + session, "second of " + session)) {
                  Map<String, Object> args = new LinkedHashMap<>();
                  args.put("action", "send");
                  args.put("session_id", session);
                  args.put("model", FakeModel.LOADED_LLM);
                  args.put("message", message);
                  replies.add((String) structured(call(client, "chat", args)).get("text"));
                }
                return replies;
              }));
    }
    go.countDown();

    for (int i = 0; i < clients; i++) {
      String session = "s" + i;
      assertThat(asks.get(i).get(60, TimeUnit.SECONDS)).startsWith("You said: ask from " + session);
      assertThat(chats.get(i).get(60, TimeUnit.SECONDS))
          .satisfiesExactly(
              r -> assertThat(r).startsWith("You said: first of " + session),
              r -> assertThat(r).startsWith("You said: second of " + session));
    }
    for (int i = 0; i < clients; i++) {
      String session = "s" + i;
      List<?> turns =
          (List<?>)
              structured(
                      call(
                          connected.get(i),
                          "chat",
                          Map.of("action", "history", "session_id", session)))
                  .get("turns");
      assertThat(turns).hasSize(4);
      assertThat(turns.stream().map(t -> (String) ((Map<?, ?>) t).get("role")).toList())
          .containsExactly("user", "assistant", "user", "assistant");
      assertThat(turns.stream().map(t -> (String) ((Map<?, ?>) t).get("content")).toList())
          .satisfiesExactly(
              c -> assertThat(c).isEqualTo("first of " + session),
              c -> assertThat(c).startsWith("You said: first of " + session),
              c -> assertThat(c).isEqualTo("second of " + session),
              c -> assertThat(c).startsWith("You said: second of " + session));
    }
    assertThat(sent(fake, "POST /api/v1/chat")).hasSize(clients);
    assertThat(sent(fake, "POST /v1/chat/completions")).hasSize(2 * clients);
  }

  private List<String> sessionsArgs() {
    // Room for every client's send at once, whatever the number of cores.
    return List.of(
        "--sessions", "sqlite:" + dir.resolve("concurrent.db"), "--long-call-queue", "16");
  }
}
