package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a native chat request ({@code POST /api/v1/chat}), or the {@code result} of a
 * stream's {@code chat.end} event.
 *
 * <pre>{@code
 * ChatResult r = lms.chat("qwen/qwen3-4b", "Why is the sky blue?");
 * System.out.println(r.text());
 * System.out.println(r.stats().tokensPerSecond() + " tok/s");
 * }</pre>
 *
 * @param modelInstanceId the loaded instance that answered
 * @param output the output items in the order the model produced them; never null
 * @param stats token usage and speed; may be null in a partial result
 * @param responseId the id to continue from with {@code previous_response_id}; null when {@code
 *     store} was false
 */
public record ChatResult(
    @Json(name = "model_instance_id") String modelInstanceId,
    List<OutputItem> output,
    ChatStats stats,
    @Json(name = "response_id") String responseId) {

  /** Copies the output list and normalizes null to empty. */
  public ChatResult {
    output = output == null ? List.of() : List.copyOf(output);
  }

  /**
   * The text of every {@code message} item, joined in order.
   *
   * @return the answer text; empty when the model wrote none
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (OutputItem item : output) {
      if (item instanceof OutputItem.Message) {
        text.append(((OutputItem.Message) item).content());
      }
    }
    return text.toString();
  }

  /**
   * The text of every {@code reasoning} item, joined in order.
   *
   * @return the reasoning; empty when the model did not reason
   */
  public String reasoning() {
    StringBuilder text = new StringBuilder();
    for (OutputItem item : output) {
      if (item instanceof OutputItem.Reasoning) {
        text.append(((OutputItem.Reasoning) item).content());
      }
    }
    return text.toString();
  }

  /**
   * Whether the model reasoned but gave no answer: no message text, no tool call. A reasoning model
   * under a small {@link ChatRequest#maxOutputTokens()} can spend the whole budget thinking; raise
   * {@code maxOutputTokens}, or lower {@code reasoning} ({@link Reasoning#LOW} or {@link
   * Reasoning#OFF}) where the model allows it.
   *
   * <pre>{@code
   * if (r.reasoningWithoutAnswer()) {
   *   System.err.println(r.stats().reasoningOutputTokens() + " tokens of reasoning, no answer");
   * }
   * }</pre>
   *
   * @return true when there is reasoning and nothing else
   */
  public boolean reasoningWithoutAnswer() {
    return text().isBlank()
        && !reasoning().isBlank()
        && toolCalls().isEmpty()
        && invalidToolCalls().isEmpty();
  }

  /**
   * The tool calls LM Studio made through integrations, in order.
   *
   * @return the tool calls; empty when none were made
   */
  public List<OutputItem.ToolCall> toolCalls() {
    return itemsOf(OutputItem.ToolCall.class);
  }

  /**
   * The tool calls LM Studio rejected, in order.
   *
   * @return the invalid tool calls; empty when there were none
   */
  public List<OutputItem.InvalidToolCall> invalidToolCalls() {
    return itemsOf(OutputItem.InvalidToolCall.class);
  }

  private <T extends OutputItem> List<T> itemsOf(Class<T> type) {
    List<T> items = new ArrayList<>();
    for (OutputItem item : output) {
      if (type.isInstance(item)) {
        items.add(type.cast(item));
      }
    }
    return List.copyOf(items);
  }
}
