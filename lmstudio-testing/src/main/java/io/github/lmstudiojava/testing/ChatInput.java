package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} of a chat request, read like LM Studio reads it: a plain string, or an array of
 * {@code text} and {@code image} items (checked by {@link NativeSchemas} first).
 *
 * @param text the text items joined with a newline
 * @param images how many images were sent
 */
record ChatInput(String text, int images) {
  /** The tool name used when an integration names no allowed tools. */
  static final String DEFAULT_TOOL = "fake_tool";

  @SuppressWarnings("unchecked")
  static ChatInput parse(Object input) {
    if (input instanceof String) {
      return new ChatInput((String) input, 0);
    }
    if (!(input instanceof List)) {
      throw Params.invalid("\"input\" must be a string or an array", "invalid_type", "input");
    }
    List<String> texts = new ArrayList<>();
    int images = 0;
    for (Object item : (List<Object>) input) {
      if (!(item instanceof Map)) {
        throw Params.invalid("\"input\" items must be objects", "invalid_type", "input");
      }
      Map<String, Object> object = (Map<String, Object>) item;
      Object type = object.get("type");
      if ("text".equals(type)) {
        texts.add(Params.requiredString(object, "content"));
      } else if ("image".equals(type)) {
        String dataUrl = Params.requiredString(object, "data_url");
        if (!dataUrl.startsWith("data:image/") || !dataUrl.contains(";base64,")) {
          throw Params.invalid(
              "\"data_url\" must be a base64 image data URL", "invalid_value", "data_url");
        }
        images++;
      } else {
        throw Params.invalid(
            "Unknown input item type " + Json.write(type), "invalid_union_discriminator", "type");
      }
    }
    return new ChatInput(String.join("\n", texts), images);
  }

  /**
   * One {@code tool_call} output item per integration: the first allowed tool (or {@link
   * #DEFAULT_TOOL}), called with {@code {"query": <input text>}}.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> toolCalls(Object integrations, ChatInput input) {
    List<Map<String, Object>> calls = new ArrayList<>();
    if (integrations == null) {
      return calls;
    }
    if (!(integrations instanceof List)) {
      throw Params.invalid("\"integrations\" must be an array", "invalid_type", "integrations");
    }
    for (Object integration : (List<Object>) integrations) {
      Map<String, Object> provider;
      List<Object> allowed = List.of();
      if (integration instanceof String) {
        provider = Json.object("type", "plugin", "plugin_id", integration);
      } else if (integration instanceof Map) {
        Map<String, Object> object = (Map<String, Object>) integration;
        Object type = object.get("type");
        if ("plugin".equals(type)) {
          provider =
              Json.object("type", "plugin", "plugin_id", Params.requiredString(object, "id"));
        } else if ("ephemeral_mcp".equals(type)) {
          Params.requiredString(object, "server_url");
          String label = Params.requiredString(object, "server_label");
          provider = Json.object("type", "ephemeral_mcp", "server_label", label);
        } else {
          throw Params.invalid(
              "Unknown integration type " + Json.write(type),
              "invalid_union_discriminator",
              "type");
        }
        if (object.get("allowed_tools") instanceof List) {
          allowed = (List<Object>) object.get("allowed_tools");
        }
      } else {
        throw Params.invalid(
            "\"integrations\" items must be strings or objects", "invalid_type", "integrations");
      }
      String tool = allowed.isEmpty() ? DEFAULT_TOOL : String.valueOf(allowed.get(0));
      Map<String, Object> call = Json.object("type", "tool_call", "tool", tool);
      call.put("arguments", Json.object("query", input.text()));
      call.put(
          "output",
          Json.write(
              List.of(Json.object("type", "text", "text", tool + " found: " + input.text()))));
      call.put("provider_info", provider);
      calls.add(call);
    }
    return calls;
  }
}
