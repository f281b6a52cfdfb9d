package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.ResponseJson.integer;
import static io.github.lmstudiojava.client.openai.ResponseJson.object;
import static io.github.lmstudiojava.client.openai.ResponseJson.str;
import static io.github.lmstudiojava.client.openai.ResponseJson.text;

import com.squareup.moshi.JsonDataException;
import io.github.lmstudiojava.client.internal.SseEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns server-sent events of a streamed response into {@link ResponseEvent} records.
 *
 * <p>The SSE {@code event:} name picks the record; when a server leaves it out, the data's {@code
 * type} field does. Field names follow OpenAI's Responses streaming events. Unknown names become
 * {@link ResponseEvent.Unknown}; an OpenAI-style {@code [DONE]} marker is skipped.
 */
final class ResponseEventDecoder {
  /** The event names decoded into records; "error" too. */
  private static final Set<String> KNOWN =
      Set.of(
          "response.created",
          "response.in_progress",
          "response.output_item.added",
          "response.output_item.done",
          "response.content_part.added",
          "response.content_part.done",
          "response.output_text.delta",
          "response.output_text.done",
          "response.reasoning_text.delta",
          "response.reasoning_text.done",
          "response.reasoning_summary_text.delta",
          "response.reasoning_summary_text.done",
          "response.function_call_arguments.delta",
          "response.function_call_arguments.done",
          "response.mcp_call_arguments.delta",
          "response.mcp_call_arguments.done",
          "response.mcp_call.in_progress",
          "response.mcp_call.completed",
          "response.mcp_call.failed",
          "response.mcp_list_tools.in_progress",
          "response.mcp_list_tools.completed",
          "response.mcp_list_tools.failed",
          "response.completed",
          "response.incomplete",
          "response.failed",
          "error");

  private ResponseEventDecoder() {}

  /**
   * Decodes one event.
   *
   * @param sse the raw event
   * @return the typed event, or null for {@code [DONE]}
   * @throws JsonDataException or {@link IOException} when a known event's data is malformed
   */
  static ResponseEvent decode(SseEvent sse) throws IOException {
    String data = sse.data();
    if (data.strip().equals("[DONE]")) {
      return null;
    }
    String name = sse.event();
    Map<String, Object> m = null;
    if (name == null || name.isEmpty() || name.equals("message")) {
      // "message" is the SSE default name; the data's type is the real one.
      try {
        m = ResponseJson.object(data);
      } catch (IOException | JsonDataException e) {
        return new ResponseEvent.Unknown(null, data);
      }
      name = str(m, "type");
      if (name == null) {
        return new ResponseEvent.Unknown(null, data);
      }
    }
    if (!KNOWN.contains(name)) {
      return new ResponseEvent.Unknown(name, data);
    }
    if (m == null) {
      m = ResponseJson.object(data);
    }
    return decode(name, m);
  }

  private static ResponseEvent decode(String name, Map<String, Object> m) {
    Integer seq = integer(m, "sequence_number");
    String itemId = str(m, "item_id");
    Integer outputIndex = integer(m, "output_index");
    Integer contentIndex = integer(m, "content_index");
    switch (name) {
      case "response.created":
        return new ResponseEvent.Created(seq, response(name, m));
      case "response.in_progress":
        return new ResponseEvent.InProgress(seq, response(name, m));
      case "response.completed":
        return new ResponseEvent.Completed(seq, response(name, m));
      case "response.incomplete":
        return new ResponseEvent.Incomplete(seq, response(name, m));
      case "response.failed":
        return new ResponseEvent.Failed(seq, response(name, m));
      case "response.output_item.added":
        return new ResponseEvent.OutputItemAdded(seq, outputIndex, item(name, m));
      case "response.output_item.done":
        return new ResponseEvent.OutputItemDone(seq, outputIndex, item(name, m));
      case "response.content_part.added":
        return new ResponseEvent.ContentPartAdded(seq, itemId, outputIndex, contentIndex, part(m));
      case "response.content_part.done":
        return new ResponseEvent.ContentPartDone(seq, itemId, outputIndex, contentIndex, part(m));
      case "response.output_text.delta":
        return new ResponseEvent.OutputTextDelta(
            seq, itemId, outputIndex, contentIndex, required(name, m, "delta"));
      case "response.output_text.done":
        return new ResponseEvent.OutputTextDone(
            seq, itemId, outputIndex, contentIndex, str(m, "text"));
      case "response.reasoning_text.delta":
        return new ResponseEvent.ReasoningTextDelta(
            seq, itemId, outputIndex, contentIndex, required(name, m, "delta"));
      case "response.reasoning_text.done":
        return new ResponseEvent.ReasoningTextDone(
            seq, itemId, outputIndex, contentIndex, str(m, "text"));
      case "response.reasoning_summary_text.delta":
        return new ResponseEvent.ReasoningSummaryTextDelta(
            seq, itemId, outputIndex, integer(m, "summary_index"), required(name, m, "delta"));
      case "response.reasoning_summary_text.done":
        return new ResponseEvent.ReasoningSummaryTextDone(
            seq, itemId, outputIndex, integer(m, "summary_index"), str(m, "text"));
      case "response.function_call_arguments.delta":
        return new ResponseEvent.FunctionCallArgumentsDelta(
            seq, itemId, outputIndex, required(name, m, "delta"));
      case "response.function_call_arguments.done":
        return new ResponseEvent.FunctionCallArgumentsDone(
            seq, itemId, outputIndex, text(m, "arguments"));
      case "response.mcp_call_arguments.delta":
        return new ResponseEvent.McpCallArgumentsDelta(
            seq, itemId, outputIndex, required(name, m, "delta"));
      case "response.mcp_call_arguments.done":
        return new ResponseEvent.McpCallArgumentsDone(
            seq, itemId, outputIndex, text(m, "arguments"));
      case "error":
        // OpenAI puts code, message and param at the top level; some servers nest an "error".
        Object nested = m.get("error");
        return new ResponseEvent.Error(
            seq, ResponseJson.error(nested instanceof Map ? nested : withoutType(m)));
      default:
        if (name.startsWith("response.mcp_call.")) {
          return new ResponseEvent.McpCallStatus(name, seq, itemId, outputIndex);
        }
        return new ResponseEvent.McpListToolsStatus(name, seq, itemId, outputIndex);
    }
  }

  /** The top-level {@code type} of an error event is the event's name, not the error's type. */
  private static Map<String, Object> withoutType(Map<String, Object> m) {
    Map<String, Object> copy = new LinkedHashMap<>(m);
    copy.remove("type");
    return copy;
  }

  private static ResponseResult response(String name, Map<String, Object> m) {
    Map<String, Object> response = object(m, "response");
    if (response == null) {
      throw new JsonDataException(name + " event without a response");
    }
    return ResponseJson.result(response);
  }

  private static ResponseItem item(String name, Map<String, Object> m) {
    Map<String, Object> item = object(m, "item");
    if (item == null) {
      throw new JsonDataException(name + " event without an item");
    }
    return ResponseJson.item(item);
  }

  private static ResponseItem.Content part(Map<String, Object> m) {
    Map<String, Object> part = object(m, "part");
    return part == null ? null : ResponseJson.content(part);
  }

  private static String required(String name, Map<String, Object> m, String key) {
    String value = str(m, key);
    if (value == null) {
      throw new JsonDataException(name + " event without a \"" + key + "\" string");
    }
    return value;
  }
}
