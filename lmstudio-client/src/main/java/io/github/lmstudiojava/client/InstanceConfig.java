package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * The configuration a model instance was loaded with, as listed by {@code GET /api/v1/models} and
 * echoed by a load with {@code echo_load_config}.
 *
 * <p>Only {@code contextLength} is always present; the others are absent for embedding models and
 * for engines they do not apply to.
 *
 * @param contextLength the context length in tokens
 * @param evalBatchSize input tokens evaluated together in one batch; may be null
 * @param parallel the most predictions the instance runs at once; may be null (and is never echoed
 *     by a load)
 * @param flashAttention whether Flash Attention is on; may be null
 * @param numExperts experts used by a mixture-of-experts model; may be null
 * @param offloadKvCacheToGpu whether the KV cache lives in GPU memory; may be null
 */
public record InstanceConfig(
    @Json(name = "context_length") Integer contextLength,
    @Json(name = "eval_batch_size") Integer evalBatchSize,
    Integer parallel,
    @Json(name = "flash_attention") Boolean flashAttention,
    @Json(name = "num_experts") Integer numExperts,
    @Json(name = "offload_kv_cache_to_gpu") Boolean offloadKvCacheToGpu) {}
