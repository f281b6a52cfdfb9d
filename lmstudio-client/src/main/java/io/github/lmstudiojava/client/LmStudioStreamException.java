package io.github.lmstudiojava.client;

/**
 * A stream failed: LM Studio sent an error event, the stream ended before its last event, or the
 * connection broke mid-way.
 *
 * <p>Nothing received is lost: {@link #partialText()} holds the text that arrived and {@link
 * #partial()} the partial result of the stream's own type. For a native chat stream that is a
 * {@link ChatResult} ({@link #partialResult()}): LM Studio's own {@code chat.end} result (sent
 * after an {@code error} event) or one rebuilt from the deltas.
 */
public final class LmStudioStreamException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final transient StreamError error;
  private final transient Object partial;
  private final String partialText;

  /**
   * Creates the exception for a native chat stream.
   *
   * @param message what happened
   * @param error LM Studio's error event payload, or null when the stream simply broke
   * @param partialResult what was received before the failure; never null
   * @param cause the I/O failure, or null
   */
  public LmStudioStreamException(
      String message, StreamError error, ChatResult partialResult, Throwable cause) {
    this(message, error, partialResult, partialResult.text(), cause);
  }

  /**
   * Creates the exception for any stream.
   *
   * @param message what happened
   * @param error the server's error payload, or null when the stream simply broke
   * @param partial what was received, as the stream's result type; may be null
   * @param partialText the text received; null is taken as empty
   * @param cause the I/O failure, or null
   */
  public LmStudioStreamException(
      String message, StreamError error, Object partial, String partialText, Throwable cause) {
    super(message, cause);
    this.error = error;
    this.partial = partial;
    this.partialText = partialText == null ? "" : partialText;
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
   * What a native chat stream received before the failure.
   *
   * @return the partial result, possibly with empty output; null for other kinds of stream
   */
  public ChatResult partialResult() {
    return partial instanceof ChatResult ? (ChatResult) partial : null;
  }

  /**
   * What was received before the failure, as the stream's result type (a {@link ChatResult} for
   * native chat; the surfaces' own result records for the compatible endpoints).
   *
   * @return the partial result, or null when none could be built
   */
  public Object partial() {
    return partial;
  }

  /**
   * The message text received before the failure.
   *
   * @return the partial text; possibly empty
   */
  public String partialText() {
    return partialText;
  }
}
