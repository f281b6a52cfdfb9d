package io.github.lmstudiojava.client;

import java.time.Duration;
import java.util.List;

/**
 * Observes the calls a client makes to LM Studio, in the manner of OkHttp's {@code EventListener}:
 * when each starts, is retried and ends (or fails), and, for native chat streams, the model's load
 * progress, the first token, every token and the final stats. Metrics, tracing and logging build on
 * it; the client's own debug logging is one (see {@link LmStudio.Builder#listener}).
 *
 * <pre>{@code
 * LmStudio lms = LmStudio.builder()
 *     .listener(new LmStudioListener() {
 *       @Override
 *       public void firstToken(CallInfo call, Duration sinceStart) {
 *         System.err.println(call + ": first token after " + sinceStart.toMillis() + " ms");
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Every method does nothing unless overridden. They are called on the thread that makes the call
 * or reads the stream (for a {@link ChatCall}, OkHttp's), so they must return quickly; a {@link
 * RuntimeException} thrown by one is dropped, never passed to the caller. Each call ends with
 * exactly one of {@link #callEnd} and {@link #callFailed}. A call counts from its start to its last
 * byte: for a stream, from sending the request to the last event, or to its cancellation.
 */
public abstract class LmStudioListener {
  /** A listener that does nothing; the default. */
  public static final LmStudioListener NONE = new LmStudioListener() {};

  /** For subclasses. */
  protected LmStudioListener() {}

  /**
   * One listener that tells several, in order; one that throws does not keep the next from being
   * told.
   *
   * @param listeners the listeners
   * @return {@link #NONE} for none, the listener itself for one, else a listener telling each
   */
  public static LmStudioListener of(List<? extends LmStudioListener> listeners) {
    List<LmStudioListener> all =
        listeners.stream().filter(l -> l != NONE).map(l -> (LmStudioListener) l).toList();
    if (all.isEmpty()) {
      return NONE;
    }
    return all.size() == 1 ? all.get(0) : new io.github.lmstudiojava.client.internal.Listeners(all);
  }

  /**
   * A call is about to send its request (the first attempt of a retried one).
   *
   * @param call the call
   */
  public void callStart(CallInfo call) {}

  /**
   * A retryable read failed and will be sent again after {@code wait}.
   *
   * @param call the call
   * @param attempt the attempt that failed, from 1
   * @param wait the pause before the next attempt
   * @param reason why, such as {@code HTTP 503} or the I/O error
   */
  public void retry(CallInfo call, int attempt, Duration wait, String reason) {}

  /**
   * The model a native chat stream waits for made loading progress.
   *
   * @param call the call
   * @param progress from 0 to 1
   */
  public void modelLoadProgress(CallInfo call, double progress) {}

  /**
   * The first token of a native chat stream (reasoning or message) arrived.
   *
   * @param call the call
   * @param sinceStart the time since {@link #callStart}
   */
  public void firstToken(CallInfo call, Duration sinceStart) {}

  /**
   * A token (a reasoning or message delta) of a native chat stream arrived; called for the first
   * one too.
   *
   * @param call the call
   */
  public void token(CallInfo call) {}

  /**
   * A native chat ended and LM Studio reported its stats (streamed or not).
   *
   * @param call the call
   * @param modelInstanceId the instance that answered
   * @param stats token counts, tokens per second, time to first token
   */
  public void stats(CallInfo call, String modelInstanceId, ChatStats stats) {}

  /**
   * A call ended well: its whole answer was read.
   *
   * @param call the call
   * @param status the HTTP status of the last attempt
   * @param duration the time since {@link #callStart}
   */
  public void callEnd(CallInfo call, int status, Duration duration) {}

  /**
   * A call failed, timed out or was cancelled; {@code failure} is what the caller receives (a
   * {@link LmStudioException}, or a {@link java.util.concurrent.CancellationException} for a
   * cancelled stream).
   *
   * @param call the call
   * @param failure the failure
   * @param duration the time since {@link #callStart}
   */
  public void callFailed(CallInfo call, RuntimeException failure, Duration duration) {}

  /**
   * What a listener is told about a call: its method, path and whether it streams. Never the token,
   * the query string or a body.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param path the URL path, such as {@code /api/v1/chat}
   * @param stream whether the answer is an event stream
   */
  public record CallInfo(String method, String path, boolean stream) {
    /** Shows {@code METHOD /path}, with {@code (stream)} for a stream. */
    @Override
    public String toString() {
      return method + " " + path + (stream ? " (stream)" : "");
    }
  }
}
