package io.github.lmstudiojava.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives an MCP server process over stdio, line-delimited JSON-RPC written and read directly (no
 * MCP SDK), so the client's own overhead is small and the same whatever the server; used by {@code
 * benchmarks/mcp-vs-peer.sh}. The server inherits this process's environment.
 *
 * <pre>
 * McpProcessDriver startup RUNS STDERR_FILE -- COMMAND...
 *     RUNS fresh processes, each timed from spawn to the tools/list answer; prints
 *     "startup_ms V" per run and "tools_list_bytes N"
 * McpProcessDriver calls CALLS WARMUP MODEL STDERR_FILE -- COMMAND...
 *     one process, WARMUP then CALLS calls of ask and of model_list, one at a time; prints
 *     "ask_p50_ms", "ask_p95_ms", "model_list_p50_ms", "model_list_p95_ms" and "vmhwm_kb" (the
 *     process's peak resident set from /proc, -1 where there is none)
 * </pre>
 *
 * <p>With the environment variable {@code BENCH_TIMELINE} naming a file, {@code calls} also writes
 * one line per measured call to it: the tool, {@link System#nanoTime()} at its start (on Linux the
 * monotonic clock every process shares, the one a JVM's {@code -Xlog} decorator {@code tn} prints)
 * and its round trip in milliseconds; set beside the server's own logs, it shows what happened in
 * the server during each slow call.
 *
 * <p>Every answer is checked (a result, not an error; {@code ask} says "You said:"; {@code
 * model_list} names MODEL), and every stdout line must be a JSON-RPC message: anything else ends
 * the run with status 1.
 */
public final class McpProcessDriver {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"mcp-process-driver\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final Process process;
  private final OutputStream stdin;
  private final BufferedReader stdout;
  private int nextId = 1;

  private McpProcessDriver(List<String> command, File stderr) throws IOException {
    process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr)).start();
    stdin = process.getOutputStream();
    stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Runs one of the two measurements.
   *
   * @param args {@code startup ...} or {@code calls ...}, as in the class comment
   * @throws Exception when the server fails, answers wrongly or writes anything but JSON-RPC
   */
  public static void main(String[] args) throws Exception {
    int dashes = Arrays.asList(args).indexOf("--");
    if (dashes < 0 || dashes == args.length - 1) {
      usage();
    }
    List<String> command = List.of(args).subList(dashes + 1, args.length);
    String[] own = Arrays.copyOf(args, dashes);
    if (own.length == 3 && own[0].equals("startup")) {
      startup(Integer.parseInt(own[1]), new File(own[2]), command);
    } else if (own.length == 5 && own[0].equals("calls")) {
      calls(Integer.parseInt(own[1]), Integer.parseInt(own[2]), own[3], new File(own[4]), command);
    } else {
      usage();
    }
  }

  private static void usage() {
    System.err.println(
        "usage: McpProcessDriver startup RUNS STDERR_FILE -- COMMAND...\n"
            + "       McpProcessDriver calls CALLS WARMUP MODEL STDERR_FILE -- COMMAND...");
    System.exit(2);
  }

  private static void startup(int runs, File stderr, List<String> command) throws Exception {
    int bytes = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      McpProcessDriver server = new McpProcessDriver(command, stderr);
      try {
        server.initialize();
        String tools = server.request("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/list\"}");
        long elapsed = System.nanoTime() - start;
        check(
            tools.contains("\"model_list\"") && tools.contains("\"ask\""), "tools/list: " + tools);
        bytes = tools.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "startup_ms %.1f%n", elapsed / 1e6);
        server.finish();
      } finally {
        server.process.destroyForcibly();
      }
    }
    System.out.println("tools_list_bytes " + bytes);
  }

  private static void calls(int calls, int warmup, String model, File stderr, List<String> command)
      throws Exception {
    McpProcessDriver server = new McpProcessDriver(command, stderr);
    try {
      server.initialize();
      String ask =
          "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"model\":\""
              + model
              + "\",\"prompt\":\"How far is the moon?\"}}}";
      String list =
          "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
              + "\"params\":{\"name\":\"model_list\",\"arguments\":{}}}";
      for (int i = 0; i < warmup; i++) {
        server.call(ask, "You said: How far is the moon?");
        server.call(list, model);
      }
      StringBuilder timeline = new StringBuilder();
      double[] askMs = new double[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        askMs[i] = server.call(ask, "You said: How far is the moon?");
        timeline.append(String.format(Locale.ROOT, "ask %d %.3f%n", start, askMs[i]));
      }
      double[] listMs = new double[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        listMs[i] = server.call(list, model);
        timeline.append(String.format(Locale.ROOT, "model_list %d %.3f%n", start, listMs[i]));
      }
      String timelineFile = System.getenv("BENCH_TIMELINE");
      if (timelineFile != null && !timelineFile.isEmpty()) {
        Files.writeString(Path.of(timelineFile), timeline);
      }
      long hwm = peakRssKb(server.process.pid());
      System.out.printf(Locale.ROOT, "ask_p50_ms %.3f%n", percentile(askMs, 50));
      System.out.printf(Locale.ROOT, "ask_p95_ms %.3f%n", percentile(askMs, 95));
      System.out.printf(Locale.ROOT, "model_list_p50_ms %.3f%n", percentile(listMs, 50));
      System.out.printf(Locale.ROOT, "model_list_p95_ms %.3f%n", percentile(listMs, 95));
      System.out.println("vmhwm_kb " + hwm);
      server.finish();
    } finally {
      server.process.destroyForcibly();
    }
  }

  private void initialize() throws IOException {
    send(INITIALIZE);
    String answer = answer(0);
    check(answer.contains("\"result\""), "initialize: " + answer);
    send(INITIALIZED);
  }

  /** Sends a request (its {@code %d} becomes a fresh id) and returns the answer line. */
  private String request(String template) throws IOException {
    int id = nextId++;
    send(String.format(Locale.ROOT, template, id));
    return answer(id);
  }

  /** One tool call, checked; returns its round trip in milliseconds. */
  private double call(String template, String expected) throws IOException {
    long start = System.nanoTime();
    String answer = request(template);
    long elapsed = System.nanoTime() - start;
    @SuppressWarnings("unchecked")
    Map<String, Object> result =
        (Map<String, Object>) ((Map<?, ?>) JSON.fromJson(answer)).get("result");
    check(
        result != null
            && !Boolean.TRUE.equals(result.get("isError"))
            && String.valueOf(result.get("content")).contains(expected),
        "unexpected answer: " + answer);
    return elapsed / 1e6;
  }

  private void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Reads stdout up to the answer to {@code id}, skipping notifications; checks every line. */
  private String answer(int id) throws IOException {
    while (true) {
      String line = stdout.readLine();
      check(line != null, "the server closed stdout before answering request " + id);
      Object parsed;
      try {
        parsed = JSON.fromJson(line);
      } catch (IOException | RuntimeException e) {
        parsed = null;
      }
      check(
          parsed instanceof Map<?, ?> m && "2.0".equals(m.get("jsonrpc")),
          "not a JSON-RPC message on stdout: " + line);
      Map<?, ?> message = (Map<?, ?>) parsed;
      Object answered = message.get("id");
      if (message.containsKey("method") || !(answered instanceof Number n)) {
        continue;
      }
      check(n.intValue() == id, "expected the answer to " + id + ", got " + line);
      return line;
    }
  }

  /** Closes stdin and waits for the server to exit; checks nothing more was written. */
  private void finish() throws Exception {
    stdin.close();
    String extra;
    while ((extra = stdout.readLine()) != null) {
      check(extra.startsWith("{") && extra.contains("\"jsonrpc\""), "not JSON-RPC: " + extra);
    }
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static long peakRssKb(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** The nearest-rank percentile. */
  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      System.err.println("McpProcessDriver: " + message);
      System.exit(1);
    }
  }
}
