package io.github.lmstudiojava.client;

/**
 * A model's reply could not be read as the requested type: not JSON, JSON of another shape, or a
 * required property missing.
 *
 * <p>The raw reply is kept in {@link #rawText()}, so nothing the model wrote is lost.
 */
public final class StructuredOutputException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final String rawText;
  private final String targetType;

  /**
   * Creates the exception.
   *
   * @param message what did not match
   * @param rawText the reply as the model wrote it
   * @param targetType the name of the type it should have matched
   * @param cause the parse failure, or null
   */
  public StructuredOutputException(
      String message, String rawText, String targetType, Throwable cause) {
    super(message, cause);
    this.rawText = rawText;
    this.targetType = targetType;
  }

  /**
   * The reply as the model wrote it.
   *
   * @return the raw text; never null
   */
  public String rawText() {
    return rawText == null ? "" : rawText;
  }

  /**
   * The name of the type the reply should have matched.
   *
   * @return the type's name
   */
  public String targetType() {
    return targetType;
  }
}
