package io.github.lmstudiojava.client.legacy;

import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /api/v0/completions}: a prompt to continue. Always sent with {@code
 * "stream": false}; the legacy API's streaming is not supported by this client.
 *
 * <pre>{@code
 * lms.legacy().completion(V0CompletionRequest.builder("granite-3.0-2b-instruct", "the meaning of life is")
 *     .maxTokens(10).stop("\n").build()).text();
 * }</pre>
 *
 * @param model the model id
 * @param prompt the text to continue
 * @param temperature the sampling temperature; null for the model's default
 * @param maxTokens the most tokens to generate, {@code -1} for no limit; null for the default
 * @param stop sequences that end generation; empty for none (one is sent as a plain string)
 * @param ttl seconds a model loaded just for this request may stay idle; null for the default
 * @param draftModel a draft model for speculative decoding; null for none
 */
public record V0CompletionRequest(
    String model,
    String prompt,
    Double temperature,
    Integer maxTokens,
    List<String> stop,
    Integer ttl,
    String draftModel) {

  /** Checks the values and copies the list. */
  public V0CompletionRequest {
    V0ChatRequest.checkModel(model);
    Objects.requireNonNull(prompt, "prompt == null");
    stop = stop == null ? List.of() : List.copyOf(stop);
    V0ChatRequest.checkOptions(temperature, maxTokens, ttl);
  }

  /**
   * A request with the defaults.
   *
   * @param model the model id
   * @param prompt the text to continue
   * @return the request
   */
  public static V0CompletionRequest of(String model, String prompt) {
    return builder(model, prompt).build();
  }

  /**
   * A builder.
   *
   * @param model the model id
   * @param prompt the text to continue
   * @return the builder
   */
  public static Builder builder(String model, String prompt) {
    return new Builder(model, prompt);
  }

  /**
   * A builder holding this request's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(model, prompt);
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.stop = stop;
    b.ttl = ttl;
    b.draftModel = draftModel;
    return b;
  }

  /** Builds a {@link V0CompletionRequest}. */
  public static final class Builder {
    private String model;
    private String prompt;
    private Double temperature;
    private Integer maxTokens;
    private List<String> stop = List.of();
    private Integer ttl;
    private String draftModel;

    private Builder(String model, String prompt) {
      this.model = model;
      this.prompt = prompt;
    }

    /**
     * Sets the model id.
     *
     * @param model the id
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the prompt.
     *
     * @param prompt the text to continue
     * @return this builder
     */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @param temperature the temperature, or null
     * @return this builder
     */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets the most tokens to generate.
     *
     * @param maxTokens the limit, {@code -1} for none, or null
     * @return this builder
     */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the stop sequences.
     *
     * @param stop the sequences; none to clear
     * @return this builder
     */
    public Builder stop(String... stop) {
      this.stop = List.of(stop);
      return this;
    }

    /**
     * Sets the idle time-to-live of a model loaded for this request.
     *
     * @param ttl seconds, or null
     * @return this builder
     */
    public Builder ttl(Integer ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets a draft model for speculative decoding.
     *
     * @param draftModel the draft model id, or null
     * @return this builder
     */
    public Builder draftModel(String draftModel) {
      this.draftModel = draftModel;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public V0CompletionRequest build() {
      return new V0CompletionRequest(model, prompt, temperature, maxTokens, stop, ttl, draftModel);
    }
  }
}
