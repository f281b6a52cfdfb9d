package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Responses API JSON (responses, output items, event data) from free-form trees, tolerantly:
 * unknown fields are ignored, unknown item types kept as {@link ResponseItem.Unknown}, and a field
 * of an unexpected JSON type reads as null.
 */
final class ResponseJson {
  private static final JsonAdapter<Object> TREE =
      new Moshi.Builder().add(JsonValueAdapter.FACTORY).build().adapter(Object.class);

  private ResponseJson() {}

  /** A non-streaming answer's body as a result; unreadable bodies are protocol errors. */
  static ResponseResult result(String body, String what) {
    try {
      return result(object(body));
    } catch (IOException | JsonDataException e) {
      throw new LmStudioProtocolException(
          "Could not read LM Studio's answer to " + what + ": " + e.getMessage(), e);
    }
  }

  /** Parses JSON text that must be an object. */
  static Map<String, Object> object(String json) throws IOException {
    Object tree = TREE.fromJson(json);
    if (!(tree instanceof Map)) {
      throw new JsonDataException("expected a JSON object but was " + abbreviate(json));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) tree;
    return object;
  }

  static ResponseResult result(Map<String, Object> m) {
    if (!m.containsKey("id") && !m.containsKey("output")) {
      throw new JsonDataException("not a response object: no \"id\" and no \"output\"");
    }
    Map<String, Object> incomplete = object(m, "incomplete_details");
    return new ResponseResult(
        str(m, "id"),
        m.get("created_at") instanceof Number ? ((Number) m.get("created_at")).longValue() : null,
        str(m, "model"),
        str(m, "status"),
        items(m.get("output")),
        usage(object(m, "usage")),
        str(m, "previous_response_id"),
        m.get("error") == null ? null : error(m.get("error")),
        incomplete == null ? null : str(incomplete, "reason"));
  }

  private static List<ResponseItem> items(Object output) {
    List<ResponseItem> items = new ArrayList<>();
    for (Map<String, Object> item : objects(output)) {
      items.add(item(item));
    }
    return items;
  }

  static ResponseItem item(Map<String, Object> m) {
    String type = str(m, "type");
    String id = str(m, "id");
    if ("message".equals(type)) {
      List<ResponseItem.Content> parts = new ArrayList<>();
      for (Map<String, Object> part : objects(m.get("content"))) {
        parts.add(content(part));
      }
      return new ResponseItem.Message(id, str(m, "role"), str(m, "status"), parts);
    } else if ("reasoning".equals(type)) {
      return new ResponseItem.Reasoning(id, texts(m.get("summary")), texts(m.get("content")));
    } else if ("function_call".equals(type)) {
      return new ResponseItem.FunctionCall(
          id, str(m, "call_id"), str(m, "name"), text(m, "arguments"), str(m, "status"));
    } else if ("mcp_call".equals(type)) {
      return new ResponseItem.McpCall(
          id,
          str(m, "server_label"),
          str(m, "name"),
          text(m, "arguments"),
          text(m, "output"),
          text(m, "error"));
    } else if ("mcp_list_tools".equals(type)) {
      List<ResponseItem.McpTool> tools = new ArrayList<>();
      for (Map<String, Object> tool : objects(m.get("tools"))) {
        tools.add(
            new ResponseItem.McpTool(
                str(tool, "name"), str(tool, "description"), object(tool, "input_schema")));
      }
      return new ResponseItem.McpListTools(id, str(m, "server_label"), tools, text(m, "error"));
    }
    return new ResponseItem.Unknown(type, TREE.toJson(m));
  }

  static ResponseItem.Content content(Map<String, Object> part) {
    String type = str(part, "type");
    return new ResponseItem.Content(
        type, "refusal".equals(type) ? str(part, "refusal") : str(part, "text"));
  }

  private static ResponseUsage usage(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    Map<String, Object> input = object(m, "input_tokens_details");
    Map<String, Object> output = object(m, "output_tokens_details");
    return new ResponseUsage(
        integer(m, "input_tokens"),
        integer(m, "output_tokens"),
        integer(m, "total_tokens"),
        output == null ? null : integer(output, "reasoning_tokens"),
        input == null ? null : integer(input, "cached_tokens"));
  }

  /**
   * An error object ({@code code}, {@code message}, {@code param}, and {@code type} when sent), or
   * a plain string.
   */
  static StreamError error(Object value) {
    if (value instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) value;
      return new StreamError(str(m, "type"), str(m, "message"), text(m, "code"), str(m, "param"));
    }
    return new StreamError(null, value instanceof String ? (String) value : null, null, null);
  }

  /** Function-call arguments as a map; none at all reads as an empty map. */
  static Map<String, Object> parseArguments(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return Map.of();
    }
    return parseObject(arguments);
  }

  /** JSON text that must be an object, for arguments and schemas given by callers. */
  static Map<String, Object> parseObject(String json) {
    try {
      return object(json);
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException("not a JSON object: " + abbreviate(json), e);
    }
  }

  static String json(Object tree) {
    return TREE.toJson(tree);
  }

  static String str(Map<String, Object> m, String key) {
    Object value = m.get(key);
    return value instanceof String ? (String) value : null;
  }

  /** A string field, or any other JSON value as JSON text (some servers send objects). */
  static String text(Map<String, Object> m, String key) {
    Object value = m.get(key);
    return value == null || value instanceof String ? (String) value : TREE.toJson(value);
  }

  static Integer integer(Map<String, Object> m, String key) {
    Object value = m.get(key);
    return value instanceof Number ? ((Number) value).intValue() : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> m, String key) {
    Object value = m.get(key);
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object value) {
    List<Map<String, Object>> objects = new ArrayList<>();
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        if (element instanceof Map) {
          objects.add((Map<String, Object>) element);
        }
      }
    }
    return objects;
  }

  /** The {@code text} of each part of a list such as a reasoning item's summary or content. */
  private static List<String> texts(Object value) {
    List<String> texts = new ArrayList<>();
    for (Map<String, Object> part : objects(value)) {
      String text = str(part, "text");
      if (text != null) {
        texts.add(text);
      }
    }
    return texts;
  }

  private static String abbreviate(String json) {
    if (json == null) {
      return "null";
    }
    return json.length() <= 80 ? json : json.substring(0, 80) + "...";
  }
}
