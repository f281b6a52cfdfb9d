package io.github.lmstudiojava.client;

/**
 * LM Studio's server could not be reached: nothing listens at the URL, the connection was reset, or
 * the host is unknown.
 *
 * <p>The message names the URL that was tried and how to start the server.
 */
public final class LmStudioConnectionException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final String url;

  /**
   * Creates the exception.
   *
   * @param url the base URL that was tried
   * @param message what happened and how to fix it
   * @param cause the I/O failure
   */
  public LmStudioConnectionException(String url, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
  }

  /**
   * The base URL that could not be reached.
   *
   * @return the URL, for example {@code http://localhost:1234}
   */
  public String url() {
    return url;
  }
}
