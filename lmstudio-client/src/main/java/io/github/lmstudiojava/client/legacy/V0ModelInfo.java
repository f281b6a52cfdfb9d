package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;

/**
 * The model that answered a {@code /api/v0} completion.
 *
 * @param arch the architecture, such as {@code granite}; may be null
 * @param quant the quantization, such as {@code Q4_K_M}; may be null
 * @param format the model format, such as {@code gguf}; may be null
 * @param contextLength the context length it is loaded with; may be null
 */
public record V0ModelInfo(
    String arch,
    String quant,
    String format,
    @Json(name = "context_length") Integer contextLength) {}
