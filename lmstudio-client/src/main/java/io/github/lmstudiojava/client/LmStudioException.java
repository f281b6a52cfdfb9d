package io.github.lmstudiojava.client;

/**
 * The root of every exception this client throws.
 *
 * <p>Each subclass says what went wrong and what to do next:
 *
 * <ul>
 *   <li>{@link LmStudioConnectionException}: the server could not be reached.
 *   <li>{@link LmStudioHttpException}: the server answered with an error; subclasses {@link
 *       LmStudioAuthenticationException} and {@link ModelNotFoundException}.
 *   <li>{@link LmStudioStreamException}: a stream failed or ended early; carries the partial
 *       result.
 *   <li>{@link LmStudioTimeoutException}: one of the {@link Timeouts} ran out.
 *   <li>{@link LmStudioProtocolException}: the server sent something this client cannot read.
 *   <li>{@link DownloadStoppedException}: a download failed or is paused in LM Studio.
 * </ul>
 *
 * <p>Misuse of the API (a null model, an out-of-range value) is reported with {@link
 * IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class LmStudioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong and what to do next
   */
  public LmStudioException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, kept for diagnosis
   */
  public LmStudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
