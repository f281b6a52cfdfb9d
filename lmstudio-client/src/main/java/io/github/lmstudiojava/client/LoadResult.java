package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * The answer to a model load ({@code POST /api/v1/models/load}).
 *
 * @param type {@code "llm"} or {@code "embedding"}
 * @param instanceId the id of the loaded instance, for chat requests and unload
 * @param loadTimeSeconds how long the load took
 * @param status {@code "loaded"}
 * @param loadConfig the configuration applied; present only when the request asked for {@code
 *     echo_load_config}
 */
public record LoadResult(
    String type,
    @Json(name = "instance_id") String instanceId,
    @Json(name = "load_time_seconds") Double loadTimeSeconds,
    String status,
    @Json(name = "load_config") InstanceConfig loadConfig) {}
