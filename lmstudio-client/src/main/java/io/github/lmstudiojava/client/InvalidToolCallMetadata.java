package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.Map;

/**
 * Details of a tool call that LM Studio rejected.
 *
 * @param type {@code "invalid_name"} or {@code "invalid_arguments"}
 * @param toolName the name the model tried to call
 * @param arguments the arguments it passed (only for {@code invalid_arguments}); empty otherwise
 * @param providerInfo the provider (only for {@code invalid_arguments}); may be null
 */
public record InvalidToolCallMetadata(
    String type,
    @Json(name = "tool_name") String toolName,
    Map<String, Object> arguments,
    @Json(name = "provider_info") ProviderInfo providerInfo) {

  /** Normalizes missing arguments to an empty map. */
  public InvalidToolCallMetadata {
    arguments = arguments == null ? Map.of() : arguments;
  }
}
