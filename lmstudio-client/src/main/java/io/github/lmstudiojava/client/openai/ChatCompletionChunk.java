package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;
import java.util.List;

/**
 * One event of a streamed chat completion: a piece of text, reasoning or tool call per choice, a
 * finish reason, or (last, with {@code include_usage}) the token usage alone.
 *
 * <pre>{@code
 * try (EventStream<ChatCompletionChunk, ChatCompletion> s =
 *     lms.openai().streamChatCompletion(request)) {
 *   for (ChatCompletionChunk chunk : s) {
 *     System.out.print(chunk.text());
 *   }
 *   ChatCompletion whole = s.result();
 * }
 * }</pre>
 *
 * @param id the completion's id, the same in every chunk
 * @param created when the completion was created, in seconds since the epoch; may be null
 * @param model the model that answers
 * @param choices what each choice received; never null, empty in a usage-only chunk
 * @param usage token counts; only in the last chunk, and only with {@code include_usage}
 * @param stats LM Studio's statistics, when it sends them
 * @param systemFingerprint the configuration fingerprint; may be null
 */
public record ChatCompletionChunk(
    String id,
    Long created,
    String model,
    List<Choice> choices,
    CompletionUsage usage,
    CompletionStats stats,
    @Json(name = "system_fingerprint") String systemFingerprint) {

  /** Copies the choices and normalizes null to empty. */
  public ChatCompletionChunk {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /**
   * The text this chunk adds to the first choice.
   *
   * @return the text; empty when the chunk carries none
   */
  public String text() {
    if (choices.isEmpty() || choices.get(0).delta().content() == null) {
      return "";
    }
    return choices.get(0).delta().content();
  }

  /**
   * The reasoning this chunk adds to the first choice.
   *
   * @return the reasoning; empty when the chunk carries none
   */
  public String reasoning() {
    if (choices.isEmpty() || choices.get(0).delta().reasoning() == null) {
      return "";
    }
    return choices.get(0).delta().reasoning();
  }

  /**
   * What one choice received.
   *
   * @param index which choice
   * @param delta the pieces received; never null
   * @param finishReason why the choice ended, in its last chunk; otherwise null
   */
  public record Choice(int index, Delta delta, @Json(name = "finish_reason") String finishReason) {
    /** Normalizes a missing delta to an empty one. */
    public Choice {
      delta = delta == null ? new Delta(null, null, null, List.of()) : delta;
    }
  }

  /**
   * The pieces of a message in one chunk.
   *
   * @param role {@code assistant}, in the first chunk only
   * @param content a piece of text; may be null
   * @param reasoning a piece of reasoning (LM Studio's {@code reasoning}, or {@code
   *     reasoning_content}); may be null
   * @param toolCalls pieces of tool calls; never null
   */
  public record Delta(
      String role, String content, String reasoning, List<ToolCallDelta> toolCalls) {
    /** Copies the tool call pieces and normalizes null to empty. */
    public Delta {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
  }

  /**
   * A piece of a tool call: the first piece of a call usually carries its id and name, later ones
   * pieces of its arguments.
   *
   * @param index which call of the message the piece belongs to; null when LM Studio leaves it out
   * @param id the call's id; null after the first piece
   * @param type {@code function}; null after the first piece
   * @param function the function's name and a piece of its arguments; may be null
   */
  public record ToolCallDelta(Integer index, String id, String type, FunctionDelta function) {}

  /**
   * A piece of a function call.
   *
   * @param name the function's name; null after the first piece
   * @param arguments a piece of the arguments' JSON text; may be null
   */
  public record FunctionDelta(String name, String arguments) {}
}
