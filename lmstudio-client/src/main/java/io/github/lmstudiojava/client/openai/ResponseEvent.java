package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.StreamError;

/**
 * One event of a streamed response ({@code POST /v1/responses} with {@code stream: true}).
 *
 * <p>LM Studio's docs name only {@code response.created}, {@code response.output_text.delta} and
 * {@code response.completed}; the others, and every field, follow OpenAI's Responses streaming
 * events, which LM Studio implements. A stream starts with {@link Created}, ends with {@link
 * Completed} (or {@link Incomplete}, {@link Failed}), and an event type this client does not know
 * yet arrives as {@link Unknown}, never as an exception.
 *
 * <pre>{@code
 * try (EventStream<ResponseEvent, ResponseResult> s = lms.openai().streamResponse(request)) {
 *   for (ResponseEvent e : s) {
 *     if (e instanceof ResponseEvent.OutputTextDelta) {
 *       System.out.print(((ResponseEvent.OutputTextDelta) e).delta());
 *     }
 *   }
 * }
 * }</pre>
 */
public sealed interface ResponseEvent
    permits ResponseEvent.Created,
        ResponseEvent.InProgress,
        ResponseEvent.OutputItemAdded,
        ResponseEvent.OutputItemDone,
        ResponseEvent.ContentPartAdded,
        ResponseEvent.ContentPartDone,
        ResponseEvent.OutputTextDelta,
        ResponseEvent.OutputTextDone,
        ResponseEvent.ReasoningTextDelta,
        ResponseEvent.ReasoningTextDone,
        ResponseEvent.ReasoningSummaryTextDelta,
        ResponseEvent.ReasoningSummaryTextDone,
        ResponseEvent.FunctionCallArgumentsDelta,
        ResponseEvent.FunctionCallArgumentsDone,
        ResponseEvent.McpCallArgumentsDelta,
        ResponseEvent.McpCallArgumentsDone,
        ResponseEvent.McpCallStatus,
        ResponseEvent.McpListToolsStatus,
        ResponseEvent.Completed,
        ResponseEvent.Incomplete,
        ResponseEvent.Failed,
        ResponseEvent.Error,
        ResponseEvent.Unknown {

  /**
   * The event's wire name, such as {@code "response.output_text.delta"}.
   *
   * @return the type; null only for an unknown event without one
   */
  String type();

  /**
   * The response was created; its status is {@code in_progress} ({@code response.created}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param response the response so far
   */
  record Created(Integer sequenceNumber, ResponseResult response) implements ResponseEvent {
    @Override
    public String type() {
      return "response.created";
    }
  }

  /**
   * The response is being generated ({@code response.in_progress}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param response the response so far
   */
  record InProgress(Integer sequenceNumber, ResponseResult response) implements ResponseEvent {
    @Override
    public String type() {
      return "response.in_progress";
    }
  }

  /**
   * A new output item began ({@code response.output_item.added}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param outputIndex the item's index in {@code output}
   * @param item the item as it starts
   */
  record OutputItemAdded(Integer sequenceNumber, Integer outputIndex, ResponseItem item)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.output_item.added";
    }
  }

  /**
   * An output item is complete ({@code response.output_item.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param outputIndex the item's index in {@code output}
   * @param item the complete item
   */
  record OutputItemDone(Integer sequenceNumber, Integer outputIndex, ResponseItem item)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.output_item.done";
    }
  }

  /**
   * A new content part of a message began ({@code response.content_part.added}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the message's id
   * @param outputIndex the message's index in {@code output}
   * @param contentIndex the part's index in the message
   * @param part the part as it starts
   */
  record ContentPartAdded(
      Integer sequenceNumber,
      String itemId,
      Integer outputIndex,
      Integer contentIndex,
      ResponseItem.Content part)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.content_part.added";
    }
  }

  /**
   * A content part of a message is complete ({@code response.content_part.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the message's id
   * @param outputIndex the message's index in {@code output}
   * @param contentIndex the part's index in the message
   * @param part the complete part
   */
  record ContentPartDone(
      Integer sequenceNumber,
      String itemId,
      Integer outputIndex,
      Integer contentIndex,
      ResponseItem.Content part)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.content_part.done";
    }
  }

  /**
   * A piece of answer text ({@code response.output_text.delta}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the message's id
   * @param outputIndex the message's index in {@code output}
   * @param contentIndex the part's index in the message
   * @param delta the text
   */
  record OutputTextDelta(
      Integer sequenceNumber,
      String itemId,
      Integer outputIndex,
      Integer contentIndex,
      String delta)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.output_text.delta";
    }
  }

  /**
   * A text part is complete ({@code response.output_text.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the message's id
   * @param outputIndex the message's index in {@code output}
   * @param contentIndex the part's index in the message
   * @param text the whole text of the part
   */
  record OutputTextDone(
      Integer sequenceNumber, String itemId, Integer outputIndex, Integer contentIndex, String text)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.output_text.done";
    }
  }

  /**
   * A piece of reasoning text ({@code response.reasoning_text.delta}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the reasoning item's id
   * @param outputIndex the item's index in {@code output}
   * @param contentIndex the part's index in the item
   * @param delta the text
   */
  record ReasoningTextDelta(
      Integer sequenceNumber,
      String itemId,
      Integer outputIndex,
      Integer contentIndex,
      String delta)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.reasoning_text.delta";
    }
  }

  /**
   * A reasoning text part is complete ({@code response.reasoning_text.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the reasoning item's id
   * @param outputIndex the item's index in {@code output}
   * @param contentIndex the part's index in the item
   * @param text the whole text of the part
   */
  record ReasoningTextDone(
      Integer sequenceNumber, String itemId, Integer outputIndex, Integer contentIndex, String text)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.reasoning_text.done";
    }
  }

  /**
   * A piece of a reasoning summary ({@code response.reasoning_summary_text.delta}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the reasoning item's id
   * @param outputIndex the item's index in {@code output}
   * @param summaryIndex the summary part's index
   * @param delta the text
   */
  record ReasoningSummaryTextDelta(
      Integer sequenceNumber,
      String itemId,
      Integer outputIndex,
      Integer summaryIndex,
      String delta)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.reasoning_summary_text.delta";
    }
  }

  /**
   * A reasoning summary part is complete ({@code response.reasoning_summary_text.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the reasoning item's id
   * @param outputIndex the item's index in {@code output}
   * @param summaryIndex the summary part's index
   * @param text the whole text of the part
   */
  record ReasoningSummaryTextDone(
      Integer sequenceNumber, String itemId, Integer outputIndex, Integer summaryIndex, String text)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.reasoning_summary_text.done";
    }
  }

  /**
   * A piece of a function call's arguments ({@code response.function_call_arguments.delta}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the function call's item id
   * @param outputIndex the item's index in {@code output}
   * @param delta the piece of JSON text
   */
  record FunctionCallArgumentsDelta(
      Integer sequenceNumber, String itemId, Integer outputIndex, String delta)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.function_call_arguments.delta";
    }
  }

  /**
   * A function call's arguments are complete ({@code response.function_call_arguments.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the function call's item id
   * @param outputIndex the item's index in {@code output}
   * @param arguments the whole arguments as JSON text
   */
  record FunctionCallArgumentsDone(
      Integer sequenceNumber, String itemId, Integer outputIndex, String arguments)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.function_call_arguments.done";
    }
  }

  /**
   * A piece of a remote MCP tool call's arguments ({@code response.mcp_call_arguments.delta}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the MCP call's item id
   * @param outputIndex the item's index in {@code output}
   * @param delta the piece of JSON text
   */
  record McpCallArgumentsDelta(
      Integer sequenceNumber, String itemId, Integer outputIndex, String delta)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.mcp_call_arguments.delta";
    }
  }

  /**
   * A remote MCP tool call's arguments are complete ({@code response.mcp_call_arguments.done}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the MCP call's item id
   * @param outputIndex the item's index in {@code output}
   * @param arguments the whole arguments as JSON text
   */
  record McpCallArgumentsDone(
      Integer sequenceNumber, String itemId, Integer outputIndex, String arguments)
      implements ResponseEvent {
    @Override
    public String type() {
      return "response.mcp_call_arguments.done";
    }
  }

  /**
   * A remote MCP tool call changed state: {@code response.mcp_call.in_progress}, {@code
   * response.mcp_call.completed} or {@code response.mcp_call.failed}.
   *
   * @param type the wire name, telling the state
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the MCP call's item id
   * @param outputIndex the item's index in {@code output}
   */
  record McpCallStatus(String type, Integer sequenceNumber, String itemId, Integer outputIndex)
      implements ResponseEvent {}

  /**
   * Listing a remote MCP server's tools changed state: {@code response.mcp_list_tools.in_progress},
   * {@code response.mcp_list_tools.completed} or {@code response.mcp_list_tools.failed}.
   *
   * @param type the wire name, telling the state
   * @param sequenceNumber the event's place in the stream; may be null
   * @param itemId the list's item id
   * @param outputIndex the item's index in {@code output}
   */
  record McpListToolsStatus(String type, Integer sequenceNumber, String itemId, Integer outputIndex)
      implements ResponseEvent {}

  /**
   * The response is complete: the stream's last event ({@code response.completed}).
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param response the final response, the stream's result
   */
  record Completed(Integer sequenceNumber, ResponseResult response) implements ResponseEvent {
    @Override
    public String type() {
      return "response.completed";
    }
  }

  /**
   * The response stopped early, for example at {@code max_output_tokens}: the stream's last event
   * ({@code response.incomplete}). As in OpenAI's API this is a result, with status {@code
   * incomplete}, not a failure.
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param response the response so far, the stream's result
   */
  record Incomplete(Integer sequenceNumber, ResponseResult response) implements ResponseEvent {
    @Override
    public String type() {
      return "response.incomplete";
    }
  }

  /**
   * The response failed: the stream's last event ({@code response.failed}); the stream then throws
   * a {@code LmStudioStreamException} carrying the response's error and this response.
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param response the failed response, with its {@code error}
   */
  record Failed(Integer sequenceNumber, ResponseResult response) implements ResponseEvent {
    @Override
    public String type() {
      return "response.failed";
    }
  }

  /**
   * An error ({@code error}); the stream throws a {@code LmStudioStreamException} carrying it once
   * it ends.
   *
   * @param sequenceNumber the event's place in the stream; may be null
   * @param error the error: {@code code}, {@code message}, {@code param} (and {@code type} when
   *     sent)
   */
  record Error(Integer sequenceNumber, StreamError error) implements ResponseEvent {
    @Override
    public String type() {
      return "error";
    }
  }

  /**
   * An event type this client does not know, kept as raw JSON.
   *
   * @param type the event's name; may be null
   * @param json the event's data
   */
  record Unknown(String type, String json) implements ResponseEvent {}
}
