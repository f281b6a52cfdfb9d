package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.SseEventStream;
import io.github.lmstudiojava.client.internal.SseStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
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
public final class ChatStream implements EventStream<ChatEvent, ChatResult> {
  private final SseEventStream<ChatEvent, ChatResult> stream;

  ChatStream(SseStream<ChatEvent, ChatResult> stream) {
    this.stream = new SseEventStream<>(stream);
  }

  static NativeChatProtocol protocol(String what) {
    return new NativeChatProtocol(what);
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
    return new ChatStream(
        SseStream.replay(Okio.buffer(Okio.source(sse)), protocol("a replayed stream")));
  }

  /**
   * The events, in order; can be taken once.
   *
   * @return an iterator that reads from the network as it goes
   * @throws IllegalStateException when called a second time
   */
  @Override
  public Iterator<ChatEvent> iterator() {
    return stream.iterator();
  }

  /**
   * The events as a sequential {@link Stream}; can be taken once, like {@link #iterator()}.
   *
   * @return the events
   */
  @Override
  public Stream<ChatEvent> events() {
    return stream.events();
  }

  /**
   * Reads any events not yet iterated and returns the final result.
   *
   * @return the result from {@code chat.end}
   * @throws LmStudioStreamException when LM Studio sent an error or the stream broke
   * @throws LmStudioTimeoutException when a limit ran out
   * @throws IllegalStateException when the stream was closed before it finished
   */
  @Override
  public ChatResult result() {
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
    stream.close();
  }
}
