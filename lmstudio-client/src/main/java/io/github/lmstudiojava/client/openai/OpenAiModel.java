package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;

/**
 * One model listed by {@code GET /v1/models}. With just-in-time loading on, LM Studio lists every
 * downloaded model, loaded or not; {@code lms.models().list()} tells which are loaded.
 *
 * @param id the model identifier to put in requests
 * @param object always {@code model}
 * @param ownedBy the owner LM Studio reports, such as {@code organization_owner}; may be null
 */
public record OpenAiModel(String id, String object, @Json(name = "owned_by") String ownedBy) {}
