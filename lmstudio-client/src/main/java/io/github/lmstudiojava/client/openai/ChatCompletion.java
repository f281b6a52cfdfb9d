package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * The answer to a chat completion request ({@code POST /v1/chat/completions}), or the result
 * rebuilt from a stream's chunks.
 *
 * <pre>{@code
 * ChatCompletion c = lms.openai().chatCompletion("qwen/qwen3-4b", "Why is the sky blue?");
 * System.out.println(c.text());
 * }</pre>
 *
 * <p>The helpers {@link #text()}, {@link #reasoning()}, {@link #toolCalls()} and {@link
 * #finishReason()} read the first choice, the only one LM Studio returns.
 *
 * @param id the completion's id, such as {@code chatcmpl-...}
 * @param created when it was created, in seconds since the epoch; may be null
 * @param model the model that answered
 * @param choices the answers; never null
 * @param usage token counts; may be null (in a stream, only with {@code include_usage})
 * @param stats LM Studio's speed and stop statistics; null when it sent none
 * @param systemFingerprint the configuration fingerprint; LM Studio puts the model here
 */
public record ChatCompletion(
    String id,
    Long created,
    String model,
    List<Choice> choices,
    CompletionUsage usage,
    CompletionStats stats,
    @Json(name = "system_fingerprint") String systemFingerprint) {

  /** Copies the choices and normalizes null to empty. */
  public ChatCompletion {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /**
   * The first choice's message text.
   *
   * @return the text; empty when there is none (a reply made only of tool calls)
   */
  public String text() {
    Message message = firstMessage();
    return message == null || message.content() == null ? "" : message.content();
  }

  /**
   * The first choice's reasoning, which LM Studio sends apart from the text for reasoning models.
   *
   * @return the reasoning; empty when there is none
   */
  public String reasoning() {
    Message message = firstMessage();
    return message == null || message.reasoning() == null ? "" : message.reasoning();
  }

  /**
   * The tool calls of the first choice.
   *
   * @return the calls; empty when the model called none
   */
  public List<ChatToolCall> toolCalls() {
    Message message = firstMessage();
    return message == null ? List.of() : message.toolCalls();
  }

  /**
   * Why the first choice ended: {@code stop}, {@code length}, {@code tool_calls}, or another.
   *
   * @return the reason; null when there is no choice or it did not finish
   */
  public String finishReason() {
    return choices.isEmpty() ? null : choices.get(0).finishReason();
  }

  /**
   * The first choice's message as an assistant message, to replay the conversation.
   *
   * @return the message: text, tool calls or both (reasoning is not replayed)
   * @throws IllegalStateException when there is neither text nor a tool call
   */
  public ChatMessage.AssistantMessage assistantMessage() {
    Message message = firstMessage();
    if (message == null || (message.content() == null && message.toolCalls().isEmpty())) {
      throw new IllegalStateException("the completion has no text and no tool calls");
    }
    return new ChatMessage.AssistantMessage(message.content(), message.toolCalls());
  }

  /**
   * Whether nothing was generated: no choice at all, or choices without text, reasoning or tool
   * calls whose usage counts no generated token. LM Studio 0.3.x answers a prompt longer than the
   * loaded context so, with status 200 (lmstudio-bug-tracker#2339). Empty choices without a usage
   * to tell are taken as an answer, which a model may give.
   */
  boolean generatedNothing() {
    Integer generated = usage == null ? null : usage.completionTokens();
    if (generated != null && generated > 0) {
      return false;
    }
    if (!choices.isEmpty() && generated == null) {
      return false;
    }
    for (Choice choice : choices) {
      Message message = choice.message();
      if (message != null
          && ((message.content() != null && !message.content().isEmpty())
              || (message.reasoning() != null && !message.reasoning().isEmpty())
              || !message.toolCalls().isEmpty())) {
        return false;
      }
    }
    return true;
  }

  /** What a caller is told when {@link #generatedNothing()}: the likely cause and the cure. */
  static String nothingGeneratedHint() {
    return "LM Studio 0.3.x answers so when the prompt is longer than the model's loaded context"
        + " (lmstudio-bug-tracker#2339): load the model with a larger context length, or send a"
        + " shorter prompt.";
  }

  private Message firstMessage() {
    return choices.isEmpty() ? null : choices.get(0).message();
  }

  /**
   * One answer.
   *
   * @param index its position among the choices
   * @param message the message
   * @param finishReason why it ended; null while a stream is still running
   */
  public record Choice(
      int index, Message message, @Json(name = "finish_reason") String finishReason) {}

  /**
   * The assistant's message.
   *
   * @param role always {@code assistant}
   * @param content the text; null when the model only called tools
   * @param reasoning the reasoning, from LM Studio's {@code reasoning} field (or {@code
   *     reasoning_content}, which some versions and settings use); null when there is none
   * @param toolCalls the tool calls; never null
   */
  public record Message(
      String role, String content, String reasoning, List<ChatToolCall> toolCalls) {
    /** Copies the tool calls and normalizes null to empty. */
    public Message {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
  }
}
