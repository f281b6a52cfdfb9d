package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;

/**
 * Token counts of one request to an OpenAI-compatible endpoint. LM Studio counts the system prompt
 * and tool definitions in the prompt.
 *
 * <p>Every field is boxed and may be null when LM Studio leaves it out; embeddings have no
 * completion tokens.
 *
 * @param promptTokens tokens read
 * @param completionTokens tokens generated
 * @param totalTokens both together
 */
public record CompletionUsage(
    @Json(name = "prompt_tokens") Integer promptTokens,
    @Json(name = "completion_tokens") Integer completionTokens,
    @Json(name = "total_tokens") Integer totalTokens) {

  /**
   * The counts of this and another request added up; a count missing on both sides stays null.
   *
   * @param other the other usage, or null
   * @return the sum
   */
  public CompletionUsage plus(CompletionUsage other) {
    if (other == null) {
      return this;
    }
    return new CompletionUsage(
        add(promptTokens, other.promptTokens),
        add(completionTokens, other.completionTokens),
        add(totalTokens, other.totalTokens));
  }

  private static Integer add(Integer a, Integer b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Integer.valueOf(a + b);
  }
}
