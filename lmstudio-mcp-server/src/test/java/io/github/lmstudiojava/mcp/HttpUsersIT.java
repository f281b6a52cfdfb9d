package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with several users ({@code --auth-tokens-file}) over HTTP: what each user may reach. */
class HttpUsersIT {
  static final String ALICE = "alice-token-0123456789abcdef";
  static final String BOB = "bob-token-0123456789abcdef";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger ids = new AtomicInteger(100);
  private FakeLmStudio fake;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Path tokens =
        Files.writeString(
            dir.resolve("tokens"), "# the team\nalice " + ALICE + "\n\nbob " + BOB + "\n");
    Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
    fake = FakeLmStudio.builder().tokenDelay(Duration.ofMillis(100)).start();
    server =
        HttpServer.start(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of(
                "--sessions",
                "sqlite:" + dir.resolve("s.db"),
                "--auth-tokens-file",
                tokens.toString()));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void usersCannotSeeReadOrDeleteEachOthersChatSessionsOfTheSameId() throws Exception {
    String alice = initialize(ALICE);
    String bob = initialize(BOB);

    Map<String, Object> aliceSend = chat(ALICE, alice, send("x", "from alice"));
    Map<String, Object> bobList = chat(BOB, bob, Map.of("action", "list"));
    Map<String, Object> bobHistory = chat(BOB, bob, Map.of("action", "history", "session_id", "x"));
    Map<String, Object> bobDelete = chat(BOB, bob, Map.of("action", "delete", "session_id", "x"));
    Map<String, Object> bobSend = chat(BOB, bob, send("x", "from bob"));
    Map<String, Object> aliceHistory =
        chat(ALICE, alice, Map.of("action", "history", "session_id", "x"));
    Map<String, Object> bobHistoryAfter =
        chat(BOB, bob, Map.of("action", "history", "session_id", "x"));
    Map<String, Object> aliceList = chat(ALICE, alice, Map.of("action", "list"));

    assertThat(text(aliceSend)).startsWith("You said: from alice");
    assertThat(structured(bobList).get("sessions")).asList().isEmpty();
    assertThat(isError(bobHistory)).isTrue();
    assertThat(text(bobHistory)).contains("\"x\"").doesNotContain("alice");
    assertThat(structured(bobDelete)).containsEntry("deleted", false);
    assertThat(text(bobSend)).startsWith("You said: from bob");
    assertThat(contents(aliceHistory)).containsExactly("from alice", "You said: from alice");
    assertThat(contents(bobHistoryAfter)).containsExactly("from bob", "You said: from bob");
    assertThat(structured(aliceList).get("sessions").toString())
        .contains("id=x")
        .contains("turns=2");
    List<FakeRequest> completions =
        fake.requests().stream().filter(r -> r.line().equals("POST /v1/chat/completions")).toList();
    assertThat(completions).hasSize(2);
    assertThat(completions.get(0).json().get("messages").toString())
        .contains("from alice")
        .doesNotContain("from bob");
    assertThat(completions.get(1).json().get("messages").toString())
        .as("bob's x replays none of alice's x")
        .contains("from bob")
        .doesNotContain("from alice");
    assertThat(server.stderr)
        .anyMatch(l -> l.contains("started for user alice"))
        .anyMatch(l -> l.contains("started for user bob"))
        .anyMatch(l -> l.contains("bearer tokens of 2 users [alice, bob] required"))
        .noneMatch(l -> l.contains(ALICE) || l.contains(BOB));
  }

