package io.github.lmstudiojava.client;

/**
 * LM Studio refused the request for lack of a valid API token (HTTP 401) or of a permission (HTTP
 * 403).
 *
 * <p>The message says whether to set {@code LM_API_TOKEN} or to change a server setting. The token
 * itself never appears in it.
 */
public final class LmStudioAuthenticationException extends LmStudioHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what to do next
   * @param statusCode 401 or 403
   * @param errorType LM Studio's {@code error.type}, or null
   * @param errorCode LM Studio's {@code error.code}, or null
   * @param param LM Studio's {@code error.param}, or null
   * @param serverMessage LM Studio's message, or null
   */
  public LmStudioAuthenticationException(
      String message,
      int statusCode,
      String errorType,
      String errorCode,
      String param,
      String serverMessage) {
    super(message, statusCode, errorType, errorCode, param, serverMessage);
  }
}
