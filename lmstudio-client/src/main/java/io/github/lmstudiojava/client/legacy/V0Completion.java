package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * The answer to {@code POST /api/v0/completions}: OpenAI's text completion plus LM Studio's {@code
 * stats}, {@code model_info} and {@code runtime}.
 *
 * @param id the completion id
 * @param object {@code text_completion}
 * @param created creation time, in seconds since the epoch; may be null
 * @param model the model that answered
 * @param choices the completions; usually one
 * @param usage token counts; may be null
 * @param stats generation statistics; may be null
 * @param modelInfo the model that answered; may be null
 * @param runtime the runtime that served it; may be null
 */
public record V0Completion(
    String id,
    String object,
    Long created,
    String model,
    List<Choice> choices,
    V0Usage usage,
    V0Stats stats,
    @Json(name = "model_info") V0ModelInfo modelInfo,
    V0Runtime runtime) {

  /** Normalizes a missing list to empty. */
  public V0Completion {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /**
   * The first choice's text.
   *
   * @return the completion, or an empty string when there is none
   */
  public String text() {
    if (choices.isEmpty() || choices.get(0).text() == null) {
      return "";
    }
    return choices.get(0).text();
  }

  /**
   * One completion.
   *
   * @param index its position
   * @param text the generated text
   * @param finishReason why it ended, such as {@code stop} or {@code length}; may be null
   */
  public record Choice(
      Integer index, String text, @Json(name = "finish_reason") String finishReason) {}
}
