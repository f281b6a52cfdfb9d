package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * Token usage and speed of one native chat response.
 *
 * <p>Every field is boxed and may be null when LM Studio leaves it out.
 *
 * @param inputTokens input tokens, including formatting, tool definitions and earlier messages
 * @param totalOutputTokens all generated tokens, reasoning included
 * @param reasoningOutputTokens tokens spent on reasoning
 * @param tokensPerSecond generation speed
 * @param timeToFirstTokenSeconds seconds until the first generated token
 * @param modelLoadTimeSeconds seconds spent loading the model for this request; null when it was
 *     already loaded
 */
public record ChatStats(
    @Json(name = "input_tokens") Integer inputTokens,
    @Json(name = "total_output_tokens") Integer totalOutputTokens,
    @Json(name = "reasoning_output_tokens") Integer reasoningOutputTokens,
    @Json(name = "tokens_per_second") Double tokensPerSecond,
    @Json(name = "time_to_first_token_seconds") Double timeToFirstTokenSeconds,
    @Json(name = "model_load_time_seconds") Double modelLoadTimeSeconds) {}
