package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.Map;

/**
 * One event of a native chat stream ({@code POST /api/v1/chat} with {@code stream: true}).
 *
 * <p>A stream starts with {@link ChatStart} and ends with {@link ChatEnd}, which carries the same
 * result as a non-streaming call. In between: model loading, prompt processing, reasoning, tool
 * calls and message text, in the order LM Studio produces them. An event type this client does not
 * know yet arrives as {@link Unknown}, never as an exception.
 *
 * <pre>{@code
 * try (ChatStream s = lms.streamChat(ChatRequest.of("qwen/qwen3-4b", "Tell me a story"))) {
 *   for (ChatEvent e : s) {
 *     if (e instanceof ChatEvent.MessageDelta) {
 *       System.out.print(((ChatEvent.MessageDelta) e).content());
 *     }
 *   }
 * }
 * }</pre>
 */
public sealed interface ChatEvent
    permits ChatEvent.ChatStart,
        ChatEvent.ModelLoadStart,
        ChatEvent.ModelLoadProgress,
        ChatEvent.ModelLoadEnd,
        ChatEvent.PromptProcessingStart,
        ChatEvent.PromptProcessingProgress,
        ChatEvent.PromptProcessingEnd,
        ChatEvent.ReasoningStart,
        ChatEvent.ReasoningDelta,
        ChatEvent.ReasoningEnd,
        ChatEvent.ToolCallStart,
        ChatEvent.ToolCallArguments,
        ChatEvent.ToolCallSuccess,
        ChatEvent.ToolCallFailure,
        ChatEvent.MessageStart,
        ChatEvent.MessageDelta,
        ChatEvent.MessageEnd,
        ChatEvent.Error,
        ChatEvent.ChatEnd,
        ChatEvent.Unknown {

  /**
   * The event's wire name, such as {@code "message.delta"}.
   *
   * @return the type
   */
  String type();

  /**
   * The stream has started.
   *
   * @param modelInstanceId the instance that will answer
   */
  record ChatStart(@Json(name = "model_instance_id") String modelInstanceId) implements ChatEvent {
    @Override
    public String type() {
      return "chat.start";
    }
  }

  /**
   * The model is being loaded for this request (only when it was not loaded).
   *
   * @param modelInstanceId the instance being loaded
   */
  record ModelLoadStart(@Json(name = "model_instance_id") String modelInstanceId)
      implements ChatEvent {
    @Override
    public String type() {
      return "model_load.start";
    }
  }

  /**
   * Model load progress.
   *
   * @param modelInstanceId the instance being loaded
   * @param progress from 0 to 1
   */
  record ModelLoadProgress(
      @Json(name = "model_instance_id") String modelInstanceId, double progress)
      implements ChatEvent {
    @Override
    public String type() {
      return "model_load.progress";
    }
  }

  /**
   * The model finished loading.
   *
   * @param modelInstanceId the loaded instance
   * @param loadTimeSeconds how long it took; may be null
   */
  record ModelLoadEnd(
      @Json(name = "model_instance_id") String modelInstanceId,
      @Json(name = "load_time_seconds") Double loadTimeSeconds)
      implements ChatEvent {
    @Override
    public String type() {
      return "model_load.end";
    }
  }

  /** The model started processing the prompt. */
  record PromptProcessingStart() implements ChatEvent {
    @Override
    public String type() {
      return "prompt_processing.start";
    }
  }

  /**
   * Prompt processing progress.
   *
   * @param progress from 0 to 1
   */
  record PromptProcessingProgress(double progress) implements ChatEvent {
    @Override
    public String type() {
      return "prompt_processing.progress";
    }
  }

  /** The model finished processing the prompt. */
  record PromptProcessingEnd() implements ChatEvent {
    @Override
    public String type() {
      return "prompt_processing.end";
    }
  }

  /** The model started reasoning. */
  record ReasoningStart() implements ChatEvent {
    @Override
    public String type() {
      return "reasoning.start";
    }
  }

  /**
   * A fragment of reasoning.
   *
   * @param content the fragment
   */
  record ReasoningDelta(String content) implements ChatEvent {
    /** Normalizes a missing content to the empty string. */
    public ReasoningDelta {
      content = content == null ? "" : content;
    }

    @Override
    public String type() {
      return "reasoning.delta";
    }
  }

  /** The model finished reasoning. */
  record ReasoningEnd() implements ChatEvent {
    @Override
    public String type() {
      return "reasoning.end";
    }
  }

  /**
   * The model started a tool call through an integration.
   *
   * @param tool the tool's name
   * @param providerInfo the plugin or MCP server providing it; may be null
   */
  record ToolCallStart(String tool, @Json(name = "provider_info") ProviderInfo providerInfo)
      implements ChatEvent {
    @Override
    public String type() {
      return "tool_call.start";
    }
  }

  /**
   * The arguments of the current tool call.
   *
   * @param tool the tool's name
   * @param arguments the arguments, as decoded JSON
   * @param providerInfo the provider; may be null
   */
  record ToolCallArguments(
      String tool,
      Map<String, Object> arguments,
      @Json(name = "provider_info") ProviderInfo providerInfo)
      implements ChatEvent {
    /** Normalizes missing arguments to an empty map. */
    public ToolCallArguments {
      arguments = arguments == null ? Map.of() : arguments;
    }

    @Override
    public String type() {
      return "tool_call.arguments";
    }
  }

  /**
   * A tool call succeeded.
   *
   * @param tool the tool's name
   * @param arguments the arguments used
   * @param output the tool's raw output
   * @param providerInfo the provider; may be null
   */
  record ToolCallSuccess(
      String tool,
      Map<String, Object> arguments,
      String output,
      @Json(name = "provider_info") ProviderInfo providerInfo)
      implements ChatEvent {
    /** Normalizes missing arguments to an empty map. */
    public ToolCallSuccess {
      arguments = arguments == null ? Map.of() : arguments;
    }

    @Override
    public String type() {
      return "tool_call.success";
    }
  }

  /**
   * A tool call failed: unknown tool name or bad arguments.
   *
   * @param reason why
   * @param metadata details; may be null
   */
  record ToolCallFailure(String reason, InvalidToolCallMetadata metadata) implements ChatEvent {
    @Override
    public String type() {
      return "tool_call.failure";
    }
  }

  /** The model is about to write its message. */
  record MessageStart() implements ChatEvent {
    @Override
    public String type() {
      return "message.start";
    }
  }

  /**
   * A fragment of the message.
   *
   * @param content the fragment
   */
  record MessageDelta(String content) implements ChatEvent {
    /** Normalizes a missing content to the empty string. */
    public MessageDelta {
      content = content == null ? "" : content;
    }

    @Override
    public String type() {
      return "message.delta";
    }
  }

  /** The message is complete. */
  record MessageEnd() implements ChatEvent {
    @Override
    public String type() {
      return "message.end";
    }
  }

  /**
   * LM Studio reported an error. The stream still ends with {@link ChatEnd} holding what was
   * generated; the stream then fails with a {@link LmStudioStreamException}.
   *
   * @param error the error
   */
  record Error(StreamError error) implements ChatEvent {
    @Override
    public String type() {
      return "error";
    }
  }

  /**
   * The final event, with the whole result.
   *
   * @param result the same result a non-streaming call returns
   */
  record ChatEnd(ChatResult result) implements ChatEvent {
    @Override
    public String type() {
      return "chat.end";
    }
  }

  /**
   * An event type this client does not know yet, kept whole.
   *
   * @param type the event's name
   * @param data its data, as JSON text
   */
  record Unknown(String type, String data) implements ChatEvent {}
}
