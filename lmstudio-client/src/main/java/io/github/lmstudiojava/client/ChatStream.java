package io.github.lmstudiojava.client;

import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okio.Okio;

/**
 * A native chat stream read on the caller's thread: iterate its events, then take the result.
 *
 * <pre>{@code
 * try (ChatStream s = lms.streamChat(ChatRequest.of("qwen/qwen3-4b", "Tell me a story"))) {
 *   for (ChatEvent e : s) {
 *     if (e instanceof ChatEvent.MessageDelta) {
 *       System.out.print(((ChatEvent.MessageDelta) e).content());
 *     }
 *   }
 *   System.out.println(s.result().stats());
 * }
 * }</pre>
 *
 * <p>Iteration ends after {@link ChatEvent.ChatEnd}. If LM Studio sent an {@link ChatEvent.Error},
 * or the stream breaks, ends early or times out, iteration (or {@link #result()}) throws a {@link
 * LmStudioStreamException} or {@link LmStudioTimeoutException} that carries everything received.
 * {@link #close()} cancels the HTTP call at once if the stream is not over and frees the
 * connection. Not thread-safe, except {@link #close()}, which any thread may call.
 */
public final class ChatStream implements Iterable<ChatEvent>, AutoCloseable {
  private final NativeStream stream;
  private boolean iterated;
  private volatile boolean closed;
  private volatile boolean closedEarly;

  ChatStream(NativeStream stream) {
    this.stream = stream;
  }

  /**
   * A stream over recorded server-sent events, such as a saved {@code /api/v1/chat} response: the
   * same typed events, result and errors as a live stream, without a server. Useful to test code
   * that consumes streams, and to inspect a captured stream.
   *
   * @param sse the recorded event stream; closed when this stream is closed or finished
   * @return the stream
   */
  public static ChatStream replay(InputStream sse) {
    Objects.requireNonNull(sse, "sse == null");
    return new ChatStream(NativeStream.replay(Okio.buffer(Okio.source(sse))));
  }

  /**
   * The events, in order; can be taken once.
   *
   * @return an iterator that reads from the network as it goes
   * @throws IllegalStateException when called a second time
   */
  @Override
  public Iterator<ChatEvent> iterator() {
    if (iterated) {
      throw new IllegalStateException("a ChatStream can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private ChatEvent next;

      @Override
      public boolean hasNext() {
        if (next == null && !closed) {
          next = stream.next();
          if (next == null) {
            // Surfaces an error event as an exception once chat.end has been read.
            stream.result();
          }
        }
        return next != null;
      }

      @Override
      public ChatEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ChatEvent event = next;
        next = null;
        return event;
      }
    };
  }

  /**
   * The events as a sequential {@link Stream}; can be taken once, like {@link #iterator()}.
   *
   * @return the events
   */
  public Stream<ChatEvent> events() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * Reads any events not yet iterated and returns the final result.
   *
   * @return the result from {@code chat.end}
   * @throws LmStudioStreamException when LM Studio sent an error or the stream broke
   * @throws LmStudioTimeoutException when a limit ran out
   * @throws IllegalStateException when the stream was closed before it finished
   */
  public ChatResult result() {
    if (closedEarly) {
      throw new IllegalStateException("the stream was closed before it finished");
    }
    while (stream.next() != null) {
      // Draining: the accumulator keeps what is needed.
    }
    return stream.result();
  }

  /**
   * The answer text, after reading the rest of the stream.
   *
   * @return the result's {@link ChatResult#text()}
   */
  public String text() {
    return result().text();
  }

  /** Cancels the HTTP call if the stream is not over, and frees the connection. Idempotent. */
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
