package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * The inference runtime that served a {@code /api/v0} completion.
 *
 * @param name the runtime, such as {@code llama.cpp-mac-arm64-apple-metal-advsimd}; may be null
 * @param version its version; may be null
 * @param supportedFormats the model formats it runs; empty when not reported
 */
public record V0Runtime(
    String name, String version, @Json(name = "supported_formats") List<String> supportedFormats) {

  /** Normalizes a missing list to empty. */
  public V0Runtime {
    supportedFormats = supportedFormats == null ? List.of() : List.copyOf(supportedFormats);
  }
}
