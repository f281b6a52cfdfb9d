package io.github.lmstudiojava.client;

import java.util.Objects;

/**
 * A request to load a model into memory ({@code POST /api/v1/models/load}).
 *
 * <pre>{@code
 * lms.models().load(LoadRequest.builder("openai/gpt-oss-20b")
 *     .contextLength(16384).flashAttention(true).echoLoadConfig(true).build());
 * }</pre>
 *
 * <p>Absent (null) options are left out of the request, so LM Studio applies its own defaults. The
 * engine-specific options only affect models loaded by LM Studio's llama.cpp engine.
 *
 * <p>These are the options of LM Studio's load reference and no others: LM Studio refuses a key its
 * reference does not list. The GPU offload ratio is set with {@code lms load --gpu} or in the app;
 * an idle time-to-live applies to models loaded just in time by a compatible request that carries
 * {@code ttl} (such as {@code ChatCompletionRequest.builder(model).ttl(600)}), or with {@code lms
 * load --ttl}.
 *
 * @param model the key of the LLM or embedding model to load
 * @param contextLength the context length in tokens
 * @param evalBatchSize input tokens evaluated together in one batch
 * @param flashAttention whether to use Flash Attention
 * @param numExperts experts to use for a mixture-of-experts model
 * @param offloadKvCacheToGpu whether the KV cache lives in GPU memory
 * @param echoLoadConfig whether the answer should echo the final configuration
 * @param timeout the limit for this load; null to use the client's {@link Timeouts#modelLoad()}
 */
public record LoadRequest(
    String model,
    Integer contextLength,
    Integer evalBatchSize,
    Boolean flashAttention,
    Integer numExperts,
    Boolean offloadKvCacheToGpu,
    Boolean echoLoadConfig,
    java.time.Duration timeout) {

  /** Checks the values. */
  public LoadRequest {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    positive(contextLength, "contextLength");
    positive(evalBatchSize, "evalBatchSize");
    positive(numExperts, "numExperts");
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("timeout < 0: " + timeout);
    }
  }

  static void positive(Integer value, String name) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(name + " <= 0: " + value);
    }
  }

  /**
   * A request with LM Studio's defaults for everything but the model.
   *
   * @param model the model key
   * @return the request
   */
  public static LoadRequest of(String model) {
    return builder(model).build();
  }

  /**
   * A builder for a request to load {@code model}.
   *
   * @param model the model key
   * @return the builder
   */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /**
   * A builder holding this request's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.contextLength = contextLength;
    b.evalBatchSize = evalBatchSize;
    b.flashAttention = flashAttention;
    b.numExperts = numExperts;
    b.offloadKvCacheToGpu = offloadKvCacheToGpu;
    b.echoLoadConfig = echoLoadConfig;
    b.timeout = timeout;
    return b;
  }

  /** Builds a {@link LoadRequest}. */
  public static final class Builder {
    private String model;
    private Integer contextLength;
    private Integer evalBatchSize;
    private Boolean flashAttention;
    private Integer numExperts;
    private Boolean offloadKvCacheToGpu;
    private Boolean echoLoadConfig;
    private java.time.Duration timeout;

    private Builder(String model) {
      this.model = model;
    }

    /**
     * Sets the model key.
     *
     * @param model the key
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the context length in tokens.
     *
     * @param contextLength the length, or null for LM Studio's default
     * @return this builder
     */
    public Builder contextLength(Integer contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    /**
     * Sets the evaluation batch size.
     *
     * @param evalBatchSize tokens per batch, or null
     * @return this builder
     */
    public Builder evalBatchSize(Integer evalBatchSize) {
      this.evalBatchSize = evalBatchSize;
      return this;
    }

    /**
     * Turns Flash Attention on or off.
     *
     * @param flashAttention the setting, or null
     * @return this builder
     */
    public Builder flashAttention(Boolean flashAttention) {
      this.flashAttention = flashAttention;
      return this;
    }

    /**
     * Sets the number of experts of a mixture-of-experts model.
     *
     * @param numExperts the number, or null
     * @return this builder
     */
    public Builder numExperts(Integer numExperts) {
      this.numExperts = numExperts;
      return this;
    }

    /**
     * Chooses where the KV cache lives.
     *
     * @param offloadKvCacheToGpu true for GPU memory, false for RAM, null for the default
     * @return this builder
     */
    public Builder offloadKvCacheToGpu(Boolean offloadKvCacheToGpu) {
      this.offloadKvCacheToGpu = offloadKvCacheToGpu;
      return this;
    }

    /**
     * Asks LM Studio to echo the final configuration in {@link LoadResult#loadConfig()}.
     *
     * @param echoLoadConfig the setting, or null
     * @return this builder
     */
    public Builder echoLoadConfig(Boolean echoLoadConfig) {
      this.echoLoadConfig = echoLoadConfig;
      return this;
    }

    /**
     * Sets the limit for this load, instead of the client's {@link Timeouts#modelLoad()}.
     *
     * @param timeout the limit, or null
     * @return this builder
     */
    public Builder timeout(java.time.Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public LoadRequest build() {
      return new LoadRequest(
          model,
          contextLength,
          evalBatchSize,
          flashAttention,
          numExperts,
          offloadKvCacheToGpu,
          echoLoadConfig,
          timeout);
    }
  }
}
