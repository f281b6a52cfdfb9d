package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;

/**
 * LM Studio's own {@code stats} object, which it adds to chat completion and completion responses
 * (an extension of the OpenAI format). The draft fields are present when speculative decoding was
 * on ({@code draft_model} in the request).
 *
 * <p>Every field is boxed and may be null when LM Studio leaves it out; fields LM Studio adds later
 * are ignored.
 *
 * @param tokensPerSecond generation speed
 * @param timeToFirstToken seconds until the first generated token
 * @param generationTime seconds spent generating
 * @param stopReason why generation stopped, such as {@code eosFound} or {@code
 *     maxPredictedTokensReached}
 * @param draftModel the draft model used for speculative decoding
 * @param totalDraftTokensCount tokens the draft model proposed
 * @param acceptedDraftTokensCount proposed tokens the main model accepted
 * @param rejectedDraftTokensCount proposed tokens the main model rejected
 * @param ignoredDraftTokensCount proposed tokens left unused
 */
public record CompletionStats(
    @Json(name = "tokens_per_second") Double tokensPerSecond,
    @Json(name = "time_to_first_token") Double timeToFirstToken,
    @Json(name = "generation_time") Double generationTime,
    @Json(name = "stop_reason") String stopReason,
    @Json(name = "draft_model") String draftModel,
    @Json(name = "total_draft_tokens_count") Integer totalDraftTokensCount,
    @Json(name = "accepted_draft_tokens_count") Integer acceptedDraftTokensCount,
    @Json(name = "rejected_draft_tokens_count") Integer rejectedDraftTokensCount,
    @Json(name = "ignored_draft_tokens_count") Integer ignoredDraftTokensCount) {}
