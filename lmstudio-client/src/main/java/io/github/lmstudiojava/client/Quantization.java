package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * How a model's weights are quantized.
 *
 * @param name the method's name, such as {@code Q4_K_M}; may be null
 * @param bitsPerWeight bits per weight, such as 4; may be null
 */
public record Quantization(String name, @Json(name = "bits_per_weight") Double bitsPerWeight) {}
