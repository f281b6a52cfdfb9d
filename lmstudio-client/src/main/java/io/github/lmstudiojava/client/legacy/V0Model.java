package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.Json;
import java.util.List;
import java.util.Locale;

/**
 * A model as listed by LM Studio's legacy {@code GET /api/v0/models}: unlike {@code /api/v1}, it
 * says whether the model is loaded and with which context length.
 *
 * @param id the model's id, used in {@code /api/v0} requests
 * @param object always {@code "model"}
 * @param type {@code "llm"}, {@code "vlm"} or {@code "embeddings"}
 * @param publisher the publisher, such as {@code lmstudio-community}; may be null
 * @param arch the architecture, such as {@code llama}; may be null
 * @param compatibilityType the model format, such as {@code gguf} or {@code mlx}; may be null
 * @param quantization the quantization, such as {@code Q4_K_M}; may be null
 * @param state {@code "loaded"} or {@code "not-loaded"} as sent; see {@link #loadState()}
 * @param maxContextLength the longest context the model supports, in tokens; may be null
 * @param loadedContextLength the context length it is loaded with; null when not loaded or not
 *     reported
 * @param capabilities what the model can do, such as {@code tool_use}; empty when not reported
 */
public record V0Model(
    String id,
    String object,
    String type,
    String publisher,
    String arch,
    @Json(name = "compatibility_type") String compatibilityType,
    String quantization,
    String state,
    @Json(name = "max_context_length") Integer maxContextLength,
    @Json(name = "loaded_context_length") Integer loadedContextLength,
    List<String> capabilities) {

  /** Normalizes a missing capability list to empty. */
  public V0Model {
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
  }

  /**
   * The load state as an enum; a state this client does not know is {@link State#UNKNOWN}.
   *
   * @return the state
   */
  public State loadState() {
    return State.of(state);
  }

  /**
   * Whether the model is loaded.
   *
   * @return true when {@link #state()} is {@code loaded}
   */
  public boolean isLoaded() {
    return loadState() == State.LOADED;
  }

  /**
   * Whether the model declares a capability.
   *
   * @param capability such as {@code tool_use}
   * @return true when listed
   */
  public boolean hasCapability(String capability) {
    return capabilities.contains(capability);
  }

  /** Whether a model is in memory. */
  public enum State {
    /** Loaded and ready to answer. */
    LOADED,
    /** On disk only. */
    NOT_LOADED,
    /** Missing, or a state newer than this client. */
    UNKNOWN;

    /**
     * The state for LM Studio's text, tolerating case and {@code _} for {@code -}.
     *
     * @param wire such as {@code not-loaded}; may be null
     * @return the state, {@link #UNKNOWN} for anything else
     */
    public static State of(String wire) {
      if (wire == null) {
        return UNKNOWN;
      }
      switch (wire.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "loaded":
          return LOADED;
        case "not-loaded":
          return NOT_LOADED;
        default:
          return UNKNOWN;
      }
    }
  }
}
