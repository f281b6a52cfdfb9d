package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

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
public final class LmStudioChatModel extends LmStudioModel implements ChatModel {
  private LmStudioChatModel(Builder builder) {
    super(builder);
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
