package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /v1/completions}: raw text continuation, without a prompt template.
 * Meant for base models; chat-tuned models may answer with stray tokens. {@code stream} is set by
 * the method called.
 *
 * <p>Optional fields are null (or empty) when not set, and are then left out of the request. The LM
 * Studio docs name no parameters for this endpoint; these are OpenAI's, plus the sampling and
 * loading extensions LM Studio takes on chat completions.
 *
 * @param model the model identifier
 * @param prompt the text to continue
 * @param maxTokens most tokens to generate; -1 for no limit
 * @param temperature randomness, 0 or more
 * @param topP nucleus sampling threshold, within [0, 1]
 * @param topK sample among the k likeliest tokens (LM Studio extension)
 * @param stop sequences that end generation; one is sent as a string, several as an array
 * @param presencePenalty penalty for tokens already present
 * @param frequencyPenalty penalty growing with a token's frequency
 * @param repeatPenalty penalty for repeated tokens, more than 0 (LM Studio extension)
 * @param seed seed for reproducible sampling
 * @param echo whether to repeat the prompt before the completion (OpenAI's {@code echo})
 * @param includeUsage when streaming, ask for a last chunk with token usage; not sent otherwise
 * @param ttl seconds a model loaded for this request stays loaded while idle (LM Studio extension)
 * @param draftModel a draft model for speculative decoding (LM Studio extension)
 * @param timeouts limits for this request, overriding the client's; never sent
 */
public record CompletionRequest(
    String model,
    String prompt,
    Integer maxTokens,
    Double temperature,
    Double topP,
    Integer topK,
    List<String> stop,
    Double presencePenalty,
    Double frequencyPenalty,
    Double repeatPenalty,
    Long seed,
    Boolean echo,
    Boolean includeUsage,
    Integer ttl,
    String draftModel,
    Timeouts timeouts) {

  /** Checks the model and prompt, copies the stop list and checks the option ranges. */
  public CompletionRequest {
    Requests.model(model);
    Objects.requireNonNull(prompt, "prompt == null");
    stop = Requests.stop(stop);
    Requests.sampling(temperature, topP, topK, repeatPenalty);
    Requests.maxTokens(maxTokens);
    Requests.ttl(ttl);
  }

  /**
   * A request with default options.
   *
   * @param model the model identifier
   * @param prompt the text to continue
   * @return the request
   */
  public static CompletionRequest of(String model, String prompt) {
    return builder(model, prompt).build();
  }

  /**
   * A builder.
   *
   * @param model the model identifier
   * @param prompt the text to continue
   * @return the builder
   */
  public static Builder builder(String model, String prompt) {
    return new Builder(model, prompt);
  }

  /**
   * A builder holding this request's values, to make a changed copy.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(model, prompt);
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.stop = new ArrayList<>(stop);
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.repeatPenalty = repeatPenalty;
    b.seed = seed;
    b.echo = echo;
    b.includeUsage = includeUsage;
    b.ttl = ttl;
    b.draftModel = draftModel;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds a {@link CompletionRequest}; each setter replaces the value set before. */
  public static final class Builder {
    private String model;
    private String prompt;
    private Integer maxTokens;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private List<String> stop = new ArrayList<>();
    private Double presencePenalty;
    private Double frequencyPenalty;
    private Double repeatPenalty;
    private Long seed;
    private Boolean echo;
    private Boolean includeUsage;
    private Integer ttl;
    private String draftModel;
    private Timeouts timeouts;

    private Builder(String model, String prompt) {
      this.model = model;
      this.prompt = prompt;
    }

    /** Sets the model identifier. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets the text to continue. */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Sets {@code max_tokens}: more than 0, -1 for no limit, or null. */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
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

    /** Sets {@code seed}: the seed, or null. */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets {@code echo}: whether to repeat the prompt first, or null. */
    public Builder echo(Boolean echo) {
      this.echo = echo;
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

    /** Sets limits for this request, or null for the client's. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException when a value is out of range
     */
    public CompletionRequest build() {
      return new CompletionRequest(
          model,
          prompt,
          maxTokens,
          temperature,
          topP,
          topK,
          stop,
          presencePenalty,
          frequencyPenalty,
          repeatPenalty,
          seed,
          echo,
          includeUsage,
          ttl,
          draftModel,
          timeouts);
    }
  }
}
