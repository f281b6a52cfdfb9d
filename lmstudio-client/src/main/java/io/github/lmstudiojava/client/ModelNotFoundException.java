package io.github.lmstudiojava.client;

/**
 * The model named in the request is not known to LM Studio: not downloaded, misspelt, or (for
 * unload) not loaded.
 *
 * <p>{@code lms.models().list()} shows the keys LM Studio knows, and {@code lms.models().loaded()}
 * the loaded instances.
 */
public final class ModelNotFoundException extends LmStudioHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what to do next
   * @param statusCode the HTTP status code
   * @param errorType LM Studio's {@code error.type}, or null
   * @param errorCode LM Studio's {@code error.code}, or null
   * @param param LM Studio's {@code error.param}, or null
   * @param serverMessage LM Studio's message, or null
   */
  public ModelNotFoundException(
      String message,
      int statusCode,
      String errorType,
      String errorCode,
      String param,
      String serverMessage) {
    super(message, statusCode, errorType, errorCode, param, serverMessage);
  }
}
