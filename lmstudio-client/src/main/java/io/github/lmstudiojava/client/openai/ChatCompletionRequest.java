package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /v1/chat/completions}: the whole conversation, tools, output format and
 * sampling options. {@code stream} is set by the method called, not here.
 *
 * <pre>{@code
 * ChatCompletionRequest request = ChatCompletionRequest.builder("qwen/qwen3-4b")
 *     .messages(ChatMessage.system("Always answer in rhymes."), ChatMessage.user("Hi"))
 *     .temperature(0.7)
 *     .build();
 * }</pre>
 *
 * <p>Optional fields are null (or empty) when not set, and are then left out of the request.
 *
 * @param model the model identifier
 * @param messages the conversation, oldest first; never empty
 * @param tools functions the model may ask to call; never null
 * @param toolChoice whether and which tool the model must call
 * @param responseFormat plain text or JSON following a schema
 * @param temperature randomness, 0 or more
 * @param topP nucleus sampling threshold, within [0, 1]
 * @param topK sample among the k likeliest tokens (LM Studio extension)
 * @param maxTokens most tokens to generate; -1 for no limit
 * @param stop sequences that end generation; one is sent as a string, several as an array
 * @param presencePenalty penalty for tokens already present
 * @param frequencyPenalty penalty growing with a token's frequency
 * @param repeatPenalty penalty for repeated tokens, more than 0 (LM Studio extension)
 * @param logitBias bias by token id, from -100 to 100; never null
 * @param seed seed for reproducible sampling
 * @param includeUsage when streaming, ask for a last chunk with token usage ({@code
 *     stream_options.include_usage}); not sent without streaming
 * @param ttl seconds a model loaded for this request stays loaded while idle (LM Studio extension)
 * @param draftModel a draft model for speculative decoding (LM Studio extension)
 * @param reasoningEffort how hard a reasoning model thinks, such as {@code low}, {@code medium} or
 *     {@code high}
 * @param timeouts limits for this request, overriding the client's; never sent
 */
