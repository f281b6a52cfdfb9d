package io.github.lmstudiojava.client;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A stream of typed events read on the caller's thread, ending in a result: the pull shape shared
 * by every streaming endpoint ({@link ChatStream} for native chat, and the compatible surfaces).
 *
 * <pre>{@code
 * try (EventStream<E, R> stream = ...) {
 *   for (E event : stream) { ... }     // reads from the network as it goes
 *   R result = stream.result();
 * }
 * }</pre>
 *
 * <p>If the stream breaks, stalls, ends early or carries an error, iteration (or {@link #result()})
 * throws a {@link LmStudioStreamException} or {@link LmStudioTimeoutException} holding what was
 * received. {@link #close()} cancels the HTTP call at once and frees the connection.
 *
 * @param <E> the event type
 * @param <R> the result type
 */
public interface EventStream<E, R> extends Iterable<E>, AutoCloseable {
  /**
   * The events in order; can be taken once.
   *
   * @return an iterator that reads from the network as it goes
   * @throws IllegalStateException when called a second time
   */
  @Override
  Iterator<E> iterator();

  /**
   * The events as a sequential {@link Stream}; can be taken once, like {@link #iterator()}.
   *
   * @return the events
   */
  Stream<E> events();

  /**
   * Reads any events not yet iterated and returns the final result.
   *
   * @return the result
   * @throws LmStudioStreamException when the stream carried an error or broke
   * @throws LmStudioTimeoutException when a limit ran out
   * @throws IllegalStateException when the stream was closed before it finished
   */
  R result();

  /** Cancels the HTTP call if the stream is not over, and frees the connection. Idempotent. */
  @Override
  void close();
}
