package io.github.lmstudiojava.client;

/**
 * A chat stream failed: LM Studio sent an {@code error} event, the stream ended before {@code
 * chat.end}, or the connection broke mid-way.
 *
 * <p>Nothing received is lost: {@link #partialResult()} holds what arrived, either LM Studio's own
 * {@code chat.end} result (sent after an {@code error} event) or one rebuilt from the deltas.
 */
public final class LmStudioStreamException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final transient StreamError error;
  private final transient ChatResult partialResult;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param error LM Studio's error event payload, or null when the stream simply broke
   * @param partialResult what was received before the failure; never null
   * @param cause the I/O failure, or null
   */
  public LmStudioStreamException(
      String message, StreamError error, ChatResult partialResult, Throwable cause) {
    super(message, cause);
    this.error = error;
    this.partialResult = partialResult;
  }

  /**
   * LM Studio's error, when it sent an {@code error} event.
   *
   * @return the error, or null when the stream broke without one
   */
  public StreamError error() {
    return error;
  }

  /**
   * What was received before the failure.
   *
   * @return the partial result; never null, possibly with empty output
   */
  public ChatResult partialResult() {
    return partialResult;
  }

  /**
   * The message text received before the failure.
   *
   * @return the partial text; possibly empty
   */
  public String partialText() {
    return partialResult.text();
  }
}
