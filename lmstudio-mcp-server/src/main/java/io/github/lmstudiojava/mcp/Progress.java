package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;

/**
 * MCP progress notifications for one tool call. The progress value counts notifications, so it
 * always increases; the message says what LM Studio is doing. Updates are sent at most every {@link
 * #MIN_GAP}, and a heartbeat repeats the last state when nothing was sent for {@link #HEARTBEAT},
 * so that clients that time out quiet calls keep waiting. Without a progress token from the client
 * nothing is sent.
 */
final class Progress {
  static final Duration MIN_GAP = Duration.ofMillis(250);
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final McpSyncServerExchange exchange;
  private final Object token;
  private final long startNanos = System.nanoTime();
  private long lastSentNanos = startNanos;
  private int count;
  private String state = "working";
  private volatile boolean heardFromLmStudio;

  Progress(McpSyncServerExchange exchange, Object token) {
    this.exchange = exchange;
    this.token = token;
  }

  /** A progress that sends nothing, for calls without a client to report to. */
  static Progress none() {
    return new Progress(null, null);
  }

  /** Notes that LM Studio's answer has begun (an event or a token arrived). */
  void heardFromLmStudio() {
    heardFromLmStudio = true;
  }

  /** Whether LM Studio's answer had begun, so a stop can say whether anything arrived. */
  boolean lmStudioAnswered() {
    return heardFromLmStudio;
  }

  boolean enabled() {
    return token != null && exchange != null;
  }

  /** Reports a new state if the last notification is older than {@link #MIN_GAP}. */
  synchronized void update(String message) {
    state = message;
    if (System.nanoTime() - lastSentNanos >= MIN_GAP.toNanos()) {
      send(message);
    }
  }

  /** Reports a state change that must not be dropped, such as a finished load. */
  synchronized void milestone(String message) {
    state = message;
    send(message);
  }

  /** Repeats the last state, with the time spent, when nothing was sent for a while. */
  synchronized void heartbeat() {
    if (System.nanoTime() - lastSentNanos >= HEARTBEAT.toNanos()) {
      long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
      send(state + " (" + seconds + " s)");
    }
  }

  private void send(String message) {
    lastSentNanos = System.nanoTime();
    if (!enabled()) {
      return;
    }
    count++;
    try {
      exchange.progressNotification(new ProgressNotification(token, count, null, message));
    } catch (RuntimeException e) {
      // A client that went away cannot be told; the call's own outcome reports the rest.
      ServerLog.LOG.debug("progress notification not sent: {}", e.toString());
    }
  }
}
