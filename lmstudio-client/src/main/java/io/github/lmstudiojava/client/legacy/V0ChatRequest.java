package io.github.lmstudiojava.client.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /api/v0/chat/completions}. Always sent with {@code "stream": false}: the
 * legacy API's streaming is not supported by this client (use {@code lms.streamChat(...)} or the
 * OpenAI-compatible surface to stream).
 *
 * <pre>{@code
 * lms.legacy().chatCompletion(V0ChatRequest.builder("granite-3.0-2b-instruct")
 *     .system("Always answer in rhymes.").user("Introduce yourself.")
 *     .temperature(0.7).maxTokens(-1).build()).stats();
 * }</pre>
 *
 * @param model the model id
 * @param messages the conversation; not empty
 * @param temperature the sampling temperature; null for the model's default
 * @param maxTokens the most tokens to generate, {@code -1} for no limit; null for the default
 * @param ttl seconds a model loaded just for this request may stay idle before it is unloaded; null
 *     for the server's default
 * @param draftModel a draft model for speculative decoding; null for none
 */
public record V0ChatRequest(
    String model,
    List<V0Message> messages,
    Double temperature,
    Integer maxTokens,
    Integer ttl,
    String draftModel) {

  /** Checks the values and copies the list. */
  public V0ChatRequest {
    checkModel(model);
    Objects.requireNonNull(messages, "messages == null");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages is empty");
    }
    checkOptions(temperature, maxTokens, ttl);
  }

  static void checkModel(String model) {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
  }

  static void checkOptions(Double temperature, Integer maxTokens, Integer ttl) {
    if (temperature != null && !(temperature >= 0)) {
      throw new IllegalArgumentException("temperature < 0: " + temperature);
    }
    if (maxTokens != null && (maxTokens == 0 || maxTokens < -1)) {
      throw new IllegalArgumentException("maxTokens must be positive or -1: " + maxTokens);
    }
    if (ttl != null && ttl <= 0) {
      throw new IllegalArgumentException("ttl <= 0: " + ttl);
    }
  }

  /**
   * A request with one user message and the defaults.
   *
   * @param model the model id
   * @param text the user's text
   * @return the request
   */
  public static V0ChatRequest of(String model, String text) {
    return builder(model).user(text).build();
  }

  /**
   * A builder for a model.
   *
   * @param model the model id
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
    b.messages.addAll(messages);
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.ttl = ttl;
    b.draftModel = draftModel;
    return b;
  }

  /** Builds a {@link V0ChatRequest}. */
  public static final class Builder {
    private final List<V0Message> messages = new ArrayList<>();
    private String model;
    private Double temperature;
    private Integer maxTokens;
    private Integer ttl;
    private String draftModel;

    private Builder(String model) {
      this.model = model;
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
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(V0Message message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /**
     * Appends a system message.
     *
     * @param content the instructions
     * @return this builder
     */
    public Builder system(String content) {
      return message(V0Message.system(content));
    }

    /**
     * Appends a user message.
     *
     * @param content the text
     * @return this builder
     */
    public Builder user(String content) {
      return message(V0Message.user(content));
    }

    /**
     * Appends an assistant message.
     *
     * @param content the earlier answer
     * @return this builder
     */
    public Builder assistant(String content) {
      return message(V0Message.assistant(content));
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
    public V0ChatRequest build() {
      return new V0ChatRequest(model, messages, temperature, maxTokens, ttl, draftModel);
    }
  }
}
