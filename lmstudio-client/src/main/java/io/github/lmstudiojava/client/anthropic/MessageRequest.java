package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.Timeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /v1/messages}, in Anthropic's Messages API shape. {@code stream} is set
 * by the method called, not here.
 *
 * <pre>{@code
 * MessageRequest.builder("ibm/granite-4-micro")
 *     .maxTokens(1024)
 *     .system("Answer briefly.")
 *     .user("What is the weather like in San Francisco?")
 *     .tools(Tool.of("get_weather", "Get the current weather", schema))
 *     .toolChoice(ToolChoice.any())
 *     .build();
 * }</pre>
 *
 * @param model the model key
 * @param maxTokens the most tokens to generate; Anthropic's API requires it
 * @param messages the conversation, alternating user and assistant turns; not empty
 * @param system the system prompt's text blocks; a lone block is sent as a plain string; empty for
 *     none
 * @param tools the tools the model may call; empty for none
 * @param toolChoice how the model may use them; null for the server's default
 * @param temperature the sampling temperature; null for the default
 * @param topP nucleus sampling probability; null for the default
 * @param topK top-k sampling; null for the default
 * @param stopSequences texts that end generation; empty for none
 * @param metadata request metadata, such as {@code user_id}; empty for none
 * @param timeouts limits for this call only, never sent; null for the client's
 */
public record MessageRequest(
    String model,
    int maxTokens,
    List<InputMessage> messages,
    List<ContentBlock.Text> system,
    List<Tool> tools,
    ToolChoice toolChoice,
    Double temperature,
    Double topP,
    Integer topK,
    List<String> stopSequences,
    Map<String, String> metadata,
    Timeouts timeouts) {

  /**
   * The {@code max_tokens} used when none is given: the value of LM Studio's Python example for
   * this endpoint.
   */
  public static final int DEFAULT_MAX_TOKENS = 1024;

  /** Checks the values and copies the collections. */
  public MessageRequest {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens < 1: " + maxTokens);
    }
    Objects.requireNonNull(messages, "messages == null");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages is empty");
    }
    system = system == null ? List.of() : List.copyOf(system);
    tools = tools == null ? List.of() : List.copyOf(tools);
    stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (temperature != null && !(temperature >= 0)) {
      throw new IllegalArgumentException("temperature < 0: " + temperature);
    }
    if (topP != null && !(topP >= 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP not in [0, 1]: " + topP);
    }
    if (topK != null && topK < 1) {
      throw new IllegalArgumentException("topK < 1: " + topK);
    }
  }

  /**
   * A request of one user text with {@link #DEFAULT_MAX_TOKENS}.
   *
   * @param model the model key
   * @param text the user's text
   * @return the request
   */
  public static MessageRequest of(String model, String text) {
    return builder(model).user(text).build();
  }

  /**
   * A builder; {@code maxTokens} starts at {@link #DEFAULT_MAX_TOKENS}.
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
    b.maxTokens = maxTokens;
    b.messages.addAll(messages);
    b.system.addAll(system);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.stopSequences = stopSequences;
    b.metadata = metadata;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds a {@link MessageRequest}. */
  public static final class Builder {
    private final List<InputMessage> messages = new ArrayList<>();
    private final List<ContentBlock.Text> system = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private String model;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private ToolChoice toolChoice;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private List<String> stopSequences = List.of();
    private Map<String, String> metadata = Map.of();
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
     * Sets the most tokens to generate.
     *
     * @param maxTokens at least 1
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the system prompt to one text, replacing any set before.
     *
     * @param text the instructions
     * @return this builder
     */
    public Builder system(String text) {
      return system(ContentBlock.text(text));
    }

    /**
     * Sets the system prompt to text blocks, replacing any set before.
     *
     * @param blocks the blocks; none to clear
     * @return this builder
     */
    public Builder system(ContentBlock.Text... blocks) {
      system.clear();
      system.addAll(List.of(blocks));
      return this;
    }

    /**
     * Appends a turn.
     *
     * @param message the turn
     * @return this builder
     */
    public Builder message(InputMessage message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /**
     * Appends turns.
     *
     * @param messages the turns
     * @return this builder
     */
    public Builder messages(List<InputMessage> messages) {
      for (InputMessage message : messages) {
        message(message);
      }
      return this;
    }

    /**
     * Appends a user turn of text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder user(String text) {
      return message(InputMessage.user(text));
    }

    /**
     * Appends a user turn of blocks.
     *
     * @param content text, images, tool results
     * @return this builder
     */
    public Builder user(ContentBlock... content) {
      return message(InputMessage.user(content));
    }

    /**
     * Appends an assistant turn of text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder assistant(String text) {
      return message(InputMessage.assistant(text));
    }

    /**
     * Appends an earlier answer as an assistant turn, tool calls included.
     *
     * @param answer the answer
     * @return this builder
     */
    public Builder assistant(Message answer) {
      return message(InputMessage.assistant(answer.content()));
    }

    /**
     * Sets the tools, replacing any set before.
     *
     * @param tools the tools; none to clear
     * @return this builder
     */
    public Builder tools(Tool... tools) {
      this.tools.clear();
      this.tools.addAll(List.of(tools));
      return this;
    }

    /**
     * Sets how the model may use the tools.
     *
     * @param toolChoice the choice, or null
     * @return this builder
     */
    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
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
     * Sets nucleus sampling.
     *
     * @param topP the probability, or null
     * @return this builder
     */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    /**
     * Sets top-k sampling.
     *
     * @param topK the count, or null
     * @return this builder
     */
    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    /**
     * Sets the stop sequences.
     *
     * @param stopSequences the sequences; none to clear
     * @return this builder
     */
    public Builder stopSequences(String... stopSequences) {
      this.stopSequences = List.of(stopSequences);
      return this;
    }

    /**
     * Sets the request metadata, such as {@code user_id}.
     *
     * @param metadata the metadata; empty to clear
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata == null");
      return this;
    }

    /**
     * Sets the limits for this call only.
     *
     * @param timeouts the limits, or null for the client's
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
    public MessageRequest build() {
      return new MessageRequest(
          model,
          maxTokens,
          messages,
          system,
          tools,
          toolChoice,
          temperature,
          topP,
          topK,
          stopSequences,
          metadata,
          timeouts);
    }
  }
}
