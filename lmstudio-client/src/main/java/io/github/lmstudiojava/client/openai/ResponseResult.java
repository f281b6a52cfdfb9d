package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.StreamError;
import java.util.ArrayList;
import java.util.List;

/**
 * A response of {@code POST /v1/responses}: OpenAI's Response object as LM Studio returns it.
 *
 * <p>A response cut short by {@code max_output_tokens} is still a result, with status {@code
 * incomplete} and an {@link #incompleteReason()}, as in OpenAI's API; check {@link #status()} when
 * that matters.
 *
 * @param id the response id ({@code resp_...}); pass it as {@code previous_response_id} to continue
 * @param createdAt when the response was created, in Unix seconds; may be null
 * @param model the model that answered; may be null
 * @param status {@code completed}, {@code incomplete}, {@code failed} or {@code in_progress}; may
 *     be null
 * @param output the output items in order
 * @param usage the token counts; may be null
 * @param previousResponseId the response this one continued; may be null
 * @param error the error of a failed response ({@code code} and {@code message}); null otherwise
 * @param incompleteReason why an incomplete response stopped, such as {@code max_output_tokens};
 *     null otherwise
 */
public record ResponseResult(
    String id,
    Long createdAt,
    String model,
    String status,
    List<ResponseItem> output,
    ResponseUsage usage,
    String previousResponseId,
    StreamError error,
    String incompleteReason) {

  /** Copies the output list. */
  public ResponseResult {
    output = output == null ? List.of() : List.copyOf(output);
  }

  /**
   * The text of every message's {@code output_text} parts, joined in order.
   *
   * @return the answer; empty when the model only called tools
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ResponseItem item : output) {
      if (item instanceof ResponseItem.Message) {
        text.append(((ResponseItem.Message) item).text());
      }
    }
    return text.toString();
  }

  /**
   * The text of every reasoning item, joined in order.
   *
   * @return the reasoning; empty when the model did not reason
   */
  public String reasoning() {
    StringBuilder text = new StringBuilder();
    for (ResponseItem item : output) {
      if (item instanceof ResponseItem.Reasoning) {
        text.append(((ResponseItem.Reasoning) item).text());
      }
    }
    return text.toString();
  }

  /**
   * The function calls the model wants the caller to run, in order.
   *
   * @return the calls; empty when there are none
   */
  public List<ResponseItem.FunctionCall> functionCalls() {
    List<ResponseItem.FunctionCall> calls = new ArrayList<>();
    for (ResponseItem item : output) {
      if (item instanceof ResponseItem.FunctionCall) {
        calls.add((ResponseItem.FunctionCall) item);
      }
    }
    return calls;
  }

  /**
   * The remote MCP tool calls LM Studio made, in order.
   *
   * @return the calls; empty when there are none
   */
  public List<ResponseItem.McpCall> mcpCalls() {
    List<ResponseItem.McpCall> calls = new ArrayList<>();
    for (ResponseItem item : output) {
      if (item instanceof ResponseItem.McpCall) {
        calls.add((ResponseItem.McpCall) item);
      }
    }
    return calls;
  }
}
