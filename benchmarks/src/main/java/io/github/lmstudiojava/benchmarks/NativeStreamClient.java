package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Streams one long native chat from a server (normally {@code FakeLmStudioServer}) several times
 * with the client, and prints how long each stream took from sending the request to the last event,
 * for {@code benchmarks/stream-vs-curl.sh}.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.lmstudiojava.benchmarks.NativeStreamClient URL [TOKENS [RUNS [--curl]]]} (defaults
 * 100000 and 5). It asks for {@code count to TOKENS}, which the fake answers with one delta per
 * number, and fails unless every run received exactly TOKENS message deltas and a {@code chat.end}.
 * Each line of output is {@code run N: MILLIS ms, EVENTS events}; the first run includes the
 * client's warm-up (class loading, JIT). With {@code --curl}, the same request is also made with
 * {@code curl} right after each run, and {@code curl N: MILLIS ms} (curl's own {@code time_total})
 * follows each line: the two alternate, so that a slow spell of the machine falls on both alike.
 */
public final class NativeStreamClient {
  static final String MODEL = "ibm/granite-4-micro";

  private NativeStreamClient() {}

  /** The same request made by curl, its output thrown away; curl's own time_total, in ms. */
  private static double curl(String url, int tokens) throws IOException, InterruptedException {
    String body =
        "{\"model\":\"" + MODEL + "\",\"input\":\"count to " + tokens + "\",\"stream\":true}";
    Process p =
        new ProcessBuilder(
                "curl",
                "-sS",
                "-N",
                "-o",
                "/dev/null",
                "-w",
                "%{time_total}",
                "-H",
                "Content-Type: application/json",
                "-d",
                body,
                url.replaceAll("/+$", "") + "/api/v1/chat")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("curl failed (status " + p.exitValue() + ")");
    }
    return Double.parseDouble(out) * 1000;
  }

  /**
   * Runs the streams.
   *
   * @param args the server URL, then optionally the token count, the number of runs and {@code
   *     --curl}
   * @throws IOException when curl cannot be run
   * @throws InterruptedException when interrupted while curl runs
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 1 || args.length > 4 || (args.length == 4 && !args[3].equals("--curl"))) {
      System.err.println("Usage: NativeStreamClient URL [TOKENS [RUNS [--curl]]]");
      System.exit(2);
    }
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean curl = args.length == 4;
    try (LmStudio lms = LmStudio.builder().baseUrl(args[0]).build()) {
      ChatRequest request = ChatRequest.builder(MODEL).input("count to " + tokens).build();
      for (int run = 1; run <= runs; run++) {
        long start = System.nanoTime();
        int events = 0;
        int deltas = 0;
        boolean ended = false;
        try (ChatStream stream = lms.streamChat(request)) {
          for (ChatEvent event : stream) {
            events++;
            if (event instanceof ChatEvent.MessageDelta) {
              deltas++;
            } else if (event instanceof ChatEvent.ChatEnd) {
              ended = true;
            }
          }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (deltas != tokens || !ended) {
          throw new IllegalStateException(
              "run " + run + " received " + deltas + " deltas, ended: " + ended);
        }
        System.out.printf(Locale.ROOT, "run %d: %.1f ms, %d events%n", run, millis, events);
        if (curl) {
          System.out.printf(Locale.ROOT, "curl %d: %.1f ms%n", run, curl(args[0], tokens));
        }
      }
    }
  }
}
