package io.github.lmstudiojava.client;

/**
 * Receives the events of a stream running in the background: the push shape shared by every
 * streaming endpoint ({@link ChatListener} for native chat).
 *
 * <p>Events arrive in order on one of the HTTP client's threads. The outcome is not delivered here
 * but through {@link StreamCall#result()}, so it cannot be missed. If this method throws, the call
 * is cancelled and the result completes with that exception.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface StreamListener<E> {
  /**
   * Called for each event, the last included.
   *
   * @param event the event
   */
  void onEvent(E event);
}
