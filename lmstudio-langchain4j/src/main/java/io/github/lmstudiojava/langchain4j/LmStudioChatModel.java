package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.lmstudiojava.client.LmStudio;
import java.util.List;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} answered by LM Studio.
 *
 * <pre>{@code
 * ChatModel model = LmStudioChatModel.builder()
 *     .lmStudio(lms)
 *     .modelName("qwen/qwen3-4b")
 *     .reasoning(Reasoning.LOW)
 *     .build();
 * String answer = model.chat("Why is the sky blue?");
 * }</pre>
 *
 * <p>A system message and one user message (text and images) go to LM Studio's native chat, which
 * loads the model when needed (with {@link Builder#contextLength}), applies the reasoning setting
 * and reports stats ({@link LmStudioChatResponseMetadata#stats()}); the model's reasoning comes
 * back as the {@code AiMessage}'s thinking. A conversation's history, tool specifications and JSON
 * schemas go to the OpenAI-compatible chat, which carries them. LM Studio's failures arrive as the
 * client's typed exceptions ({@code ModelNotFoundException}, {@code LmStudioConnectionException}
 * ...).
 */
public final class LmStudioChatModel implements ChatModel {
  private final LmStudio lms;
  private final ChatRequestParameters defaults;
  private final Translation.Settings settings;
  private final List<ChatModelListener> listeners;

  private LmStudioChatModel(Builder builder) {
    builder.check();
    this.lms = builder.lmStudio;
    this.defaults = builder.parameters();
    this.settings = builder.settings();
    this.listeners = List.copyOf(builder.listeners);
  }

  /**
   * A builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    if (Translation.fitsNativeChat(request)) {
      return Translation.fromNative(lms.chat(Translation.nativeRequest(request, settings)));
    }
    return Translation.fromCompat(
        lms.openai().chatCompletion(Translation.compatRequest(request, settings)));
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  /** Builds an {@link LmStudioChatModel}. */
  public static final class Builder extends ModelSettings<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException without a client
     */
    public LmStudioChatModel build() {
      return new LmStudioChatModel(this);
    }
  }
}
