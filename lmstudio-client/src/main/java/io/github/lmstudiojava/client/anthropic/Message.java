package io.github.lmstudiojava.client.anthropic;

import com.squareup.moshi.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code POST /v1/messages}: the assistant's content blocks, why it stopped, and
 * token usage.
 *
 * <pre>{@code
 * Message m = lms.anthropic().messages("ibm/granite-4-micro", "Say hello");
 * m.text();                   // the text blocks joined
 * m.toolUses();               // the tool calls, if any
 * }</pre>
 *
 * @param id the message id
 * @param type {@code message}
 * @param role {@code assistant}
 * @param model the model that answered
 * @param content the blocks, in order
 * @param stopReason why generation stopped: {@code end_turn}, {@code max_tokens}, {@code
 *     stop_sequence}, {@code tool_use}, or another; null in a stream that never said
 * @param stopSequence the stop sequence that ended it; otherwise null
 * @param usage token counts; may be null
 */
public record Message(
    String id,
    String type,
    String role,
    String model,
    List<ContentBlock> content,
    @Json(name = "stop_reason") String stopReason,
    @Json(name = "stop_sequence") String stopSequence,
    Usage usage) {

  /** Normalizes missing content to empty. */
  public Message {
    content = content == null ? List.of() : List.copyOf(content);
  }

  /**
   * The text blocks joined together.
   *
   * @return the text; empty when there is none
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text) {
        text.append(((ContentBlock.Text) block).text());
      }
    }
    return text.toString();
  }

  /**
   * The thinking blocks joined together.
   *
   * @return the reasoning; empty when the model showed none
   */
  public String thinking() {
    StringBuilder thinking = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Thinking) {
        thinking.append(((ContentBlock.Thinking) block).thinking());
      }
    }
    return thinking.toString();
  }

  /**
   * The tool calls, in order.
   *
   * @return the calls; empty when there are none
   */
  public List<ContentBlock.ToolUse> toolUses() {
    List<ContentBlock.ToolUse> uses = new ArrayList<>();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.ToolUse) {
        uses.add((ContentBlock.ToolUse) block);
      }
    }
    return List.copyOf(uses);
  }
}
