package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.EventStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pull shape over an {@link SseStream}: iterate on the caller's thread, then take the result.
 * Not thread-safe, except {@link #close()}, which any thread may call.
 *
 * @param <E> the event type
 * @param <R> the result type
 */
public final class SseEventStream<E, R> implements EventStream<E, R> {
  private final SseStream<E, R> stream;
  private boolean iterated;
  private volatile boolean closed;
  private volatile boolean closedEarly;

  /**
   * Wraps an opened stream.
   *
   * @param stream the stream, already opened
   */
  public SseEventStream(SseStream<E, R> stream) {
    this.stream = stream;
  }

  @Override
  public Iterator<E> iterator() {
    if (iterated) {
      throw new IllegalStateException("a stream can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private E next;

      @Override
      public boolean hasNext() {
        if (next == null && !closed) {
          next = stream.next();
          if (next == null) {
            // Surfaces a failure announced by an error event once the last event has been read.
            stream.result();
          }
        }
        return next != null;
      }

      @Override
      public E next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        E event = next;
        next = null;
        return event;
      }
    };
  }

  @Override
  public Stream<E> events() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public R result() {
    if (closedEarly) {
      throw new IllegalStateException("the stream was closed before it finished");
    }
    while (stream.next() != null) {
      // Draining: the protocol keeps what the result needs.
    }
    return stream.result();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      // Closing marks the stream finished, so remember whether it was over before.
      closedEarly = !stream.isFinished();
      stream.close();
    }
  }
}
