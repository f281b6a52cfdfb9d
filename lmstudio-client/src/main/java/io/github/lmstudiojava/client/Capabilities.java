package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * What an LLM can do. Absent (null on {@link Model}) for embedding models.
 *
 * @param vision whether it accepts images; may be null
 * @param trainedForToolUse whether it was trained for tool calling; may be null
 * @param reasoning its reasoning settings; null when the model exposes none
 */
public record Capabilities(
    Boolean vision,
    @Json(name = "trained_for_tool_use") Boolean trainedForToolUse,
    ReasoningOptions reasoning) {

  /**
   * Whether the model accepts images.
   *
   * @return true only when LM Studio says so
   */
  public boolean supportsVision() {
    return Boolean.TRUE.equals(vision);
  }

  /**
   * Whether the model was trained for tool calling.
   *
   * @return true only when LM Studio says so
   */
  public boolean supportsToolUse() {
    return Boolean.TRUE.equals(trainedForToolUse);
  }

  /**
   * Whether the model exposes reasoning settings.
   *
   * @return true when {@link #reasoning()} is present
   */
  public boolean supportsReasoning() {
    return reasoning != null;
  }
}
