package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team deployment of docs/deploy.md, end to end: two server processes sharing one session store
 * behind nginx, configured with docs/deploy/nginx.conf itself; clients chat through nginx, at once
 * and in the same chat sessions, while one server is killed. Needs nginx (and, when {@code
 * LMSTUDIO_TEST_POSTGRES_URL} is set, uses that PostgreSQL store); without nginx the test is
 * skipped, except in CI ({@code CI} set), where it fails.
 */
class TeamDeploymentIT {
  private static final int CLIENTS = 8;
  private static final int CHATS = 3;
  private static final int SENDS_PER_CLIENT = 12;

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void acknowledgedExchangesAreStoredOnceInOrderWhileAServerDiesUnderLoad() throws Exception {
    Path nginxBinary = nginx();
    FakeLmStudio fake = FakeLmStudio.builder().tokenDelay(Duration.ofMillis(15)).start();
    open.add(fake);
    String store = store();
    HttpServer a = server(fake, store, "a");
    HttpServer b = server(fake, store, "b");
    int port = freePort();
    startNginx(nginxBinary, port, a.port(), b.port());
    String endpoint = "http://127.0.0.1:" + port + "/mcp";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Map<String, String> sentTo = new ConcurrentHashMap<>(); // message -> chat session
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger gone = new AtomicInteger();
    AtomicInteger answeredAfterKill = new AtomicInteger();
    CountDownLatch halfway = new CountDownLatch(CLIENTS * SENDS_PER_CLIENT / 3);
    CountDownLatch killed = new CountDownLatch(1);
    Set<Character> routes = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Integer>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(
          pool.submit(
              () -> {
                McpHttpClient mcp = new McpHttpClient(http, endpoint);
                mcp.initialize();
                routes.add(mcp.session().charAt(0));
                for (int i = 0; i < SENDS_PER_CLIENT; i++) {
                  // Clients take turns over the chats, so each chat gets sends from every client,
                  // some at the same moment through both servers.
                  String chat = "team-" + (client + i) % CHATS;
                  String message = "client " + client + " message " + i;
                  sentTo.put(message, chat);
                  boolean afterKill = killed.getCount() == 0;
                  McpHttpClient.Call call = send(mcp, chat, message);
                  if (call.outcome() == McpHttpClient.Outcome.SESSION_GONE) {
                    gone.incrementAndGet();
                    mcp.initialize();
                    call = send(mcp, chat, message);
                  }
                  if (call.outcome() == McpHttpClient.Outcome.ANSWERED
                      && !Boolean.TRUE.equals(call.result().get("isError"))) {
                    assertThat(text(call.result())).startsWith("You said: " + message);
                    acknowledged.add(message);
                    if (afterKill) {
                      answeredAfterKill.incrementAndGet();
                    }
                  }
                  halfway.countDown();
                }
                return mcp.initializations();
              }));
    }
    assertThat(halfway.await(120, TimeUnit.SECONDS)).as("a third of the sends were made").isTrue();
    a.kill();
    killed.countDown();
    int initializations = 0;
    for (Future<Integer> client : clients) {
      initializations += client.get(180, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(routes).as("initialize reached both servers").containsExactlyInAnyOrder('a', 'b');
    assertThat(gone.get())
        .as("clients of the killed server were told their session is gone")
        .isPositive();
    assertThat(initializations).isEqualTo(CLIENTS + gone.get());
    assertThat(answeredAfterKill.get()).as("the other server carried on").isPositive();
    assertThat(acknowledged.size()).isGreaterThan(CLIENTS * SENDS_PER_CLIENT / 2);

    McpHttpClient reader = new McpHttpClient(http, endpoint);
    reader.initialize();
    assertThat(reader.session()).startsWith("b.");
    Map<String, Integer> stored = new HashMap<>();
    for (int c = 0; c < CHATS; c++) {
      String chat = "team-" + c;
      McpHttpClient.Call history =
          reader.callTool("chat", Map.of("action", "history", "session_id", chat, "limit", 500));
      assertThat(history.outcome()).isEqualTo(McpHttpClient.Outcome.ANSWERED);
      List<Map<String, Object>> turns = turns(history.result());
      assertThat(turns.size() % 2).as("turns come in pairs in %s", chat).isZero();
      for (int t = 0; t < turns.size(); t += 2) {
        String question = (String) turns.get(t).get("content");
        assertThat(turns.get(t).get("role")).isEqualTo("user");
        assertThat(turns.get(t + 1).get("role")).isEqualTo("assistant");
        assertThat((String) turns.get(t + 1).get("content"))
            .as("the answer right after its question in %s", chat)
            .startsWith("You said: " + question);
        assertThat(sentTo).as("a question that was sent to %s", chat).containsEntry(question, chat);
        stored.merge(question, 1, Integer::sum);
      }
    }
    assertThat(stored.values()).as("no exchange is stored twice").allMatch(n -> n == 1);
    assertThat(stored.keySet())
        .as("every acknowledged exchange is stored")
        .containsAll(acknowledged);
  }

  private static McpHttpClient.Call send(McpHttpClient mcp, String chat, String message)
      throws InterruptedException {
    return mcp.callTool(
        "chat",
        Map.of(
            "action",
            "send",
            "session_id",
            chat,
            "message",
            message,
            "model",
            FakeModel.LOADED_LLM));
  }

  @SuppressWarnings("unchecked")
  private static String text(Map<String, Object> result) {
    return (String) ((List<Map<String, Object>>) result.get("content")).get(0).get("text");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> turns(Map<String, Object> result) {
    assertThat(result.get("isError")).as(text(result)).isNotEqualTo(Boolean.TRUE);
    return (List<Map<String, Object>>)
        ((Map<String, Object>) result.get("structuredContent")).get("turns");
  }

  // ---- the deployment ----

  /** The nginx binary; without one the test is skipped, or fails in CI. */
  private static Path nginx() {
    for (String folder : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
      Path binary = Path.of(folder, "nginx");
      if (Files.isExecutable(binary)) {
        return binary;
      }
    }
    String why = "nginx is not installed (Debian: apt-get install nginx-light)";
    if (System.getenv("CI") != null) {
      throw new AssertionError(why + "; CI must run this test");
    }
    Assumptions.abort(why);
    return null;
  }

  /**
   * The shared store: a fresh schema of the PostgreSQL the build provides (required in CI), else,
   * on a developer's machine without one, a SQLite file.
   */
  private String store() {
    String postgres = TestPostgres.urlOrNull();
    if (postgres == null) {
      return "sqlite:" + dir.resolve("team.db");
    }
    String schema = TestPostgres.schemaName();
    String store = TestPostgres.newSchema(postgres, schema);
    open.add(() -> TestPostgres.execute(postgres, "DROP SCHEMA " + schema + " CASCADE"));
    return store;
  }

  private HttpServer server(FakeLmStudio fake, String store, String route) throws Exception {
    HttpServer server =
        HttpServer.start(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--sessions", store, "--session-route", route, "--max-long-calls", "8"));
    open.add(server);
    return server;
  }

  private void startNginx(Path binary, int port, int portA, int portB) throws Exception {
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    Files.createDirectories(prefix.resolve("logs"));
    Files.createDirectories(prefix.resolve("temp"));
    String template = Files.readString(Path.of("..", "docs", "deploy", "nginx.conf"));
    String config =
        template
            .replace("{{LISTEN}}", "127.0.0.1:" + port)
            .replace("{{SERVER_A}}", "127.0.0.1:" + portA)
            .replace("{{SERVER_B}}", "127.0.0.1:" + portB);
    assertThat(config).doesNotContain("{{");
    if ("root".equals(System.getProperty("user.name"))) {
      // nginx started by root hands its workers to "nobody", who cannot use this folder.
      config = "user root;\n" + config;
    }
    Path file = Files.writeString(prefix.resolve("nginx.conf"), config);
    Process nginx =
        new ProcessBuilder(
                binary.toString(), "-p", prefix + "/", "-c", file.toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    open.add(
        () -> {
          nginx.destroy();
          if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
          }
        });
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!nginx.isAlive() || System.nanoTime() > until) {
          throw new IllegalStateException(
              "nginx did not start: "
                  + Files.readString(prefix.resolve("logs/stdout.log"))
                  + readIfThere(prefix.resolve("logs/error.log")),
              e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static String readIfThere(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
