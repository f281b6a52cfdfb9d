package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * The push shape over an {@link SseStream}: the call runs on OkHttp's dispatcher, events go to a
 * listener, the outcome to a future.
 *
 * @param <E> the event type
 * @param <R> the result type
 */
public final class SseStreamCall<E, R> implements StreamCall<R> {
  private final SseStream<E, R> stream;
  private final CompletableFuture<R> result;

  private SseStreamCall(SseStream<E, R> stream) {
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

  /**
   * Starts a stream in the background.
   *
   * @param stream the stream, not yet opened
   * @param listener receives the events
   * @param <E> the event type
   * @param <R> the result type
   * @return the running call
   */
  public static <E, R> SseStreamCall<E, R> start(
      SseStream<E, R> stream, StreamListener<? super E> listener) {
    SseStreamCall<E, R> call = new SseStreamCall<>(stream);
    stream.startTimers();
    stream.call().enqueue(call.new Reader(listener));
    return call;
  }

  @Override
  public CompletableFuture<R> result() {
    return result;
  }

  @Override
  public R join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  @Override
  public void cancel() {
    result.cancel(false);
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  /** Reads the stream on OkHttp's dispatcher thread and feeds the listener. */
  private final class Reader implements Callback {
    private final StreamListener<? super E> listener;

    Reader(StreamListener<? super E> listener) {
      this.listener = listener;
    }

    @Override
    public void onFailure(Call call, IOException e) {
      RuntimeException failure = stream.failure(e);
      stream.fail(failure);
      stream.close();
      result.completeExceptionally(failure);
    }

    @Override
    public void onResponse(Call call, Response response) {
      try {
        stream.attachChecked(response);
        E event;
        while ((event = stream.next()) != null) {
          listener.onEvent(event);
        }
        result.complete(stream.result());
      } catch (RuntimeException e) {
        stream.fail(e);
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
