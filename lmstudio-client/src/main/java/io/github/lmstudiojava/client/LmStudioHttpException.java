package io.github.lmstudiojava.client;

/**
 * LM Studio answered with an error: an HTTP status of 400 or more, or (a known quirk) status 200
 * with an {@code {"error": ...}} body.
 *
 * <p>Carries the HTTP status and the fields of LM Studio's error object, when it sent one:
 *
 * <pre>{@code
 * {"error": {"type": "invalid_request", "message": "...", "code": "...", "param": "model"}}
 * }</pre>
 *
 * Older routes answer with a plain string instead ({@code {"error": "Unexpected endpoint..."}});
 * then only {@link #serverMessage()} is set.
 */
public class LmStudioHttpException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorType;
  private final String errorCode;
  private final String param;
  private final String serverMessage;

  /**
   * Creates the exception.
   *
   * @param message the full message shown to the user
   * @param statusCode the HTTP status code
   * @param errorType LM Studio's {@code error.type}, or null
   * @param errorCode LM Studio's {@code error.code}, or null
   * @param param LM Studio's {@code error.param}, or null
   * @param serverMessage LM Studio's {@code error.message} (or the plain error string), or null
   */
  public LmStudioHttpException(
      String message,
      int statusCode,
      String errorType,
      String errorCode,
      String param,
      String serverMessage) {
    super(message);
    this.statusCode = statusCode;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.param = param;
    this.serverMessage = serverMessage;
  }

  /**
   * The HTTP status code, for example 400; 200 for the error-with-success-status quirk.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * LM Studio's high-level error type, such as {@code invalid_request} or {@code model_not_found}.
   *
   * @return the type, or null when the server sent none
   */
  public String errorType() {
    return errorType;
  }

  /**
   * LM Studio's detailed error code, such as {@code missing_required_parameter}.
   *
   * @return the code, or null
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The request parameter the error is about, such as {@code model}.
   *
   * @return the parameter name, or null
   */
  public String param() {
    return param;
  }

  /**
   * LM Studio's own human-readable message.
   *
   * @return the server's message, or null when the body had none
   */
  public String serverMessage() {
    return serverMessage;
  }
}
