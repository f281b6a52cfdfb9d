package io.github.lmstudiojava.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1/responses} event stream for a finished response. Each event is named, repeats its
 * name as {@code type} and carries a {@code sequence_number}, following OpenAI's Responses
 * streaming reference: {@code response.created}, {@code response.in_progress}, then per output item
 * {@code response.output_item.added}, its own events, and {@code response.output_item.done}, then
 * {@code response.completed}. An item's own events: for reasoning, {@code
 * response.content_part.added} (a {@code reasoning_text} part), {@code
 * response.reasoning_text.delta}s, {@code .done} and {@code response.content_part.done}; for an MCP
 * call, {@code response.mcp_call_arguments.done} and {@code response.mcp_call.completed}; for a
 * function call, {@code response.function_call_arguments.delta}s and {@code .done}; for a message,
 * {@code response.content_part.added}, {@code response.output_text.delta}s, {@code
 * response.output_text.done} and {@code response.content_part.done}.
 */
final class ResponseEvents {
  private final TokenStream sse = new TokenStream();
  private int sequence;

  private ResponseEvents() {}

  @SuppressWarnings("unchecked")
  static TokenStream stream(Map<String, Object> response) {
    ResponseEvents events = new ResponseEvents();
    Map<String, Object> pending = inProgress(response);
    events.emit("response.created", false, "response", pending);
    events.emit("response.in_progress", false, "response", pending);
    List<Map<String, Object>> output = (List<Map<String, Object>>) response.get("output");
    for (int i = 0; i < output.size(); i++) {
      events.item(i, output.get(i));
    }
    events.emit("response.completed", false, "response", response);
    return events.sse;
  }

  /** The stream of a response that failed once generation began. */
  static TokenStream failed(Map<String, Object> response, Params.Rejected error) {
    ResponseEvents events = new ResponseEvents();
    Map<String, Object> pending = inProgress(response);
    events.emit("response.created", false, "response", pending);
    events.emit("response.in_progress", false, "response", pending);
    Map<String, Object> failed = new LinkedHashMap<>(pending);
    failed.put("status", "failed");
    failed.put("error", Json.object("code", error.code, "message", error.getMessage()));
    events.emit("response.failed", false, "response", failed);
    return events.sse;
  }

  @SuppressWarnings("unchecked")
  private void item(int index, Map<String, Object> item) {
    String id = (String) item.get("id");
    String type = (String) item.get("type");
    Map<String, Object> added = new LinkedHashMap<>(item);
    if (added.containsKey("status")) {
      added.put("status", "in_progress");
    }
    switch (type) {
      case "reasoning":
        added.put("content", List.of());
        emit("response.output_item.added", false, "output_index", index, "item", added);
        Map<String, Object> reasoning = ((List<Map<String, Object>>) item.get("content")).get(0);
        String thinking = (String) reasoning.get("text");
        emit(
            "response.content_part.added",
            false,
            "item_id",
            id,
            "output_index",
            index,
            "content_index",
            0,
            "part",
            Json.object("type", "reasoning_text", "text", ""));
        for (String piece : ChatAnswer.pieces(thinking)) {
          emit(
              "response.reasoning_text.delta",
              true,
              "item_id",
              id,
              "output_index",
              index,
              "content_index",
              0,
              "delta",
              piece);
        }
        emit(
            "response.reasoning_text.done",
            false,
            "item_id",
            id,
            "output_index",
            index,
            "content_index",
            0,
            "text",
            thinking);
        emit(
            "response.content_part.done",
            false,
            "item_id",
            id,
            "output_index",
            index,
            "content_index",
            0,
            "part",
            reasoning);
        break;
      case "mcp_call":
        added.put("arguments", "");
        added.put("output", null);
        emit("response.output_item.added", false, "output_index", index, "item", added);
        emit(
            "response.mcp_call_arguments.done",
            false,
            "item_id",
            id,
            "output_index",
            index,
            "arguments",
            item.get("arguments"));
        emit("response.mcp_call.completed", false, "item_id", id, "output_index", index);
        break;
      case "function_call":
        added.put("arguments", "");
        emit("response.output_item.added", false, "output_index", index, "item", added);
        String arguments = (String) item.get("arguments");
        for (String fragment : CompatTools.fragments(arguments)) {
          emit(
              "response.function_call_arguments.delta",
              true,
              "item_id",
              id,
              "output_index",
              index,
              "delta",
              fragment);
        }
        emit(
            "response.function_call_arguments.done",
            false,
            "item_id",
            id,
            "output_index",
            index,
            "arguments",
            arguments);
        break;
      default:
        message(index, id, item, added);
        break;
    }
    emit("response.output_item.done", false, "output_index", index, "item", item);
  }

  @SuppressWarnings("unchecked")
  private void message(int index, String id, Map<String, Object> item, Map<String, Object> added) {
    added.put("content", List.of());
    emit("response.output_item.added", false, "output_index", index, "item", added);
    Map<String, Object> part = ((List<Map<String, Object>>) item.get("content")).get(0);
    String text = (String) part.get("text");
    Map<String, Object> empty = new LinkedHashMap<>(part);
    empty.put("text", "");
    emit(
        "response.content_part.added",
        false,
        "item_id",
        id,
        "output_index",
        index,
        "content_index",
        0,
        "part",
        empty);
    for (String piece : ChatAnswer.pieces(text)) {
      emit(
          "response.output_text.delta",
          true,
          "item_id",
          id,
          "output_index",
          index,
          "content_index",
          0,
          "delta",
          piece,
          "logprobs",
          List.of());
    }
    emit(
        "response.output_text.done",
        false,
        "item_id",
        id,
        "output_index",
        index,
        "content_index",
        0,
        "text",
        text,
        "logprobs",
        List.of());
    emit(
        "response.content_part.done",
        false,
        "item_id",
        id,
        "output_index",
        index,
        "content_index",
        0,
        "part",
        part);
  }

  private static Map<String, Object> inProgress(Map<String, Object> response) {
    Map<String, Object> pending = new LinkedHashMap<>(response);
    pending.put("status", "in_progress");
    pending.put("output", List.of());
    pending.put("usage", null);
    return pending;
  }

  private void emit(String name, boolean token, Object... fields) {
    Map<String, Object> data = Json.object("type", name);
    data.putAll(Json.object(fields));
    data.put("sequence_number", sequence++);
    if (token) {
      sse.eventToken(name, data);
    } else {
      sse.event(name, data);
    }
  }
}
