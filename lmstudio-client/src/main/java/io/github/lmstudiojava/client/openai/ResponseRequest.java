package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A request to LM Studio's OpenAI-compatible Responses endpoint ({@code POST /v1/responses}).
 *
 * <pre>{@code
 * ResponseRequest req = ResponseRequest.builder("openai/gpt-oss-20b")
 *     .input("What is the top trending model on Hugging Face?")
 *     .tools(ResponseTool.mcp("huggingface", "https://huggingface.co/mcp")
 *         .allowedTools("model_search"))
 *     .reasoningEffort("low")
 *     .build();
 * ResponseResult first = lms.openai().response(req);
 * ResponseResult next = lms.openai().response(ResponseRequest.builder("openai/gpt-oss-20b")
 *     .input("Multiply it by 2").previousResponseId(first.id()).build());
 * }</pre>
 *
 * <p>Absent (null) options are left out of the request so LM Studio applies its defaults. Whether
 * to stream is not part of the request: {@link OpenAi#response(ResponseRequest)} and {@code
 * streamResponse} decide. A single user text is sent as a plain {@code input} string, anything else
 * as an array of items.
 *
 * @param model the model key
 * @param input the input items; not empty
 * @param instructions a system (developer) message put first in the model's context; may be null
 * @param previousResponseId the {@code id} of an earlier response to continue from; may be null
 * @param reasoningEffort {@code reasoning.effort}: {@code low}, {@code medium} or {@code high} for
 *     models that support it (such as {@code openai/gpt-oss-20b}); may be null
 * @param tools function tools and remote MCP servers the model may use; may be empty
 * @param toolChoice whether and which tool the model must call; may be null
 * @param temperature randomness, 0 for deterministic; may be null
 * @param topP cumulative probability cut-off, 0 to 1; may be null
 * @param maxOutputTokens the most tokens to generate, reasoning included; may be null
 * @param store whether LM Studio keeps the response so it can be continued; may be null
 * @param timeouts limits for this request instead of the client's (never sent); may be null
 */
public record ResponseRequest(
    String model,
    List<ResponseInput> input,
    String instructions,
    String previousResponseId,
    String reasoningEffort,
    List<ResponseTool> tools,
    ResponseToolChoice toolChoice,
    Double temperature,
    Double topP,
    Integer maxOutputTokens,
    Boolean store,
    Timeouts timeouts) {

  /** Checks the values and copies the lists. */
  public ResponseRequest {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    Objects.requireNonNull(input, "input == null");
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input is empty");
    }
    input = List.copyOf(input);
    tools = tools == null ? List.of() : List.copyOf(tools);
    if (temperature != null && temperature < 0) {
      throw new IllegalArgumentException("temperature < 0: " + temperature);
    }
    if (topP != null && (topP < 0 || topP > 1)) {
      throw new IllegalArgumentException("topP must be within [0, 1]: " + topP);
    }
    if (maxOutputTokens != null && maxOutputTokens <= 0) {
      throw new IllegalArgumentException("maxOutputTokens <= 0: " + maxOutputTokens);
    }
    if (reasoningEffort != null && reasoningEffort.isBlank()) {
      throw new IllegalArgumentException("reasoningEffort is blank");
    }
    if (previousResponseId != null && previousResponseId.isBlank()) {
      throw new IllegalArgumentException("previousResponseId is blank");
    }
  }

  /**
   * A request with one user text and the server's defaults.
   *
   * @param model the model key
   * @param text the input text
   * @return the request
   */
  public static ResponseRequest of(String model, String text) {
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
    b.instructions = instructions;
    b.previousResponseId = previousResponseId;
    b.reasoningEffort = reasoningEffort;
    b.tools = new ArrayList<>(tools);
    b.toolChoice = toolChoice;
    b.temperature = temperature;
    b.topP = topP;
    b.maxOutputTokens = maxOutputTokens;
    b.store = store;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds a {@link ResponseRequest}. */
  public static final class Builder {
    private String model;
    private List<ResponseInput> input = new ArrayList<>();
    private String instructions;
    private String previousResponseId;
    private String reasoningEffort;
    private List<ResponseTool> tools = new ArrayList<>();
    private ResponseToolChoice toolChoice;
    private Double temperature;
    private Double topP;
    private Integer maxOutputTokens;
    private Boolean store;
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
     * Sets the input to one user text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder input(String text) {
      this.input = new ArrayList<>(List.of(ResponseInput.user(text)));
      return this;
    }

    /**
     * Sets the input items.
     *
     * @param items messages, function calls and function call outputs
     * @return this builder
     */
    public Builder input(ResponseInput... items) {
      this.input = new ArrayList<>(Arrays.asList(items));
      return this;
    }

    /**
     * Sets the input items.
     *
     * @param items the items
     * @return this builder
     */
    public Builder input(List<? extends ResponseInput> items) {
      this.input = new ArrayList<>(items);
      return this;
    }

    /**
     * Sets the instructions.
     *
     * @param instructions the instructions, or null
     * @return this builder
     */
    public Builder instructions(String instructions) {
      this.instructions = instructions;
      return this;
    }

    /**
     * Continues from an earlier response; LM Studio keeps its context.
     *
     * @param previousResponseId the earlier response's {@code id}, or null
     * @return this builder
     */
    public Builder previousResponseId(String previousResponseId) {
      this.previousResponseId = previousResponseId;
      return this;
    }

    /**
     * Sets {@code reasoning.effort}.
     *
     * @param reasoningEffort {@code low}, {@code medium} or {@code high}, or null
     * @return this builder
     */
    public Builder reasoningEffort(String reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /**
     * Sets the tools the model may use.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder tools(ResponseTool... tools) {
      this.tools = new ArrayList<>(Arrays.asList(tools));
      return this;
    }

    /**
     * Sets the tools the model may use.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder tools(List<? extends ResponseTool> tools) {
      this.tools = new ArrayList<>(tools);
      return this;
    }

    /**
     * Sets whether and which tool the model must call.
     *
     * @param toolChoice the choice, or null
     * @return this builder
     */
    public Builder toolChoice(ResponseToolChoice toolChoice) {
      this.toolChoice = toolChoice;
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
     * Sets whether LM Studio stores the response.
     *
     * @param store the setting, or null for the server's default
     * @return this builder
     */
    public Builder store(Boolean store) {
      this.store = store;
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
    public ResponseRequest build() {
      return new ResponseRequest(
          model,
          input,
          instructions,
          previousResponseId,
          reasoningEffort,
          tools,
          toolChoice,
          temperature,
          topP,
          maxOutputTokens,
          store,
          timeouts);
    }
  }
}
