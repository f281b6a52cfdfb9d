package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * The answer to a text completion request ({@code POST /v1/completions}); in a stream, each chunk
 * has this shape too, carrying a piece of text, and the result is rebuilt from them.
 *
 * @param id the completion's id, such as {@code cmpl-...}
 * @param created when it was created, in seconds since the epoch; may be null
 * @param model the model that answered
 * @param choices the continuations; never null
 * @param usage token counts; may be null
 * @param stats LM Studio's speed and stop statistics; null when it sent none
 * @param systemFingerprint the configuration fingerprint; may be null
 */
public record Completion(
    String id,
    Long created,
    String model,
    List<Choice> choices,
    CompletionUsage usage,
    CompletionStats stats,
    @Json(name = "system_fingerprint") String systemFingerprint) {

  /** Copies the choices and normalizes null to empty. */
  public Completion {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /**
   * The first choice's text.
   *
   * @return the text; empty when there is none
   */
  public String text() {
    return choices.isEmpty() ? "" : choices.get(0).text();
  }

  /**
   * Why the first choice ended: {@code stop}, {@code length}, or another.
   *
   * @return the reason; null when there is no choice or it did not finish
   */
  public String finishReason() {
    return choices.isEmpty() ? null : choices.get(0).finishReason();
  }

  /**
   * One continuation of the prompt.
   *
   * @param index its position among the choices
   * @param text the generated text; never null
   * @param finishReason why it ended; null while a stream is still running
   */
  public record Choice(int index, String text, @Json(name = "finish_reason") String finishReason) {
    /** Normalizes missing text to empty. */
    public Choice {
      text = text == null ? "" : text;
    }
  }
}
