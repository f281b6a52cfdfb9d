package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;

/**
 * Generation statistics LM Studio adds to {@code /api/v0} completions. The draft-model fields are
 * present only when the request used speculative decoding ({@code draft_model}).
 *
 * @param tokensPerSecond generation speed; may be null
 * @param timeToFirstToken seconds until the first token; may be null
 * @param generationTime seconds spent generating; may be null
 * @param stopReason why generation stopped, such as {@code eosFound} or {@code
 *     maxPredictedTokensReached}; may be null
 * @param draftModel the draft model used; may be null
 * @param totalDraftTokensCount tokens the draft model proposed; may be null
 * @param acceptedDraftTokensCount proposed tokens accepted; may be null
 * @param rejectedDraftTokensCount proposed tokens rejected; may be null
 * @param ignoredDraftTokensCount proposed tokens ignored; may be null
 */
public record V0Stats(
    @Json(name = "tokens_per_second") Double tokensPerSecond,
    @Json(name = "time_to_first_token") Double timeToFirstToken,
    @Json(name = "generation_time") Double generationTime,
    @Json(name = "stop_reason") String stopReason,
    @Json(name = "draft_model") String draftModel,
    @Json(name = "total_draft_tokens_count") Integer totalDraftTokensCount,
    @Json(name = "accepted_draft_tokens_count") Integer acceptedDraftTokensCount,
    @Json(name = "rejected_draft_tokens_count") Integer rejectedDraftTokensCount,
    @Json(name = "ignored_draft_tokens_count") Integer ignoredDraftTokensCount) {}
