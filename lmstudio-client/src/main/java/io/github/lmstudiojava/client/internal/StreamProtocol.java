package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.LmStudioTimeoutException;
import java.io.IOException;

/**
 * What one kind of event stream (native chat, OpenAI chunks, Anthropic events) adds to the shared
 * {@link SseStream} engine: how to decode an event, how to accumulate the result, when the stream
 * is complete, and how it fails.
 *
 * <p>One instance serves one stream; it is called from the reading thread only.
 *
 * @param <E> the event type
 * @param <R> the result type
 */
public interface StreamProtocol<E, R> {
  /**
   * Decodes one server-sent event.
   *
   * @param sse the raw event
   * @return the typed event, or null to skip it (such as OpenAI's {@code [DONE]} marker)
   * @throws IOException or {@code JsonDataException} when the event's data is malformed
   */
  E decode(SseEvent sse) throws IOException;

  /**
   * Takes a decoded event into the accumulated result.
   *
   * @param event the event
   */
  void accept(E event);

  /**
   * Whether the stream's last event has arrived: nothing after it is read.
   *
   * @return true once complete
   */
  boolean isComplete();

  /**
   * The result of a complete stream.
   *
   * @return the result
   * @throws RuntimeException the typed failure an error event announced
   */
  R result();

  /**
   * What was received so far, as the stream's result type, for exceptions.
   *
   * @return the partial result; never null
   */
  Object partial();

  /**
   * The answer text received so far.
   *
   * @return the text; possibly empty
   */
  String partialText();

  /**
   * The failure for a stream whose body ended before it was complete.
   *
   * @param what the request, such as {@code POST /api/v1/chat}
   * @return the exception to throw, or null to accept the end as the stream's end
   */
  RuntimeException endedEarly(String what);

  /**
   * Which limit bounds the silence after an event: the model-load, first-event or idle limit.
   *
   * @param event the event just received
   * @return the kind of the limit now in force
   */
  default LmStudioTimeoutException.Kind phaseAfter(E event) {
    return LmStudioTimeoutException.Kind.IDLE;
  }

  /**
   * A short account of what was received, for messages.
   *
   * @return for example {@code "120 characters of text"} or {@code "nothing"}
   */
  default String describePartial() {
    String text = partialText();
    return text.isEmpty() ? "nothing" : text.length() + " characters of text";
  }

  /**
   * Tells the call's listeners what an event means to them (model load progress, a token, the
   * stats); called after {@link #accept} and only when someone listens.
   *
   * @param event the event just received
   * @param trace the call's trace
   */
  default void observe(E event, CallTrace trace) {}
}
