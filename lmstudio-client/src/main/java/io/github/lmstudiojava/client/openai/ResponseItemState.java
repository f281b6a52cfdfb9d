package io.github.lmstudiojava.client.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stream told about one output item: its latest snapshot and the text, reasoning and
 * argument deltas received for it, merged into an item on demand.
 */
final class ResponseItemState {
  final TreeMap<Integer, StringBuilder> text = new TreeMap<>();
  final TreeMap<Integer, StringBuilder> reasoning = new TreeMap<>();
  final TreeMap<Integer, StringBuilder> summary = new TreeMap<>();
  String id;
  ResponseItem item;
  boolean done;
  private StringBuilder arguments;
  private boolean mcpArguments;

  StringBuilder arguments(boolean mcp) {
    if (arguments == null) {
      arguments = new StringBuilder();
      mcpArguments = mcp;
    }
    return arguments;
  }

  /** The item as far as it is known; null when nothing but its index was seen. */
  ResponseItem build() {
    if (done && item != null) {
      return item;
    }
    if (item instanceof ResponseItem.Message || item == null && !text.isEmpty()) {
      ResponseItem.Message m = (ResponseItem.Message) item;
      List<ResponseItem.Content> parts = new ArrayList<>(m == null ? List.of() : m.content());
      for (Map.Entry<Integer, StringBuilder> part : text.entrySet()) {
        while (parts.size() <= part.getKey()) {
          parts.add(new ResponseItem.Content("output_text", ""));
        }
        parts.set(
            part.getKey(), new ResponseItem.Content("output_text", part.getValue().toString()));
      }
      return new ResponseItem.Message(
          m != null && m.id() != null ? m.id() : id,
          m != null && m.role() != null ? m.role() : "assistant",
          "in_progress",
          parts);
    }
    if (item instanceof ResponseItem.Reasoning
        || item == null && (!reasoning.isEmpty() || !summary.isEmpty())) {
      ResponseItem.Reasoning r = (ResponseItem.Reasoning) item;
      return new ResponseItem.Reasoning(
          r != null && r.id() != null ? r.id() : id,
          overlay(r == null ? List.of() : r.summary(), summary),
          overlay(r == null ? List.of() : r.content(), reasoning));
    }
    if (arguments != null) {
      if (item instanceof ResponseItem.FunctionCall || item == null && !mcpArguments) {
        ResponseItem.FunctionCall f = (ResponseItem.FunctionCall) item;
        return new ResponseItem.FunctionCall(
            f != null && f.id() != null ? f.id() : id,
            f == null ? null : f.callId(),
            f == null ? null : f.name(),
            arguments.toString(),
            "in_progress");
      }
      if (item instanceof ResponseItem.McpCall || item == null) {
        ResponseItem.McpCall c = (ResponseItem.McpCall) item;
        return new ResponseItem.McpCall(
            c != null && c.id() != null ? c.id() : id,
            c == null ? null : c.serverLabel(),
            c == null ? null : c.name(),
            arguments.toString(),
            c == null ? null : c.output(),
            c == null ? null : c.error());
      }
    }
    return item;
  }

  private static List<String> overlay(List<String> base, TreeMap<Integer, StringBuilder> parts) {
    List<String> merged = new ArrayList<>(base);
    for (Map.Entry<Integer, StringBuilder> part : parts.entrySet()) {
      while (merged.size() <= part.getKey()) {
        merged.add("");
      }
      merged.set(part.getKey(), part.getValue().toString());
    }
    return merged;
  }
}
