package io.github.lmstudiojava.client.openai;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message of a chat completion request: system, user, assistant (possibly with tool calls) or
 * tool result. Unlike the native {@code /api/v1/chat}, {@code /v1/chat/completions} takes the whole
 * history, so earlier assistant turns can be replayed.
 *
 * <pre>{@code
 * List<ChatMessage> messages = List.of(
 *     ChatMessage.system("Always answer in rhymes."),
 *     ChatMessage.user("Introduce yourself."));
 * }</pre>
 */
public sealed interface ChatMessage
    permits ChatMessage.SystemMessage,
        ChatMessage.UserMessage,
        ChatMessage.AssistantMessage,
        ChatMessage.ToolMessage {

  /**
   * The message's role as sent: {@code system}, {@code user}, {@code assistant} or {@code tool}.
   *
   * @return the role
   */
  String role();

  /**
   * A system message.
   *
   * @param content the instructions
   * @return the message
   */
  static SystemMessage system(String content) {
    return new SystemMessage(content);
  }

  /**
   * A user message of plain text.
   *
   * @param text the text
   * @return the message
   */
  static UserMessage user(String text) {
    return new UserMessage(List.of(ChatContentPart.text(text)));
  }

  /**
   * A user message of several parts, such as text and images.
   *
   * @param parts the parts, in order
   * @return the message
   */
  static UserMessage user(ChatContentPart... parts) {
    return new UserMessage(Arrays.asList(parts));
  }

  /**
   * A user message of several parts, such as text and images.
   *
   * @param parts the parts, in order
   * @return the message
   */
  static UserMessage user(List<? extends ChatContentPart> parts) {
    return new UserMessage(List.copyOf(parts));
  }

  /**
   * An earlier answer of the model, replayed.
   *
   * @param content the answer text
   * @return the message
   */
  static AssistantMessage assistant(String content) {
    return new AssistantMessage(content, List.of());
  }

  /**
   * An earlier turn in which the model called tools, replayed before the {@link #tool tool}
   * messages that answer the calls.
   *
   * @param toolCalls the calls, as the model made them
   * @return the message
   */
  static AssistantMessage assistant(List<ChatToolCall> toolCalls) {
    return new AssistantMessage(null, toolCalls);
  }

  /**
   * The result of a tool call, sent back to the model.
   *
   * @param toolCallId the {@link ChatToolCall#id() id} of the call this answers
   * @param content the result, often JSON text
   * @return the message
   */
  static ToolMessage tool(String toolCallId, String content) {
    return new ToolMessage(toolCallId, content);
  }

  /**
   * A system message.
   *
   * @param content the instructions
   */
  record SystemMessage(String content) implements ChatMessage {
    /** Checks the content is present. */
    public SystemMessage {
      Objects.requireNonNull(content, "content == null");
    }

    @Override
    public String role() {
      return "system";
    }
  }

  /**
   * A user message; a single text part is sent as a plain string, several parts as an array.
   *
   * @param content the parts, in order; never empty
   */
  record UserMessage(List<ChatContentPart> content) implements ChatMessage {
    /** Copies the parts and checks there is at least one. */
    public UserMessage {
      Objects.requireNonNull(content, "content == null");
      if (content.isEmpty()) {
        throw new IllegalArgumentException("content is empty");
      }
      content = List.copyOf(content);
    }

    @Override
    public String role() {
      return "user";
    }
  }

  /**
   * An assistant message: an earlier answer, tool calls, or both.
   *
   * @param content the text; null when the model only called tools
   * @param toolCalls the tool calls; never null, possibly empty
   */
  record AssistantMessage(String content, List<ChatToolCall> toolCalls) implements ChatMessage {
    /** Copies the calls and checks the message has text or calls. */
    public AssistantMessage {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
      if (content == null && toolCalls.isEmpty()) {
        throw new IllegalArgumentException("content == null and no toolCalls");
      }
    }

    @Override
    public String role() {
      return "assistant";
    }
  }

  /**
   * The result of a tool call.
   *
   * @param toolCallId the id of the call this answers
   * @param content the result
   */
  record ToolMessage(String toolCallId, String content) implements ChatMessage {
    /** Checks both fields are present. */
    public ToolMessage {
      Objects.requireNonNull(toolCallId, "toolCallId == null");
      Objects.requireNonNull(content, "content == null");
    }

    @Override
    public String role() {
      return "tool";
    }
  }
}
