package io.github.lmstudiojava.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A native chat request ({@code POST /api/v1/chat}).
 *
 * <pre>{@code
 * ChatRequest req = ChatRequest.builder("ibm/granite-4-micro")
 *     .input("What is trending on Hugging Face?")
 *     .integrations(Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
 *         .allowedTools("model_search"))
 *     .contextLength(8000)
 *     .reasoning(Reasoning.LOW)
 *     .build();
 * }</pre>
 *
 * <p>Absent (null) options are left out of the request so LM Studio applies the model's defaults.
 * Whether to stream is not part of the request: {@link LmStudio#chat(ChatRequest)} and {@link
 * LmStudio#streamChat(ChatRequest)} decide.
 *
 * @param model the model key or loaded instance id
 * @param input the input items; a single text item is sent as a plain string
 * @param systemPrompt the system prompt; may be null
 * @param integrations plugins and ephemeral MCP servers the model may use; may be empty
 * @param temperature randomness, 0 for deterministic; may be null
 * @param topP cumulative probability cut-off, 0 to 1; may be null
 * @param topK keep only the k most probable tokens; may be null
 * @param minP minimum token probability, 0 to 1; may be null
 * @param repeatPenalty penalty for repetition, 1 for none; may be null
 * @param maxOutputTokens the most tokens to generate; may be null
 * @param reasoning the reasoning setting; may be null for the model's default
 * @param contextLength the context length in tokens (loads or reloads the model if needed); may be
 *     null
 * @param store whether LM Studio keeps the chat so it can be continued (default true); may be null
 * @param previousResponseId a {@code resp_...} id to continue from; may be null
 * @param timeouts limits for this request instead of the client's; may be null
 */
public record ChatRequest(
    String model,
    List<InputItem> input,
    String systemPrompt,
    List<Integration> integrations,
    Double temperature,
    Double topP,
    Integer topK,
    Double minP,
    Double repeatPenalty,
    Integer maxOutputTokens,
    Reasoning reasoning,
    Integer contextLength,
    Boolean store,
    String previousResponseId,
    Timeouts timeouts) {

  /** Checks the values and copies the lists. */
  public ChatRequest {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    Objects.requireNonNull(input, "input == null");
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input is empty");
    }
    input = List.copyOf(input);
    integrations = integrations == null ? List.of() : List.copyOf(integrations);
    if (temperature != null && temperature < 0) {
      throw new IllegalArgumentException("temperature < 0: " + temperature);
    }
    unit(topP, "topP");
    unit(minP, "minP");
    if (topK != null && topK < 0) {
      throw new IllegalArgumentException("topK < 0: " + topK);
    }
    if (repeatPenalty != null && repeatPenalty <= 0) {
      throw new IllegalArgumentException("repeatPenalty <= 0: " + repeatPenalty);
    }
    LoadRequest.positive(maxOutputTokens, "maxOutputTokens");
    LoadRequest.positive(contextLength, "contextLength");
    if (previousResponseId != null && !previousResponseId.startsWith("resp_")) {
      throw new IllegalArgumentException(
          "previousResponseId must start with \"resp_\": " + previousResponseId);
    }
  }

  private static void unit(Double value, String name) {
    if (value != null && (value < 0 || value > 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1]: " + value);
    }
  }

  /**
   * A request with one text input and the model's defaults.
   *
   * @param model the model key
   * @param text the input text
   * @return the request
   */
  public static ChatRequest of(String model, String text) {
    return builder(model).input(text).build();
  }

  /**
   * A builder for a request to {@code model}.
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
    b.input = new ArrayList<>(input);
    b.systemPrompt = systemPrompt;
    b.integrations = new ArrayList<>(integrations);
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.minP = minP;
    b.repeatPenalty = repeatPenalty;
    b.maxOutputTokens = maxOutputTokens;
    b.reasoning = reasoning;
    b.contextLength = contextLength;
    b.store = store;
    b.previousResponseId = previousResponseId;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds a {@link ChatRequest}. */
  public static final class Builder {
    private String model;
    private List<InputItem> input = new ArrayList<>();
    private String systemPrompt;
    private List<Integration> integrations = new ArrayList<>();
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Double minP;
    private Double repeatPenalty;
    private Integer maxOutputTokens;
    private Reasoning reasoning;
    private Integer contextLength;
    private Boolean store;
    private String previousResponseId;
    private Timeouts timeouts;

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
     * Sets the input to one text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder input(String text) {
      this.input = new ArrayList<>(List.of(InputItem.text(text)));
      return this;
    }

    /**
     * Sets the input items, such as text and images.
     *
     * @param items the items
     * @return this builder
     */
    public Builder input(InputItem... items) {
      this.input = new ArrayList<>(Arrays.asList(items));
      return this;
    }

    /**
     * Sets the input items.
     *
     * @param items the items
     * @return this builder
     */
    public Builder input(List<? extends InputItem> items) {
      this.input = new ArrayList<>(items);
      return this;
    }

    /**
     * Sets the system prompt.
     *
     * @param systemPrompt the prompt, or null
     * @return this builder
     */
    public Builder systemPrompt(String systemPrompt) {
      this.systemPrompt = systemPrompt;
      return this;
    }

    /**
     * Sets the integrations the model may use.
     *
     * @param integrations the integrations
     * @return this builder
     */
    public Builder integrations(Integration... integrations) {
      this.integrations = new ArrayList<>(Arrays.asList(integrations));
      return this;
    }

    /**
     * Sets the integrations the model may use.
     *
     * @param integrations the integrations
     * @return this builder
     */
    public Builder integrations(List<? extends Integration> integrations) {
      this.integrations = new ArrayList<>(integrations);
      return this;
    }

    /**
     * Sets the temperature.
     *
     * @param temperature the temperature, or null
     * @return this builder
     */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets top-p.
     *
     * @param topP from 0 to 1, or null
     * @return this builder
     */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets top-k.
     *
     * @param topK the k, or null
     * @return this builder
     */
    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    /**
     * Sets min-p.
     *
     * @param minP from 0 to 1, or null
     * @return this builder
     */
    public Builder minP(Double minP) {
      this.minP = minP;
      return this;
    }

    /**
     * Sets the repeat penalty.
     *
     * @param repeatPenalty 1 for none, or null
     * @return this builder
     */
    public Builder repeatPenalty(Double repeatPenalty) {
      this.repeatPenalty = repeatPenalty;
      return this;
    }

    /**
     * Sets the most tokens to generate.
     *
     * @param maxOutputTokens the limit, or null
     * @return this builder
     */
    public Builder maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * Sets the reasoning setting.
     *
     * @param reasoning the setting, or null for the model's default
     * @return this builder
     */
    public Builder reasoning(Reasoning reasoning) {
      this.reasoning = reasoning;
      return this;
    }

    /**
     * Sets the context length.
     *
     * @param contextLength tokens, or null
     * @return this builder
     */
    public Builder contextLength(Integer contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    /**
     * Sets whether LM Studio stores the chat.
     *
     * @param store the setting, or null for LM Studio's default (true)
     * @return this builder
     */
    public Builder store(Boolean store) {
      this.store = store;
      return this;
    }

    /**
     * Continues from an earlier response.
     *
     * @param previousResponseId a {@code resp_...} id, or null
     * @return this builder
     */
    public Builder previousResponseId(String previousResponseId) {
      this.previousResponseId = previousResponseId;
      return this;
    }

    /**
     * Sets limits for this request instead of the client's.
     *
     * @param timeouts the limits, or null
     * @return this builder
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ChatRequest build() {
      return new ChatRequest(
          model,
          input,
          systemPrompt,
          integrations,
          temperature,
          topP,
          topK,
          minP,
          repeatPenalty,
          maxOutputTokens,
          reasoning,
          contextLength,
          store,
          previousResponseId,
          timeouts);
    }
  }
}
