package io.github.lmstudiojava.client;

/**
 * LM Studio sent a response this client could not read: malformed JSON, a missing required field,
 * or a body of the wrong kind.
 *
 * <p>This usually means a proxy answered instead of LM Studio, or an LM Studio version this client
 * does not know; the message says which request it was and what was wrong.
 */
public final class LmStudioProtocolException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read
   * @param cause the parse failure, or null
   */
  public LmStudioProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
