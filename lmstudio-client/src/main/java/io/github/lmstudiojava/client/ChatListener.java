package io.github.lmstudiojava.client;

/**
 * Receives the events of a native chat stream started with {@link LmStudio#streamChat(ChatRequest,
 * ChatListener)}.
 *
 * <p>Events arrive in order on one of the HTTP client's threads. The outcome (result or failure) is
 * not delivered here but through {@link ChatCall#result()}, so it cannot be missed. If this method
 * throws, the call is cancelled and the result completes with that exception.
 */
@FunctionalInterface
public interface ChatListener extends StreamListener<ChatEvent> {
  /**
   * Called for each event, {@link ChatEvent.ChatEnd} included.
   *
   * @param event the event
   */
  @Override
  void onEvent(ChatEvent event);
}
