package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many MCP clients over Streamable HTTP at once, for a while: no call may fail and every chat
 * session must hold exactly its own turns. Prints calls per second and latencies; the run lasts
 * {@code -Dhttpload.seconds=N} seconds (10 by default), the client count is {@code
 * -Dhttpload.clients=N} (32 by default).
 */
class HttpLoadIT {
  static final int CLIENTS = Integer.getInteger("httpload.clients", 32);
  static final Duration RUN = Duration.ofSeconds(Integer.getInteger("httpload.seconds", 10));

  @TempDir Path dir;

  /** What one client did: its latencies per tool, its failures and its chat sends. */
  record Outcome(
      String session, List<Long> askNanos, List<Long> chatNanos, List<String> failures) {}

  @Test
  void manyClientsCallingAskAndChatForAWhileAllSucceedAndKeepTheirSessions() throws Exception {
    try (FakeLmStudio fake = FakeLmStudio.builder().tokenDelay(Duration.ofMillis(1)).start();
        HttpServer server =
            HttpServer.start(
                Map.of("LM_STUDIO_URL", fake.url()),
                // Every client has one long call in flight: let all of them in, so the test
                // measures the transport, not the long-call gate (CallGateTest covers that).
                List.of(
                    "--sessions",
                    "sqlite:" + dir.resolve("load.db"),
                    "--max-long-calls",
                    String.valueOf(CLIENTS),
                    "--long-call-queue",
                    String.valueOf(CLIENTS)))) {
      List<McpSyncClient> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(server.client());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          McpSyncClient client = clients.get(i);
          String session = "load-" + i;
          futures.add(pool.submit(() -> drive(client, session, go)));
        }
        long start = System.nanoTime();
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
          outcomes.add(f.get(RUN.toSeconds() + 120, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Long> ask = new ArrayList<>();
        List<Long> chat = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
          ask.addAll(o.askNanos());
          chat.addAll(o.chatNanos());
          failures.addAll(o.failures());
        }
        System.out.printf(
            "HttpLoadIT: %d clients, %.1f s, %d calls (%.0f calls/s); "
                + "ask %d calls p50 %.1f ms p95 %.1f ms; chat send %d calls p50 %.1f ms p95 %.1f"
                + " ms; %d failed%n",
            CLIENTS,
            seconds,
            ask.size() + chat.size(),
            (ask.size() + chat.size()) / seconds,
            ask.size(),
            percentileMillis(ask, 50),
            percentileMillis(ask, 95),
            chat.size(),
            percentileMillis(chat, 50),
            percentileMillis(chat, 95),
            failures.size());

        assertThat(failures).isEmpty();
        assertThat(ask).isNotEmpty();
        assertThat(chat).isNotEmpty();
        McpSyncClient checker = clients.get(0);
        for (Outcome o : outcomes) {
          List<?> turns = history(checker, o.session());
          assertThat(turns).as(o.session()).hasSize(2 * o.chatNanos().size());
          for (int t = 0; t < turns.size(); t++) {
            Map<?, ?> turn = (Map<?, ?>) turns.get(t);
            assertThat(turn.get("role"))
                .as("%s turn %d", o.session(), t)
                .isEqualTo(t % 2 == 0 ? "user" : "assistant");
            String message = o.session() + " message " + (t / 2);
            assertThat((String) turn.get("content"))
                .isEqualTo(t % 2 == 0 ? message : "You said: " + message);
          }
        }
      } finally {
        pool.shutdownNow();
        for (McpSyncClient c : clients) {
          c.close();
        }
      }
    }
  }

  /** Alternates ask and chat send until the run is over; records every latency and failure. */
  private static Outcome drive(McpSyncClient client, String session, CountDownLatch go)
      throws InterruptedException {
    List<Long> ask = new ArrayList<>();
    List<Long> chat = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    go.await();
    long end = System.nanoTime() + RUN.toNanos();
    for (int n = 0; System.nanoTime() < end; n++) {
      boolean isAsk = n % 2 == 0;
      Map<String, Object> args =
          isAsk
              ? Map.of("model", FakeModel.LOADED_LLM, "prompt", session + " ask " + n)
              : Map.of(
                  "action",
                  "send",
                  "session_id",
                  session,
                  "model",
                  FakeModel.LOADED_LLM,
                  "message",
                  session + " message " + chat.size());
      long start = System.nanoTime();
      try {
        CallToolResult result =
            client.callTool(
                McpSchema.CallToolRequest.builder(isAsk ? "ask" : "chat").arguments(args).build());
        long took = System.nanoTime() - start;
        String text = ((TextContent) result.content().get(0)).text();
        String expected = "You said: " + (isAsk ? args.get("prompt") : args.get("message"));
        if (Boolean.TRUE.equals(result.isError()) || !text.startsWith(expected)) {
          failures.add(session + " call " + n + ": " + text);
        } else {
          (isAsk ? ask : chat).add(took);
        }
      } catch (RuntimeException e) {
        failures.add(session + " call " + n + ": " + e);
      }
    }
    return new Outcome(session, ask, chat, failures);
  }

  /** Every turn of a session, read 500 at a time. */
  private static List<?> history(McpSyncClient client, String session) {
    List<Object> all = new ArrayList<>();
    while (true) {
      CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("chat")
                  .arguments(
                      Map.of(
                          "action",
                          "history",
                          "session_id",
                          session,
                          "offset",
                          all.size(),
                          "limit",
                          500))
                  .build());
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      List<?> page = (List<?>) ((Map<?, ?>) result.structuredContent()).get("turns");
      all.addAll(page);
      if (page.size() < 500) {
        return all;
      }
    }
  }

  private static double percentileMillis(List<Long> nanos, int percentile) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
