package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * The reasoning settings a model accepts.
 *
 * <p>Values are kept as LM Studio's strings ({@code "off"}, {@code "on"}, {@code "low"}, {@code
 * "medium"}, {@code "high"}) so a setting added later does not break listing models; {@link
 * #allows(Reasoning)} compares them with the typed {@link Reasoning}.
 *
 * @param allowedOptions the settings the model accepts; never null
 * @param defaultOption the setting used when a request gives none; may be null
 */
public record ReasoningOptions(
    @Json(name = "allowed_options") List<String> allowedOptions,
    @Json(name = "default") String defaultOption) {

  /** Copies the list and normalizes null to empty. */
  public ReasoningOptions {
    allowedOptions = allowedOptions == null ? List.of() : List.copyOf(allowedOptions);
  }

  /**
   * Whether the model accepts a reasoning setting.
   *
   * @param setting the setting
   * @return true when it is among the allowed options
   */
  public boolean allows(Reasoning setting) {
    return allowedOptions.contains(setting.wireName());
  }
}