  @Test
  void anotherUsersTokenOnAnMcpSessionIsAnsweredLikeAnUnknownSession() throws Exception {
    String alice = initialize(ALICE);
    initialize(BOB);
    String list =
        toolCall(
            ids.incrementAndGet(), Map.of("name", "chat", "arguments", Map.of("action", "list")));

    HttpResponse<String> bobOnAlice =
        post(list, "Authorization", "Bearer " + BOB, "Mcp-Session-Id", alice);
    HttpResponse<String> unknown =
        post(list, "Authorization", "Bearer " + BOB, "Mcp-Session-Id", "no-such-session");
    HttpResponse<String> bobGets = send("GET", BOB, alice);
    HttpResponse<String> bobDeletes = send("DELETE", BOB, alice);
    HttpResponse<String> wrongToken =
        post(list, "Authorization", "Bearer " + ALICE + "x", "Mcp-Session-Id", alice);
    HttpResponse<String> aliceStill =
        post(list, "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", alice);

    assertThat(bobOnAlice.request().headers().firstValue("Authorization"))
        .hasValue("Bearer " + BOB);
    assertThat(bobOnAlice.request().headers().firstValue("Mcp-Session-Id")).hasValue(alice);
    assertThat(bobOnAlice.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(bobOnAlice.body().replace(alice, "ID"))
        .isEqualTo(unknown.body().replace("no-such-session", "ID"));
    assertThat(bobOnAlice.body()).contains("Session not found").contains("-32001");
    assertThat(bobGets.request().method()).isEqualTo("GET");
    assertThat(bobGets.statusCode()).isEqualTo(404);
    assertThat(bobDeletes.request().method()).isEqualTo("DELETE");
    assertThat(bobDeletes.statusCode()).isEqualTo(404);
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(Json.object(wrongToken.body()))
        .containsEntry("error", "unauthorized")
        .containsEntry("error_description", "a valid bearer token is required");
    assertThat(wrongToken.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"lmstudio-mcp\"");
    assertThat(aliceStill.statusCode())
        .as("bob's DELETE did not end alice's session")
        .isEqualTo(200);
    assertThat(server.stderr)
        .anyMatch(l -> l.contains("user bob named MCP session " + alice + " of another user"))
        .noneMatch(l -> l.contains(ALICE) || l.contains(BOB));
  }

  @Test
  void aCancelOfAnotherUserReachesNoneOfTheirCalls() throws Exception {
    String alice = initialize(ALICE);
    String bob = initialize(BOB);
    String ask =
        toolCall(
            7,
            Map.of(
                "name",
                "ask",
                "arguments",
                Map.of(
                    "model",
                    FakeModel.LOADED_LLM,
                    "prompt",
                    "one two three four five six seven eight")));
    String cancel =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}";

    CompletableFuture<HttpResponse<String>> call =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(ask, "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", alice);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    FakeRequest chat = fake.takeRequest();
    HttpResponse<String> onOwnSession =
        post(cancel, "Authorization", "Bearer " + BOB, "Mcp-Session-Id", bob);
    HttpResponse<String> onAlicesSession =
        post(cancel, "Authorization", "Bearer " + BOB, "Mcp-Session-Id", alice);
    HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);

