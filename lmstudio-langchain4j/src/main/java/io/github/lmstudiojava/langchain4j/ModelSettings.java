package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Reasoning;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the builders of {@link LmStudioChatModel} and {@link LmStudioStreamingChatModel} share.
 *
 * @param <B> the builder's own type
 */
abstract class ModelSettings<B extends ModelSettings<B>> {
  LmStudio lmStudio;
  String modelName;
  Double temperature;
  Double topP;
  Integer topK;
  Integer maxOutputTokens;
  Integer contextLength;
  Reasoning reasoning;
  final List<ChatModelListener> listeners = new ArrayList<>();

  abstract B self();

  /**
   * The client that talks to LM Studio (required); it stays the caller's to close.
   *
   * @param lmStudio the client
   * @return this builder
   */
  public B lmStudio(LmStudio lmStudio) {
    this.lmStudio = Objects.requireNonNull(lmStudio, "lmStudio == null");
    return self();
  }

  /**
   * The model to ask, such as {@code qwen/qwen3-4b} (required here or in each request); LM Studio
   * loads it on first use.
   *
   * @param modelName the model's key or instance id
   * @return this builder
   */
  public B modelName(String modelName) {
    this.modelName = modelName;
    return self();
  }

  /**
   * The sampling temperature.
   *
   * @param temperature from 0; null for the model's default
   * @return this builder
   */
  public B temperature(Double temperature) {
    this.temperature = temperature;
    return self();
  }

  /**
   * Nucleus sampling.
   *
   * @param topP from 0 to 1; null for the model's default
   * @return this builder
   */
  public B topP(Double topP) {
    this.topP = topP;
    return self();
  }

  /**
   * Top-k sampling.
   *
   * @param topK at least 1; null for the model's default
   * @return this builder
   */
  public B topK(Integer topK) {
    this.topK = topK;
    return self();
  }

  /**
   * The most tokens to generate.
   *
   * @param maxOutputTokens at least 1; null for no limit
   * @return this builder
   */
  public B maxOutputTokens(Integer maxOutputTokens) {
    this.maxOutputTokens = maxOutputTokens;
    return self();
  }

  /**
   * The context length LM Studio loads the model with when a native chat loads it.
   *
   * @param contextLength tokens; null for LM Studio's choice
   * @return this builder
   */
  public B contextLength(Integer contextLength) {
    this.contextLength = contextLength;
    return self();
  }

  /**
   * How much a reasoning model reasons: {@link Reasoning#OFF}, {@link Reasoning#LOW}... (as {@code
   * reasoning_effort} on the OpenAI-compatible API).
   *
   * @param reasoning the setting; null for the model's default
   * @return this builder
   */
  public B reasoning(Reasoning reasoning) {
    this.reasoning = reasoning;
    return self();
  }

  /**
   * Adds LangChain4j listeners, told about each request, response and error.
   *
   * @param listeners the listeners
   * @return this builder
   */
  public B listeners(List<ChatModelListener> listeners) {
    this.listeners.addAll(listeners);
    return self();
  }

  ChatRequestParameters parameters() {
    return DefaultChatRequestParameters.builder()
        .modelName(modelName)
        .temperature(temperature)
        .topP(topP)
        .topK(topK)
        .maxOutputTokens(maxOutputTokens)
        .build();
  }

  Translation.Settings settings() {
    return new Translation.Settings(contextLength, reasoning);
  }

  void check() {
    if (lmStudio == null) {
      throw new IllegalStateException("lmStudio is required: the LmStudio client to use");
    }
  }
}
