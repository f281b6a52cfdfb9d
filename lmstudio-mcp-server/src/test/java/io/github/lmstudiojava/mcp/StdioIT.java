package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server over a real stdio pipe. */
class StdioIT extends ServerContract {
  @Override
  McpSyncClient connect(Map<String, String> env, List<String> args) {
    return ServerJar.stdioClient(env, args, progress::add, logs::add);
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