    assertThat(chat.line()).isEqualTo("POST /api/v1/chat");
    assertThat(chat.json()).containsEntry("input", "one two three four five six seven eight");
    assertThat(onOwnSession.statusCode()).isEqualTo(202);
    assertThat(onAlicesSession.statusCode()).isEqualTo(404);
    assertThat(onAlicesSession.request().headers().firstValue("Mcp-Session-Id")).hasValue(alice);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(HttpIT.messages(answer).toString())
        .contains("You said: one two three four five six seven eight")
        .doesNotContain("Stopped");
  }

  @Test
  void resourcesShowEachUserOnlyTheirOwnChatSessions() throws Exception {
    String alice = initialize(ALICE);
    String bob = initialize(BOB);
    chat(ALICE, alice, send("secret plans", "the launch is on Friday"));

    Map<String, Object> aliceSessions = readResource(ALICE, alice, "lmstudio://sessions");
    Map<String, Object> bobSessions = readResource(BOB, bob, "lmstudio://sessions");
    Map<String, Object> bobTranscript =
        readResource(BOB, bob, "lmstudio://sessions/secret%20plans");
    Map<String, Object> aliceTranscript =
        readResource(ALICE, alice, "lmstudio://sessions/secret%20plans");

    assertThat(aliceSessions.toString()).contains("\"id\":\"secret plans\"");
    assertThat(bobSessions.toString()).doesNotContain("secret plans").contains("sessions");
    assertThat(bobTranscript).containsKey("error");
    assertThat(bobTranscript.toString())
        .contains("No chat session")
        .doesNotContain("Friday")
        .doesNotContain("alice");
    assertThat(aliceTranscript.toString()).contains("the launch is on Friday");
  }

  /** Reads a resource; returns the whole JSON-RPC answer (with its result or error). */
  private Map<String, Object> readResource(String token, String session, String uri)
      throws Exception {
    int id = ids.incrementAndGet();
    HttpResponse<String> response =
        post(
            Json.write(
                Json.obj()
                    .put("jsonrpc", "2.0")
                    .put("id", id)
                    .put("method", "resources/read")
                    .put("params", Map.of("uri", uri))
                    .map()),
            "Authorization",
            "Bearer " + token,
            "Mcp-Session-Id",
            session);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.request().headers().firstValue("Authorization"))
        .hasValue("Bearer " + token);
    assertThat(response.request().headers().firstValue("Mcp-Session-Id")).hasValue(session);
    return HttpIT.messages(response).stream()
        .filter(m -> m.containsKey("id"))
        .findFirst()
        .orElseThrow();
  }

  // ---- raw MCP over HTTP ----

  private String initialize(String token) throws Exception {
    HttpResponse<String> init = post(HttpIT.INITIALIZE, "Authorization", "Bearer " + token);
    assertThat(init.request().headers().firstValue("Authorization")).hasValue("Bearer " + token);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        post(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "Authorization",
            "Bearer " + token,
            "Mcp-Session-Id",
            session);
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  private static String toolCall(int id, Map<String, Object> params) {
    return Json.write(
        Json.obj()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", "tools/call")
            .put("params", params)
            .map());
  }

  /** Calls the chat tool and returns the call's result. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> chat(String token, String session, Map<String, Object> arguments)
      throws Exception {
    int id = ids.incrementAndGet();
    HttpResponse<String> response =
        post(
            toolCall(id, Map.of("name", "chat", "arguments", arguments)),
            "Authorization",
            "Bearer " + token,
            "Mcp-Session-Id",
            session);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.request().headers().firstValue("Authorization"))
        .hasValue("Bearer " + token);
    assertThat(response.request().headers().firstValue("Mcp-Session-Id")).hasValue(session);
    Map<String, Object> answer =
        HttpIT.messages(response).stream()
            .filter(m -> m.containsKey("id"))
            .findFirst()
            .orElseThrow();
    assertThat(((Number) answer.get("id")).intValue()).isEqualTo(id);
    return (Map<String, Object>) answer.get("result");
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    return server.post(http, body, headers);
  }

  private HttpResponse<String> send(String method, String token, String session) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.endpoint()))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + token)
            .header("Mcp-Session-Id", session)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> send(String session, String message) {
    return Map.of(
        "action", "send", "session_id", session, "message", message, "model", FakeModel.LOADED_LLM);
  }

  private static boolean isError(Map<String, Object> result) {
    return Boolean.TRUE.equals(result.get("isError"));
  }

  @SuppressWarnings("unchecked")
  private static String text(Map<String, Object> result) {
    return (String) ((List<Map<String, Object>>) result.get("content")).get(0).get("text");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(Map<String, Object> result) {
    assertThat(isError(result)).as(text(result)).isFalse();
    return (Map<String, Object>) result.get("structuredContent");
  }

  @SuppressWarnings("unchecked")
  private static List<String> contents(Map<String, Object> result) {
    List<String> contents = new ArrayList<>();
    for (Map<String, Object> turn : (List<Map<String, Object>>) structured(result).get("turns")) {
      contents.add((String) turn.get("content"));
    }
    return contents;
  }
}
