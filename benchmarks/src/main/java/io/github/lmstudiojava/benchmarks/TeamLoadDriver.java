package io.github.lmstudiojava.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives {@code chat send} over Streamable HTTP from many MCP clients at once, for a fixed time;
 * used by {@code scripts/bench-team} against one or two servers behind nginx. Each client
 * initializes its own MCP session (again after a 404) and sends to a chat session of its own.
 *
 * <pre>
 * TeamLoadDriver ENDPOINT CLIENTS WARMUP_SECONDS SECONDS LABEL MODEL
 *     prints "calls N", "errors N", "seconds S" and "calls_per_s X" for the measured time
 * </pre>
 *
 * <p>A call counts when its answer is a result that says "You said:"; anything else (an {@code
 * isError} result, a refused or cut connection) is an error.
 */
public final class TeamLoadDriver {
  private final McpHttp mcp = new McpHttp("team-load-driver");
  private final URI endpoint;

  private TeamLoadDriver(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Runs the load and prints the figures.
   *
   * @param args {@code ENDPOINT CLIENTS WARMUP_SECONDS SECONDS LABEL MODEL}
   * @throws Exception when a client cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: TeamLoadDriver ENDPOINT CLIENTS WARMUP_SECONDS SECONDS LABEL MODEL");
      System.exit(2);
    }
    TeamLoadDriver driver = new TeamLoadDriver(URI.create(args[0]));
    int clients = Integer.parseInt(args[1]);
    long warmupNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
    long measureNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
    String label = args[4];
    String model = args[5];
    AtomicLong calls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String chat = label + "-" + c;
      running.add(
          pool.submit(
              () -> {
                driver.run(chat, model, measureFrom, end, calls, errors);
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    double seconds = measureNanos / 1e9;
    System.out.println("calls " + calls.get());
    System.out.println("errors " + errors.get());
    System.out.println("seconds " + String.format(Locale.ROOT, "%.1f", seconds));
    System.out.println("calls_per_s " + String.format(Locale.ROOT, "%.1f", calls.get() / seconds));
  }

  private void run(
      String chat, String model, long measureFrom, long end, AtomicLong calls, AtomicLong errors)
      throws IOException, InterruptedException {
    String session = mcp.initialize(endpoint);
    int id = 1;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      boolean counted = now >= measureFrom;
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + ++id
              + ",\"method\":\"tools/call\",\"params\":{\"name\":\"chat\",\"arguments\":{"
              + "\"action\":\"send\",\"session_id\":\""
              + chat
              + "\",\"model\":\""
              + model
              + "\",\"message\":\"message "
              + id
              + "\"}}}";
      HttpResponse<String> response;
      try {
        response = mcp.post(endpoint, body, session);
      } catch (IOException e) {
        count(counted, errors);
        continue;
      }
      if (response.statusCode() == 404) {
        session = mcp.initialize(endpoint);
        continue;
      }
      boolean ok =
          response.statusCode() == 200
              && response.body().contains("\"result\"")
              && response.body().contains("You said: message " + id)
              && !response.body().contains("\"isError\":true");
      count(counted && System.nanoTime() <= end, ok ? calls : errors);
    }
  }

  private static void count(boolean counted, AtomicLong counter) {
    if (counted) {
      counter.incrementAndGet();
    }
  }
}
