package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server over a real stdio pipe. */
class StdioIT extends ServerContract {
  @Override
  McpSyncClient connect(Map<String, String> env, List<String> args) {
    return ServerJar.stdioClient(env, args, null, progress::add, logs::add, this::listen);
  }

  @Test
  void aSessionSurvivesARestartOfTheServer() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient first = connect(fake);
    structured(
        call(
            first,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "kept",
                "model", FakeModel.LOADED_LLM,
                "message", "The code word is heron.")));
    first.closeGracefully();

    McpSyncClient second = connect(fake);
    Map<String, Object> history =
        structured(call(second, "chat", Map.of("action", "history", "session_id", "kept")));
    Map<String, Object> reply =
        structured(
            call(
                second,
                "chat",
                Map.of("action", "send", "session_id", "kept", "message", "Word?")));

    assertThat(history.get("turns").toString()).contains("The code word is heron.");
    assertThat((String) reply.get("text")).startsWith("You said: Word?");
    assertThat(sent(fake, "POST /v1/chat/completions").get(1).json().get("messages").toString())
        .contains("The code word is heron.");
  }

  @Test
  void theChatHistoryOfMcpLlmStudioIsCarriedOverAndItsFileLeftAsItWas() throws Exception {
    fake = fake(FakeLmStudio.builder());
    java.nio.file.Path peerDb = dir.resolve("peer").resolve("sessions.db");
    java.nio.file.Files.createDirectories(peerDb.getParent());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + peerDb);
        java.sql.Statement s = c.createStatement()) {
      // The table mcp-llm-studio creates, and one conversation as it stores it.
      s.execute(
          "CREATE TABLE sessions (id TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,"
              + " created_at INTEGER NOT NULL)");
      s.execute(
          "INSERT INTO sessions VALUES ('old', 'system', 'Be brief.', 1),"
              + " ('old', 'user', 'My name is Ada.', 2), ('old', 'assistant', 'Hello Ada.', 3)");
    }
    long before = java.nio.file.Files.getLastModifiedTime(peerDb).toMillis();

    McpSyncClient client =
        connect(
            Map.of("LM_STUDIO_URL", fake.url(), "MCP_SESSIONS_DB", peerDb.toString()), List.of());
    closeAfterTest(client::close);
    Map<String, Object> history =
        structured(call(client, "chat", Map.of("action", "history", "session_id", "old")));
    Map<String, Object> reply =
        structured(
            call(
                client,
                "chat",
                Map.of(
                    "action", "send",
                    "session_id", "old",
                    "model", FakeModel.LOADED_LLM,
                    "message", "Who am I?")));

    assertThat(history.get("turns").toString())
        .contains("role=user, content=My name is Ada.", "role=assistant, content=Hello Ada.");
    assertThat((String) reply.get("text")).startsWith("You said: Who am I?");
    assertThat(sent(fake, "POST /v1/chat/completions").get(0).json().get("messages").toString())
        .contains("Be brief.", "My name is Ada.", "Hello Ada.");
    assertThat(peerDb.resolveSibling("sessions.lmstudio-java.db")).isRegularFile();
    assertThat(java.nio.file.Files.getLastModifiedTime(peerDb).toMillis()).isEqualTo(before);
  }

  @Test
  void stdoutCarriesOnlyJsonRpcWhileLogsAndWarningsAreWritten() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(5)));
    try (RawServer server =
        new RawServer(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--log-level", "debug", "--sessions", "memory:"))) {
      server.initialize();
      server.send("this is not json");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"prompt\":\"hi there\"},\"_meta\":{\"progressToken\":1}}}");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{\"model\":7}}}");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"model_load\",\"arguments\":{\"model\":\"no/such\"}}}");
      assertThat(server.answer(1).toString()).contains("You said: hi there");
      server.answer(2);
      server.answer(3);
      assertThat(server.finish()).isZero();

      assertThat(server.stderr).anyMatch(l -> l.contains("DEBUG") || l.contains("WARN"));
      assertThat(server.allStdout).hasSizeGreaterThanOrEqualTo(5);
      for (String line : server.allStdout) {
        Map<String, Object> message = Json.object(line);
        assertThat(message).containsEntry("jsonrpc", "2.0");
      }
    }
  }

  @Test
  void requestsWrittenJustBeforeTheInputEndsAreStillAnswered() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(20)));
    try (RawServer server =
        new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"prompt\":\"still here\"}}}");

      assertThat(server.finish()).isZero();

      assertThat(server.allStdout).anyMatch(l -> l.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,"));
      assertThat(server.allStdout)
          .anyMatch(l -> l.contains("\"id\":2,") && l.contains("You said: still here"));
    }
  }

  @Test
  void malformedLinesAreAnsweredWithErrorsAndTheConnectionStays() throws Exception {
    try (RawServer server = new RawServer(Map.of(), List.of("--sessions", "memory:"))) {
      server.initialize();
      server.send("{not json");
      assertThat(server.next()).contains("\"code\":-32700").contains("\"id\":null");
      server.send("[1,2]");
      assertThat(server.next()).contains("\"code\":-32600");
      server.send("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}");
      assertThat(server.next()).contains("\"id\":5").contains("\"code\":-32600");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}");
      assertThat(server.next()).contains("\"code\":-32600");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":[1]}");
      assertThat(server.next()).contains("\"id\":6").contains("\"code\":-32602");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such/method\"}");
      assertThat(server.answer(7)).containsKey("error");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}");
      assertThat(server.answer(8)).containsKey("error");
      byte[] huge = new byte[StdioTransport.MAX_LINE_BYTES + 10];
      java.util.Arrays.fill(huge, (byte) 'x');
      server.sendBytes(huge);
      server.send("");
      assertThat(server.next()).contains("\"code\":-32600").contains("longer than");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"chat\",\"arguments\":{\"action\":\"list\",\"session_id\":\"\\u0000\\ud83d\\ude00\"}}}");
      server.answer(9);
      server.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}");
      assertThat(server.answer(10)).containsKey("result");
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void notificationsCancelledStopsTheToolCallAndItsRequestToLmStudio() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)));
    try (RawServer server =
        new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"prompt\":\"a b c d e f g h i j k l m n o p q r s t\"}}}");
      fake.takeRequest(); // the chat request has reached LM Studio
      long start = System.nanoTime();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":42,\"reason\":\"user gave up\"}}");
      Map<String, Object> answer = server.answer(42);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(answer.toString())
          .contains(
              "Stopped: the client cancelled the request; the request to LM Studio was cancelled.");
      // The whole answer would take 7 s of tokens; stopping ends it long before.
      assertThat(tookMillis).isLessThan(5000);
      assertThat(server.stderr).anyMatch(l -> l.contains("client cancelled request 42"));
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void sessionIdsWithALoneSurrogateOrALineBreakAreRefusedAndNeverForgeALogLine() throws Exception {
    fake = fake(FakeLmStudio.builder());
    try (RawServer server =
        new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      for (int i = 0; i < 3; i++) {
        String id = i == 0 ? "a\\uD800b" : i == 1 ? "a\\uDC00b" : "plan\\n[main] WARN forged";
        server.send(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + (60 + i)
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"chat\",\"arguments\":"
                + "{\"action\":\"send\",\"session_id\":\""
                + id
                + "\",\"model\":\""
                + FakeModel.LOADED_LLM
                + "\",\"message\":\"Hi\"}}}");
        String answer = server.answer(60 + i).toString();
        assertThat(answer).contains("isError=true");
        assertThat(answer).containsAnyOf("unpaired surrogate", "control characters");
      }
      assertThat(fake.requestCount()).isZero();
      assertThat(server.finish()).isZero();
      assertThat(server.stderr).noneMatch(l -> l.contains("WARN forged") && !l.contains("\\n"));
    }
  }

  @Test
  void aCancelledSendToABusySessionAnswersAtOnceAndStoresNothing() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)));
    try (RawServer server =
        new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      for (int id : new int[] {70, 71}) {
        server.send(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"chat\",\"arguments\":"
                + "{\"action\":\"send\",\"session_id\":\"busy\",\"model\":\""
                + FakeModel.LOADED_LLM
                + "\",\"message\":\"a b c d e f g h i j k l m n o p q r s t\"}}}");
        if (id == 70) {
          // The first send has reached LM Studio and is streaming its answer slowly.
          while (!fake.takeRequest().line().equals("POST /v1/chat/completions")) {
            // the model list read before the chat
          }
        }
      }
      Thread.sleep(500); // the second send is now streaming its own answer
      server.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":71,\"reason\":\"gave up\"}}");
      List<String> order = new ArrayList<>();
      Map<String, String> answers = new HashMap<>();
      while (answers.size() < 2) {
        Map<String, Object> message = Json.object(server.next());
        if (message.containsKey("id") && !message.containsKey("method")) {
          String id = String.valueOf(message.get("id"));
          order.add(id);
          answers.put(id, message.toString());
        }
      }

      // The first send still had seconds of tokens to go: the cancelled one did not wait for it.
      assertThat(order).containsExactly("71", "70");
      assertThat(answers.get("71"))
          .contains("Stopped: the client cancelled the request")
          .contains("isError=true");
      assertThat(answers.get("70")).doesNotContain("isError=true");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":72,\"method\":\"tools/call\",\"params\":{\"name\":\"chat\","
              + "\"arguments\":{\"action\":\"history\",\"session_id\":\"busy\"}}}");
      String history = server.next();
      while (!history.contains("\"id\":72")) {
        history = server.next();
      }
      // Only the finished send is stored: one question, one answer.
      assertThat(history).contains("#0 user: a b c", "#1 assistant: You said: a b c");
      assertThat(history).doesNotContain("#2 ");
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void quickToolsNeverWaitBehindLongCallsAndAFullLineIsRefusedAtOnce() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(200)));
    try (RawServer server =
        new RawServer(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--sessions", "memory:", "--max-long-calls", "1", "--long-call-queue", "1"))) {
      server.initialize();
      for (int id = 80; id <= 82; id++) {
        server.send(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":"
                + "{\"model\":\""
                + FakeModel.LOADED_LLM
                + "\",\"prompt\":\"a b c d e f g h i j k l m n o p q r s t\"}}}");
      }
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":83,\"method\":\"tools/call\",\"params\":"
              + "{\"name\":\"model_list\",\"arguments\":{}}}");

      // One ask runs, one waits, the third is refused; the model list does not wait for them.
      List<String> order = new ArrayList<>();
      Map<Object, String> answers = new HashMap<>();
      while (answers.size() < 4) {
        Map<String, Object> message = Json.object(server.next());
        if (message.containsKey("id") && !message.containsKey("method")) {
          String id = String.valueOf(message.get("id"));
          order.add(id);
          answers.put(id, message.toString());
        }
      }
      List<String> refused =
          order.stream().filter(id -> answers.get(id).contains("Too many long calls")).toList();
      assertThat(refused).hasSize(1);
      assertThat(answers.get(refused.get(0)))
          .contains("isError=true", "1 running and 1 waiting", "--long-call-queue 1");
      assertThat(order.indexOf("83")).isLessThan(2);
      assertThat(answers.get("83")).doesNotContain("isError=true");
      assertThat(order.subList(2, 4)).doesNotContain("83").doesNotContainAnyElementsOf(refused);
      assertThat(sent(fake, "POST /api/v1/chat")).hasSize(2);
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void aCancellationSentRightAfterItsRequestStillStopsTheCall() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)));
    try (RawServer server =
        new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"prompt\":\"a b c d e f g h i j k l m n o p q r s t\"}}}\n"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":\"q\"}}");

      assertThat(server.answer("q").toString())
          .contains("Stopped: the client cancelled the request");
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void aCancelledDownloadStopsWaitingForItsNextPollAtOnce() throws Exception {
    fake = fake(FakeLmStudio.builder().downloadPolls(100));
    try (RawServer server =
        new RawServer(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--sessions", "memory:", "--download-poll", "30s"))) {
      server.initialize();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"model_download\",\"arguments\":{\"model\":\""
              + FakeModel.DOWNLOADABLE
              + "\"}}}");
      assertThat(fake.takeRequest().line()).isEqualTo("POST /api/v1/models/download");
      long start = System.nanoTime();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":3}}");

      assertThat(server.answer(3).toString()).contains("Stopped: the client cancelled the request");
      // The next poll was 30 s away.
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
      assertThat(server.finish()).isZero();
    }
  }

  @Test
  void imageFilesUnderTheClientsRootsAreReadAndTheRootsFollowItsChanges() throws Exception {
    fake = fake(FakeLmStudio.builder());
    java.nio.file.Path first = java.nio.file.Files.createDirectories(dir.resolve("first"));
    java.nio.file.Path later = java.nio.file.Files.createDirectories(dir.resolve("later"));
    byte[] png = ImageFilesTest.png();
    java.nio.file.Path a = java.nio.file.Files.write(first.resolve("a.png"), png);
    java.nio.file.Path b = java.nio.file.Files.write(later.resolve("b.png"), png);
    McpSyncClient client =
        ServerJar.stdioClient(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--sessions", "memory:"),
            List.of(new McpSchema.Root(first.toUri().toString(), "first")),
            progress::add,
            logs::add);
    closeAfterTest(client::close);

    CallToolResult underRoot = ask(client, a);
    CallToolResult notYet = ask(client, b);
    client.addRoot(new McpSchema.Root(later.toUri().toString(), "later"));
    client.rootsListChangedNotification();
    // The server reads the new list in the background: ask until it has.
    CallToolResult afterChange = ask(client, b);
    for (int i = 0; i < 100 && Boolean.TRUE.equals(afterChange.isError()); i++) {
      Thread.sleep(100);
      afterChange = ask(client, b);
    }

    assertThat(underRoot.isError()).as(text(underRoot)).isFalse();
    assertThat(notYet.isError()).isTrue();
    assertThat(text(notYet)).isEqualTo(ImageFiles.refusal(b.toString(), 20 << 20));
    assertThat(afterChange.isError()).as(text(afterChange)).isFalse();
    List<FakeRequest> chats = sent(fake, "POST /api/v1/chat");
    assertThat(chats).hasSize(2);
    String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    assertThat(chats)
        .allSatisfy(c -> assertThat(c.json().get("input").toString()).contains(dataUrl));
  }

  private static CallToolResult ask(McpSyncClient client, java.nio.file.Path image) {
    return call(
        client,
        "ask",
        Map.of("model", FakeModel.VISION, "prompt", "What?", "images", List.of(image.toString())));
  }

  @Test
  void callsStillRunningWhenTheInputEndsAreCancelledAfterTheGrace() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(500)));
    try (TcpRelay relay = new TcpRelay(fake.url());
        RawServer server =
            new RawServer(Map.of("LM_STUDIO_URL", relay.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      // 40 words at 500 ms each: 20 s of answer, far beyond the grace.
      StringBuilder prompt = new StringBuilder("w0");
      for (int i = 1; i < 40; i++) {
        prompt.append(" w").append(i);
      }
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"prompt\":\""
              + prompt
              + "\"}}}");
      TcpRelay.Relayed chat = relay.awaitRequest("POST /api/v1/chat");

      assertThat(server.finish()).isZero();
      assertThat(chat.awaitClientClosed(Duration.ofSeconds(10))).isTrue();
      assertThat(chat.received()).contains("message.delta").doesNotContain("chat.end");
      assertThat(server.stderr)
          .anyMatch(l -> l.contains("input ended; 1 requests still running are cancelled"));
    }
  }

  @Test
  void badFlagsAndUnsafeHttpSettingsRefuseToStart() throws Exception {
    assertThat(runToEnd(List.of("--port", "http")))
        .contains("exit 2", "--port: \"http\" is not a port");
    assertThat(runToEnd(List.of("--transport", "http", "--host", "0.0.0.0")))
        .contains("exit 2", "set --auth-token");
    assertThat(runToEnd(List.of("--idle-timeout", "soon"))).contains("exit 2", "is not a duration");
    assertThat(runToEnd(List.of("--frobnicate"))).contains("exit 2", "unknown option");
    assertThat(runToEnd(List.of("--max-connections", "0")))
        .contains("exit 2", "--max-connections: \"0\" is not a whole number from 1");
    assertThat(runToEnd(List.of("--max-mcp-sessions", "many")))
        .contains("exit 2", "--max-mcp-sessions: \"many\" is not a whole number from 1");
    assertThat(runToEnd(List.of("--read-timeout", "0"))).contains("exit 2", "--read-timeout");
    assertThat(runToEnd(List.of("--version")))
        .startsWith("exit 0")
        .contains("lmstudio-mcp-server ");
    String help = runToEnd(List.of("--help"));
    for (ServerConfig.Option option : ServerConfig.OPTIONS) {
      assertThat(help).contains(option.flag());
      option.env().forEach(var -> assertThat(help).contains(var));
    }
  }

  private static String runToEnd(List<String> args) throws Exception {
    Process p = new ProcessBuilder(ServerJar.command(args)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return "exit " + p.exitValue() + "\n" + out;
  }
}
