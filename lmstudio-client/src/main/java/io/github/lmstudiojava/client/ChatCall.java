package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.SseStream;
import io.github.lmstudiojava.client.internal.SseStreamCall;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A native chat stream running in the background, its events pushed to a {@link ChatListener}.
 *
 * <pre>{@code
 * ChatCall call = lms.streamChat(request, e -> System.out.println(e.type()));
 * ChatResult r = call.join();     // or call.result().thenAccept(...), or call.cancel()
 * }</pre>
 */
public final class ChatCall implements StreamCall<ChatResult> {
  private final SseStreamCall<ChatEvent, ChatResult> call;

  private ChatCall(SseStreamCall<ChatEvent, ChatResult> call) {
    this.call = call;
  }

  static ChatCall start(SseStream<ChatEvent, ChatResult> stream, ChatListener listener) {
    return new ChatCall(SseStreamCall.start(stream, listener));
  }

  /**
   * The outcome: completes with the result from {@code chat.end}, or exceptionally with a {@link
   * LmStudioException} (or a {@link CancellationException} after {@link #cancel()}).
   *
   * <p>Cancelling this future cancels the HTTP call.
   *
   * @return the future result
   */
  @Override
  public CompletableFuture<ChatResult> result() {
    return call.result();
  }

  /**
   * Waits for the outcome on this thread.
   *
   * @return the result
   * @throws LmStudioException the typed failure, unwrapped
   * @throws CancellationException when the call was cancelled
   */
  @Override
  public ChatResult join() {
    return call.join();
  }

  /** Cancels the HTTP call at once and frees the connection. Idempotent. */
  @Override
  public void cancel() {
    call.cancel();
  }

  /**
   * Whether the call is over: finished, failed or cancelled.
   *
   * @return true when done
   */
  @Override
  public boolean isDone() {
    return call.isDone();
  }
}
