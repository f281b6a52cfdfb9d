package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.lmstudiojava.client.ChatCall;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A LangChain4j {@link StreamingChatModel} answered by LM Studio: tokens go to {@code
 * onPartialResponse}, the model's reasoning to {@code onPartialThinking}, then the whole answer to
 * {@code onCompleteResponse}, or the typed failure to {@code onError}. The calls happen on the HTTP
 * client's thread. Requests take the same two routes as {@link LmStudioChatModel}'s.
 *
 * <pre>{@code
 * StreamingChatModel model = LmStudioStreamingChatModel.builder()
 *     .lmStudio(lms)
 *     .modelName("qwen/qwen3-4b")
 *     .build();
 * model.chat("Write a haiku", new StreamingChatResponseHandler() {
 *   public void onPartialResponse(String token) { System.out.print(token); }
 *   public void onCompleteResponse(ChatResponse response) { System.out.println(); }
 *   public void onError(Throwable error) { error.printStackTrace(); }
 * });
 * }</pre>
 *
 * <p>If the handler throws while taking a token, the stream is cancelled and {@code onError} gets
 * that exception; {@code onCompleteResponse} is then not called.
 */
public final class LmStudioStreamingChatModel extends LmStudioModel implements StreamingChatModel {
  private LmStudioStreamingChatModel(Builder builder) {
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
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    Relay relay = new Relay(handler);
    try {
      if (Translation.fitsNativeChat(request)) {
        ChatCall call =
            lms.streamChat(
                Translation.nativeRequest(request, settings),
                event -> {
                  if (event instanceof ChatEvent.MessageDelta) {
                    relay.token(((ChatEvent.MessageDelta) event).content());
                  } else if (event instanceof ChatEvent.ReasoningDelta) {
                    relay.thinking(((ChatEvent.ReasoningDelta) event).content());
                  }
                });
        relay.follow(call.result(), Translation::fromNative, call::cancel);
      } else {
        StreamCall<io.github.lmstudiojava.client.openai.ChatCompletion> call =
            lms.openai()
                .streamChatCompletion(
                    Translation.compatRequest(request, settings),
                    (ChatCompletionChunk chunk) -> {
                      relay.thinking(chunk.reasoning());
                      relay.token(chunk.text());
                    });
        relay.follow(call.result(), Translation::fromCompat, call::cancel);
      }
    } catch (RuntimeException e) {
      relay.fail(e);
    }
  }

  /** Passes a stream's pieces to the handler and ends it exactly once. */
  private static final class Relay {
    private final StreamingChatResponseHandler handler;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable cancel = () -> {};

    Relay(StreamingChatResponseHandler handler) {
      this.handler = handler;
    }

    void token(String text) {
      if (text == null || text.isEmpty() || ended.get()) {
        return;
      }
      try {
        handler.onPartialResponse(text);
      } catch (RuntimeException e) {
        fail(e);
        cancel.run();
      }
    }

    void thinking(String text) {
      if (text == null || text.isEmpty() || ended.get()) {
        return;
      }
      try {
        handler.onPartialThinking(new PartialThinking(text));
      } catch (RuntimeException e) {
        fail(e);
        cancel.run();
      }
    }

    <R> void follow(
        CompletableFuture<R> result, Function<R, ChatResponse> toResponse, Runnable cancel) {
      this.cancel = cancel;
      if (ended.get()) {
        cancel.run(); // the handler failed on a token that came before this point
      }
      result.whenComplete(
          (value, error) -> {
            if (error != null) {
              fail(
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error);
              return;
            }
            ChatResponse response;
            try {
              response = toResponse.apply(value);
            } catch (RuntimeException e) {
              fail(e);
              return;
            }
            if (ended.compareAndSet(false, true)) {
              handler.onCompleteResponse(response);
            }
          });
    }

    void fail(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        handler.onError(error);
      }
    }
  }

  /** Builds an {@link LmStudioStreamingChatModel}. */
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
    public LmStudioStreamingChatModel build() {
      return new LmStudioStreamingChatModel(this);
    }
  }
}
