package io.github.lmstudiojava.sessions;

/**
 * Settings for one {@link ChatSession} call; null values leave LM Studio's defaults.
 *
 * <pre>{@code
 * chat.send("Summarise.", ChatOptions.defaults().withTemperature(0.2).withMaxTokens(200));
 * }</pre>
 *
 * @param temperature the sampling temperature, from 0 to 2
 * @param maxTokens the most tokens to generate
 * @param draftModel a smaller model for speculative decoding
 * @param ttl seconds the model may stay idle before LM Studio unloads it; -1 never
 */
public record ChatOptions(Double temperature, Integer maxTokens, String draftModel, Integer ttl) {
  private static final ChatOptions DEFAULTS = new ChatOptions(null, null, null, null);

  /** Checks the values. */
  public ChatOptions {
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature not in [0, 2]: " + temperature);
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens <= 0: " + maxTokens);
    }
    if (draftModel != null && draftModel.isBlank()) {
      throw new IllegalArgumentException("draftModel is blank");
    }
    if (ttl != null && ttl < -1) {
      throw new IllegalArgumentException("ttl < -1: " + ttl);
    }
  }

  /**
   * No settings: LM Studio's defaults for everything.
   *
   * @return the options
   */
  public static ChatOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with another temperature.
   *
   * @param temperature from 0 to 2, or null for the default
   * @return the options
   */
  public ChatOptions withTemperature(Double temperature) {
    return new ChatOptions(temperature, maxTokens, draftModel, ttl);
  }

  /**
   * These options with another limit on generated tokens.
   *
   * @param maxTokens the limit, or null for none
   * @return the options
   */
  public ChatOptions withMaxTokens(Integer maxTokens) {
    return new ChatOptions(temperature, maxTokens, draftModel, ttl);
  }

  /**
   * These options with a draft model for speculative decoding.
   *
   * @param draftModel the draft model's key, or null for none
   * @return the options
   */
  public ChatOptions withDraftModel(String draftModel) {
    return new ChatOptions(temperature, maxTokens, draftModel, ttl);
  }

  /**
   * These options with an idle time-to-live for the model.
   *
   * @param ttl seconds, -1 for never, or null for LM Studio's default
   * @return the options
   */
  public ChatOptions withTtl(Integer ttl) {
    return new ChatOptions(temperature, maxTokens, draftModel, ttl);
  }

  /** Whether the native chat endpoint can honour these options (it takes no draft model or ttl). */
  boolean fitsNativeChat() {
    return draftModel == null && ttl == null;
  }
}
