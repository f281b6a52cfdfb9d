package io.github.lmstudiojava.client.openai;

/**
 * Token counts of a response ({@code usage}).
 *
 * @param inputTokens tokens in the input; may be null
 * @param outputTokens tokens generated, reasoning included; may be null
 * @param totalTokens input and output tokens; may be null
 * @param reasoningTokens tokens of reasoning ({@code output_tokens_details.reasoning_tokens}); null
 *     when not reported
 * @param cachedTokens input tokens served from cache ({@code input_tokens_details.cached_tokens});
 *     null when not reported
 */
public record ResponseUsage(
    Integer inputTokens,
    Integer outputTokens,
    Integer totalTokens,
    Integer reasoningTokens,
    Integer cachedTokens) {}
