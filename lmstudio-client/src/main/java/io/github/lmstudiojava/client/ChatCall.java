package io.github.lmstudiojava.client;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * A native chat stream running in the background, its events pushed to a {@link ChatListener}.
 *
 * <pre>{@code
 * ChatCall call = lms.streamChat(request, e -> System.out.println(e.type()));
 * ChatResult r = call.join();     // or call.result().thenAccept(...), or call.cancel()
 * }</pre>
 */
public final class ChatCall {
  private final NativeStream stream;
  private final CompletableFuture<ChatResult> result;

  private ChatCall(NativeStream stream) {
    this.stream = stream;
    this.result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            stream.cancel();
            return super.cancel(mayInterruptIfRunning);
          }
        };
  }

  static ChatCall start(NativeStream stream, ChatListener listener) {
    ChatCall chatCall = new ChatCall(stream);
    stream.startTimers();
    stream.call().enqueue(chatCall.new Reader(listener));
    return chatCall;
  }

  /**
   * The outcome: completes with the result from {@code chat.end}, or exceptionally with a {@link
   * LmStudioException} (or a {@link CancellationException} after {@link #cancel()}).
   *
   * <p>Cancelling this future cancels the HTTP call.
   *
   * @return the future result
   */
  public CompletableFuture<ChatResult> result() {
    return result;
  }

  /**
   * Waits for the outcome on this thread.
   *
   * @return the result
   * @throws LmStudioException the typed failure, unwrapped
   * @throws CancellationException when the call was cancelled
   */
  public ChatResult join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** Cancels the HTTP call at once and frees the connection. Idempotent. */
  public void cancel() {
    result.cancel(false);
  }

  /**
   * Whether the call is over: finished, failed or cancelled.
   *
   * @return true when done
   */
  public boolean isDone() {
    return result.isDone();
  }

  /** Reads the stream on OkHttp's dispatcher thread and feeds the listener. */
  private final class Reader implements Callback {
    private final ChatListener listener;

    Reader(ChatListener listener) {
      this.listener = listener;
    }

    @Override
    public void onFailure(Call call, IOException e) {
      RuntimeException failure = stream.failure(e);
      stream.close();
      result.completeExceptionally(failure);
    }

    @Override
    public void onResponse(Call call, Response response) {
      try {
        stream.attachChecked(response);
        ChatEvent event;
        while ((event = stream.next()) != null) {
          listener.onEvent(event);
        }
        result.complete(stream.result());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      } catch (Error e) {
        result.completeExceptionally(e);
        throw e;
      } finally {
        stream.close();
      }
    }
  }
}
