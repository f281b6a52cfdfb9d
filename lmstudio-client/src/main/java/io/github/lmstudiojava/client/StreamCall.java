package io.github.lmstudiojava.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A stream running in the background whose events go to a {@link StreamListener}: the handle of the
 * push shape ({@link ChatCall} for native chat).
 *
 * @param <R> the result type
 */
public interface StreamCall<R> {
  /**
   * The outcome: completes with the stream's result, or exceptionally with a {@link
   * LmStudioException} (or a {@link CancellationException} after {@link #cancel()}). Cancelling
   * this future cancels the HTTP call.
   *
   * @return the future result
   */
  CompletableFuture<R> result();

  /**
   * Waits for the outcome on this thread.
   *
   * @return the result
   * @throws LmStudioException the typed failure, unwrapped
   * @throws CancellationException when the call was cancelled
   */
  R join();

  /** Cancels the HTTP call at once and frees the connection. Idempotent. */
  void cancel();

  /**
   * Whether the call is over: finished, failed or cancelled.
   *
   * @return true when done
   */
  boolean isDone();
}
