package io.github.lmstudiojava.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a fixed number of requests in flight for a fixed time after a warm-up and prints the
 * throughput and latency percentiles; used by {@code scripts/bench-http}. Two kinds of load:
 *
 * <pre>
 * CallLoadDriver mcp ENDPOINT IN_FLIGHT SESSIONS WARMUP_SECONDS SECONDS TOOL ARGUMENTS_JSON EXPECT
 *     one MCP tools/call of TOOL with ARGUMENTS_JSON per request over Streamable HTTP; SESSIONS is
 *     "each" (every in-flight slot initializes an MCP session of its own, again after a 404) or
 *     "one" (all slots share one session); a call counts when its answer is a result containing
 *     EXPECT and no isError
 * CallLoadDriver native URL IN_FLIGHT WARMUP_SECONDS SECONDS MODEL PROMPT
 *     one streamed native chat (POST URL/api/v1/chat, stream true, store false) per request, read
 *     to its end; it counts when the stream ends with chat.end
 * </pre>
 *
 * <p>Both print {@code calls N}, {@code errors N}, {@code seconds S}, {@code calls_per_s X}, {@code
 * p50_ms X} and {@code p95_ms X} for the measured time (latency of the counted calls, from sending
 * the request to the whole answer).
 */
public final class CallLoadDriver {
  private final McpHttp mcp = new McpHttp("call-load-driver");
  private final AtomicLong ids = new AtomicLong();

  private CallLoadDriver() {}

  /** One request of a slot: true when it counts as a call, false for an error. */
  private interface Request {
    boolean send() throws IOException, InterruptedException;
  }

  /**
   * Runs the load and prints the figures.
   *
   * @param args see the class description
   * @throws Exception when a slot cannot start
   */
  public static void main(String[] args) throws Exception {
    CallLoadDriver driver = new CallLoadDriver();
    if (args.length == 9 && args[0].equals("mcp")) {
      driver.mcp(args);
    } else if (args.length == 7 && args[0].equals("native")) {
      driver.nativeChat(args);
    } else {
      System.err.println(
          "usage: CallLoadDriver mcp ENDPOINT IN_FLIGHT each|one WARMUP_SECONDS SECONDS TOOL"
              + " ARGUMENTS_JSON EXPECT\n"
              + "       CallLoadDriver native URL IN_FLIGHT WARMUP_SECONDS SECONDS MODEL PROMPT");
      System.exit(2);
    }
  }

  private void mcp(String[] args) throws Exception {
    URI endpoint = URI.create(args[1]);
    int inFlight = Integer.parseInt(args[2]);
    boolean shared = args[3].equals("one");
    if (!shared && !args[3].equals("each")) {
      throw new IllegalArgumentException("SESSIONS must be each or one, not " + args[3]);
    }
    String tool = args[6];
    String arguments = args[7];
    String expect = args[8];
    String sharedSession = shared ? mcp.initialize(endpoint) : null;
    List<Request> slots = new ArrayList<>();
    for (int s = 0; s < inFlight; s++) {
      String[] session = {sharedSession};
      slots.add(
          () -> {
            if (session[0] == null) {
              session[0] = mcp.initialize(endpoint);
            }
            String body =
                "{\"jsonrpc\":\"2.0\",\"id\":"
                    + ids.incrementAndGet()
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + tool
                    + "\",\"arguments\":"
                    + arguments
                    + "}}";
            HttpResponse<String> response = mcp.post(endpoint, body, session[0]);
            if (response.statusCode() == 404 && !shared) {
              session[0] = null;
              return false;
            }
            return response.statusCode() == 200
                && response.body().contains("\"result\"")
                && response.body().contains(expect)
                && !response.body().contains("\"isError\":true");
          });
    }
    run(slots, args[4], args[5]);
  }

  private void nativeChat(String[] args) throws Exception {
    URI chat = URI.create(args[1].replaceAll("/+$", "") + "/api/v1/chat");
    int inFlight = Integer.parseInt(args[2]);
    String body =
        "{\"model\":\""
            + args[5]
            + "\",\"input\":\""
            + args[6]
            + "\",\"store\":false,\"stream\":true}";
    List<Request> slots = new ArrayList<>();
    for (int s = 0; s < inFlight; s++) {
      slots.add(
          () -> {
            HttpRequest request =
                HttpRequest.newBuilder(chat)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response =
                mcp.http().send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("chat.end");
          });
    }
    run(slots, args[3], args[4]);
  }

  private static void run(List<Request> slots, String warmup, String measured) throws Exception {
    long warmupNanos = Duration.ofSeconds(Long.parseLong(warmup)).toNanos();
    long measureNanos = Duration.ofSeconds(Long.parseLong(measured)).toNanos();
    long measureFrom = System.nanoTime() + warmupNanos;
    long end = measureFrom + measureNanos;
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(slots.size());
    List<Future<long[]>> running = new ArrayList<>();
    for (Request slot : slots) {
      running.add(pool.submit(() -> drive(slot, measureFrom, end, errors)));
    }
    List<long[]> perSlot = new ArrayList<>();
    for (Future<long[]> f : running) {
      perSlot.add(f.get());
    }
    pool.shutdown();
    long[] latencies = perSlot.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double seconds = measureNanos / 1e9;
    System.out.println("calls " + latencies.length);
    System.out.println("errors " + errors.get());
    System.out.println("seconds " + String.format(Locale.ROOT, "%.1f", seconds));
    System.out.println(
        "calls_per_s " + String.format(Locale.ROOT, "%.1f", latencies.length / seconds));
    System.out.println("p50_ms " + percentile(latencies, 50));
    System.out.println("p95_ms " + percentile(latencies, 95));
  }

  /** Sends requests one after another until {@code end}; returns the counted calls' latencies. */
  private static long[] drive(Request slot, long measureFrom, long end, AtomicLong errors)
      throws InterruptedException {
    long[] latencies = new long[1024];
    int n = 0;
    while (true) {
      long start = System.nanoTime();
      if (start >= end) {
        return Arrays.copyOf(latencies, n);
      }
      boolean ok;
      try {
        ok = slot.send();
      } catch (IOException e) {
        ok = false;
      }
      long done = System.nanoTime();
      if (start < measureFrom || done > end) {
        continue;
      }
      if (!ok) {
        errors.incrementAndGet();
      } else {
        if (n == latencies.length) {
          latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = done - start;
      }
    }
  }

  private static String percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return "-";
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return String.format(Locale.ROOT, "%.1f", sorted[Math.max(index, 0)] / 1e6);
  }
}
