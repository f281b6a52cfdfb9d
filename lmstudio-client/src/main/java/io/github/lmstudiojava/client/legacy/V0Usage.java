package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;

/**
 * Token counts of a {@code /api/v0} request.
 *
 * @param promptTokens tokens in the prompt; may be null
 * @param completionTokens tokens generated; null for embeddings
 * @param totalTokens both together; may be null
 */
public record V0Usage(
    @Json(name = "prompt_tokens") Integer promptTokens,
    @Json(name = "completion_tokens") Integer completionTokens,
    @Json(name = "total_tokens") Integer totalTokens) {}
