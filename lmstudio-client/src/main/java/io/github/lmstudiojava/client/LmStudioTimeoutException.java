package io.github.lmstudiojava.client;

import java.time.Duration;

/**
 * One of the client's {@link Timeouts} ran out, and the HTTP call was cancelled.
 *
 * <p>For streams, {@link #partialResult()} keeps what arrived before the limit, so a stalled
 * generation loses nothing.
 */
public final class LmStudioTimeoutException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  /** Which limit ran out. */
  public enum Kind {
    /** Opening the TCP connection took longer than {@link Timeouts#connect()}. */
    CONNECT,
    /** No event arrived within {@link Timeouts#firstEvent()} of sending the request. */
    FIRST_EVENT,
    /** The stream went quiet for longer than {@link Timeouts#idle()} between two events. */
    IDLE,
    /** Loading the model took longer than {@link Timeouts#modelLoad()}. */
    MODEL_LOAD,
    /** The whole call took longer than its limit ({@link Timeouts#call()} or another). */
    CALL
  }

  private final Kind kind;
  private final Duration limit;
  private final transient Object partial;
  private final String partialText;
  private final boolean answerStarted;

  /**
   * Creates the exception for a native chat stream or a call that is not a stream, whose answer had
   * begun (see {@link #answerStarted()}).
   *
   * @param message what timed out and how to raise the limit
   * @param kind which limit ran out
   * @param limit the limit's value
   * @param partialResult what a stream had received, or null for a non-streaming call
   * @param cause the underlying interruption, or null
   */
  public LmStudioTimeoutException(
      String message, Kind kind, Duration limit, ChatResult partialResult, Throwable cause) {
    this(
        message,
        kind,
        limit,
        partialResult,
        partialResult == null ? "" : partialResult.text(),
        cause);
  }

  /**
   * Creates the exception for any stream whose answer had begun (see {@link #answerStarted()}).
   *
   * @param message what timed out and how to raise the limit
   * @param kind which limit ran out
   * @param limit the limit's value
   * @param partial what the stream had received, as its result type; may be null
   * @param partialText the text received; null is taken as empty
   * @param cause the underlying interruption, or null
   */
  public LmStudioTimeoutException(
      String message,
      Kind kind,
      Duration limit,
      Object partial,
      String partialText,
      Throwable cause) {
    this(message, kind, limit, partial, partialText, true, cause);
  }

  /**
   * Creates the exception, saying whether LM Studio had begun to answer.
   *
   * @param message what timed out and how to raise the limit
   * @param kind which limit ran out
   * @param limit the limit's value
   * @param partial what the stream had received, as its result type; may be null
   * @param partialText the text received; null is taken as empty
   * @param answerStarted whether the response had begun (its headers had arrived)
   * @param cause the underlying interruption, or null
   */
  public LmStudioTimeoutException(
      String message,
      Kind kind,
      Duration limit,
      Object partial,
      String partialText,
      boolean answerStarted,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.limit = limit;
    this.partial = partial;
    this.partialText = partialText == null ? "" : partialText;
    this.answerStarted = answerStarted && kind != Kind.CONNECT;
  }

  /**
   * Which limit ran out.
   *
   * @return the kind of timeout
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The value of the limit that ran out.
   *
   * @return the limit
   */
  public Duration limit() {
    return limit;
  }

  /**
   * Whether LM Studio had begun to answer when the limit ran out. False means it accepted the
   * request and sent nothing back, not even the response headers: it may be busy loading a model or
   * serving other requests, or hung.
   *
   * @return true when the response had begun
   */
  public boolean answerStarted() {
    return answerStarted;
  }

  /**
   * What a native chat stream received before the limit ran out.
   *
   * @return the partial result, or null for a call that was not a native chat stream
   */
  public ChatResult partialResult() {
    return partial instanceof ChatResult ? (ChatResult) partial : null;
  }

  /**
   * What a stream received before the limit ran out, as the stream's result type.
   *
   * @return the partial result, or null for a call that was not a stream
   */
  public Object partial() {
    return partial;
  }

  /**
   * The message text received before the limit ran out.
   *
   * @return the partial text; empty for a call that was not a stream
   */
  public String partialText() {
    return partialText;
  }
}