public record ChatCompletionRequest(
    String model,
    List<ChatMessage> messages,
    List<ChatTool> tools,
    ChatToolChoice toolChoice,
    ChatResponseFormat responseFormat,
    Double temperature,
    Double topP,
    Integer topK,
    Integer maxTokens,
    List<String> stop,
    Double presencePenalty,
    Double frequencyPenalty,
    Double repeatPenalty,
    Map<Integer, Integer> logitBias,
    Long seed,
    Boolean includeUsage,
    Integer ttl,
    String draftModel,
    String reasoningEffort,
    Timeouts timeouts) {

  /** Checks the model and messages, copies the collections and checks the option ranges. */
  public ChatCompletionRequest {
    Requests.model(model);
    Objects.requireNonNull(messages, "messages == null");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages is empty");
    }
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    stop = Requests.stop(stop);
    logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    Requests.sampling(temperature, topP, topK, repeatPenalty);
    Requests.maxTokens(maxTokens);
    Requests.ttl(ttl);
  }

  /**
   * A request with one user message and default options.
   *
   * @param model the model identifier
   * @param userText the user's text
   * @return the request
   */
  public static ChatCompletionRequest of(String model, String userText) {
    return builder(model).messages(ChatMessage.user(userText)).build();
  }

  /**
   * A builder; add at least one message.
   *
   * @param model the model identifier
   * @return the builder
   */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /**
   * A builder holding this request's values, to make a changed copy.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.messages = new ArrayList<>(messages);
    b.tools = new ArrayList<>(tools);
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.maxTokens = maxTokens;
    b.stop = new ArrayList<>(stop);
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.repeatPenalty = repeatPenalty;
    b.logitBias = new LinkedHashMap<>(logitBias);
    b.seed = seed;
    b.includeUsage = includeUsage;
    b.ttl = ttl;
    b.draftModel = draftModel;
    b.reasoningEffort = reasoningEffort;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds a {@link ChatCompletionRequest}; each setter replaces the value set before. */
  public static final class Builder {
    private String model;
    private List<ChatMessage> messages = new ArrayList<>();
    private List<ChatTool> tools = new ArrayList<>();
    private ChatToolChoice toolChoice;
    private ChatResponseFormat responseFormat;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Integer maxTokens;
    private List<String> stop = new ArrayList<>();
    private Double presencePenalty;
    private Double frequencyPenalty;
    private Double repeatPenalty;
    private Map<Integer, Integer> logitBias = new LinkedHashMap<>();
    private Long seed;
    private Boolean includeUsage;
    private Integer ttl;
    private String draftModel;
    private String reasoningEffort;
    private Timeouts timeouts;

    private Builder(String model) {
      this.model = model;
    }

    /** Sets the model identifier. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets the conversation, oldest message first. */
    public Builder messages(ChatMessage... messages) {
      this.messages = new ArrayList<>(Arrays.asList(messages));
      return this;
    }

    /** Sets the conversation, oldest message first. */
    public Builder messages(List<? extends ChatMessage> messages) {
      this.messages = new ArrayList<>(messages);
      return this;
    }

    /**
     * Appends one message to the conversation.
     *
     * @param message the message
     * @return this builder
     */
    public Builder addMessage(ChatMessage message) {
      this.messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /** Sets the functions the model may ask to call. */
    public Builder tools(ChatTool... tools) {
      this.tools = new ArrayList<>(Arrays.asList(tools));
      return this;
    }

    /** Sets the functions the model may ask to call. */
    public Builder tools(List<? extends ChatTool> tools) {
      this.tools = new ArrayList<>(tools);
      return this;
    }

    /** Sets {@code tool_choice}: the choice, or null to leave it out. */
    public Builder toolChoice(ChatToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /** Sets {@code response_format}: the format, or null to leave it out. */
    public Builder responseFormat(ChatResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** Sets {@code temperature}: 0 or more, or null. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets {@code top_p}: within [0, 1], or null. */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    /** Sets {@code top_k}: 0 or more, or null. */
    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    /** Sets {@code max_tokens}: more than 0, -1 for no limit, or null. */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sets {@code stop}: the stop sequences. */
    public Builder stop(String... stop) {
      this.stop = new ArrayList<>(Arrays.asList(stop));
      return this;
    }

    /** Sets {@code stop}: the stop sequences. */
    public Builder stop(List<String> stop) {
      this.stop = new ArrayList<>(stop);
      return this;
    }

    /** Sets {@code presence_penalty}: the penalty, or null. */
    public Builder presencePenalty(Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    /** Sets {@code frequency_penalty}: the penalty, or null. */
    public Builder frequencyPenalty(Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    /** Sets {@code repeat_penalty}: more than 0, or null. */
    public Builder repeatPenalty(Double repeatPenalty) {
      this.repeatPenalty = repeatPenalty;
      return this;
    }

    /** Sets {@code logit_bias}: bias by token id. */
    public Builder logitBias(Map<Integer, Integer> logitBias) {
      this.logitBias = new LinkedHashMap<>(logitBias);
      return this;
    }

    /** Sets {@code seed}: the seed, or null. */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets {@code stream_options.include_usage} (sent with streamed requests only), or null. */
    public Builder includeUsage(Boolean includeUsage) {
      this.includeUsage = includeUsage;
      return this;
    }

    /** Sets LM Studio's {@code ttl}: idle seconds before a JIT-loaded model unloads, or null. */
    public Builder ttl(Integer ttl) {
      this.ttl = ttl;
      return this;
    }

    /** Sets LM Studio's {@code draft_model} for speculative decoding, or null. */
    public Builder draftModel(String draftModel) {
      this.draftModel = draftModel;
      return this;
    }

    /**
     * Sets {@code reasoning_effort}, such as {@code low}, {@code medium} or {@code high}, or null.
     */
    public Builder reasoningEffort(String reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /** Sets limits for this request, or null for the client's. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException when a value is out of range or no message was added
     */
    public ChatCompletionRequest build() {
      return new ChatCompletionRequest(
          model,
          messages,
          tools,
          toolChoice,
          responseFormat,
          temperature,
          topP,
          topK,
          maxTokens,
          stop,
          presencePenalty,
          frequencyPenalty,
          repeatPenalty,
          logitBias,
          seed,
          includeUsage,
          ttl,
          draftModel,
          reasoningEffort,
          timeouts);
    }
  }
}
