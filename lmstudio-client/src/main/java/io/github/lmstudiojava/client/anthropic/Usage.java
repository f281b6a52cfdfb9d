package io.github.lmstudiojava.client.anthropic;

import com.squareup.moshi.Json;

/**
 * Token counts of a message. In a stream, {@code message_delta} carries running totals that replace
 * the counts of {@code message_start}.
 *
 * @param inputTokens tokens read; may be null
 * @param outputTokens tokens generated; may be null
 * @param cacheCreationInputTokens tokens written to a prompt cache; null when not reported
 * @param cacheReadInputTokens tokens read from a prompt cache; null when not reported
 */
public record Usage(
    @Json(name = "input_tokens") Integer inputTokens,
    @Json(name = "output_tokens") Integer outputTokens,
    @Json(name = "cache_creation_input_tokens") Integer cacheCreationInputTokens,
    @Json(name = "cache_read_input_tokens") Integer cacheReadInputTokens) {

  /** The counts of this usage, replaced by those present in a later one. */
  Usage updatedBy(Usage later) {
    if (later == null) {
      return this;
    }
    return new Usage(
        later.inputTokens != null ? later.inputTokens : inputTokens,
        later.outputTokens != null ? later.outputTokens : outputTokens,
        later.cacheCreationInputTokens != null
            ? later.cacheCreationInputTokens
            : cacheCreationInputTokens,
        later.cacheReadInputTokens != null ? later.cacheReadInputTokens : cacheReadInputTokens);
  }
}
