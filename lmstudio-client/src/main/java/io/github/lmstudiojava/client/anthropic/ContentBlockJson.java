package io.github.lmstudiojava.client.anthropic;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes content blocks and deltas. LM Studio's docs defer to Anthropic's Messages API,
 * so the shapes are Anthropic's: {@code {"type":"text","text":..}}, {@code {"type":"image",
 * "source":{"type":"base64","media_type":..,"data":..}}} or {@code "source":{"type":"url",
 * "url":..}}, {@code {"type":"tool_use","id":..,"name":..,"input":{..}}}, {@code
 * {"type":"tool_result","tool_use_id":..,"content":..,"is_error":..}}, {@code
 * {"type":"thinking","thinking":..,"signature":..}} and {@code {"type":"redacted_thinking",
 * "data":..}}. Anything else is kept as raw JSON.
 */
final class ContentBlockJson extends JsonAdapter<ContentBlock> {
  static final JsonAdapter.Factory FACTORY =
      (type, annotations, moshi) ->
          type == ContentBlock.class && annotations.isEmpty()
              ? new ContentBlockJson(moshi.adapter(Object.class))
              : null;

  private final JsonAdapter<Object> tree;

  ContentBlockJson(JsonAdapter<Object> tree) {
    this.tree = tree;
  }

  @Override
  public ContentBlock fromJson(JsonReader reader) throws IOException {
    return block(asMap(tree.fromJson(reader), "content block"));
  }

  @Override
  public void toJson(JsonWriter w, ContentBlock block) throws IOException {
    if (block == null) {
      w.nullValue();
    } else if (block instanceof ContentBlock.Unknown) {
      w.jsonValue(tree.fromJson(((ContentBlock.Unknown) block).json()));
    } else {
      w.beginObject();
      w.name("type").value(block.type());
      writeFields(w, block);
      w.endObject();
    }
  }

  private void writeFields(JsonWriter w, ContentBlock block) throws IOException {
    if (block instanceof ContentBlock.Text) {
      w.name("text").value(((ContentBlock.Text) block).text());
    } else if (block instanceof ContentBlock.Image) {
      ContentBlock.Image image = (ContentBlock.Image) block;
      w.name("source").beginObject();
      if (image.url() != null) {
        w.name("type").value("url").name("url").value(image.url());
      } else {
        w.name("type").value("base64");
        w.name("media_type").value(image.mediaType()).name("data").value(image.data());
      }
      w.endObject();
    } else if (block instanceof ContentBlock.ToolUse) {
      ContentBlock.ToolUse use = (ContentBlock.ToolUse) block;
      optional(w, "id", use.id());
      optional(w, "name", use.name());
      w.name("input").jsonValue(use.input());
    } else if (block instanceof ContentBlock.ToolResult) {
      ContentBlock.ToolResult result = (ContentBlock.ToolResult) block;
      w.name("tool_use_id").value(result.toolUseId());
      if (!result.content().isEmpty()) {
        w.name("content");
        writeContent(w, result.content());
      }
      if (result.isError() != null) {
        w.name("is_error").value(result.isError());
      }
    } else if (block instanceof ContentBlock.Thinking) {
      ContentBlock.Thinking thinking = (ContentBlock.Thinking) block;
      w.name("thinking").value(thinking.thinking());
      optional(w, "signature", thinking.signature());
    } else if (block instanceof ContentBlock.RedactedThinking) {
      optional(w, "data", ((ContentBlock.RedactedThinking) block).data());
    }
  }

  /** Writes content as Anthropic allows it: a lone text block as a plain string. */
  void writeContent(JsonWriter w, List<? extends ContentBlock> content) throws IOException {
    if (content.size() == 1 && content.get(0) instanceof ContentBlock.Text) {
      w.value(((ContentBlock.Text) content.get(0)).text());
      return;
    }
    w.beginArray();
    for (ContentBlock block : content) {
      toJson(w, block);
    }
    w.endArray();
  }

  private static void optional(JsonWriter w, String name, String value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  ContentBlock block(Map<String, Object> json) {
    String type = string(json, "type");
    if (type == null) {
      return unknown(null, json);
    }
    switch (type) {
      case "text":
        return new ContentBlock.Text(orEmpty(string(json, "text")));
      case "tool_use":
        Object input = json.get("input");
        return new ContentBlock.ToolUse(
            string(json, "id"),
            string(json, "name"),
            input == null ? null : asMap(input, "tool_use input"));
      case "thinking":
        return new ContentBlock.Thinking(
            orEmpty(string(json, "thinking")), string(json, "signature"));
      case "redacted_thinking":
        return new ContentBlock.RedactedThinking(string(json, "data"));
      case "image":
        return image(json);
      case "tool_result":
        return toolResult(json);
      default:
        return unknown(type, json);
    }
  }

  private ContentBlock image(Map<String, Object> json) {
    Object source = json.get("source");
    if (source instanceof Map) {
      Map<String, Object> s = asMap(source, "image source");
      String data = string(s, "data");
      String url = string(s, "url");
      if ("base64".equals(string(s, "type")) && data != null && string(s, "media_type") != null) {
        return new ContentBlock.Image(string(s, "media_type"), data, null);
      }
      if ("url".equals(string(s, "type")) && url != null) {
        return new ContentBlock.Image(null, null, url);
      }
    }
    return unknown("image", json);
  }

  private ContentBlock toolResult(Map<String, Object> json) {
    String id = string(json, "tool_use_id");
    if (id == null) {
      return unknown("tool_result", json);
    }
    Object content = json.get("content");
    List<ContentBlock> blocks = new ArrayList<>();
    if (content instanceof String) {
      blocks.add(new ContentBlock.Text((String) content));
    } else if (content instanceof List) {
      for (Object item : (List<?>) content) {
        blocks.add(block(asMap(item, "tool_result content")));
      }
    }
    Object isError = json.get("is_error");
    return new ContentBlock.ToolResult(
        id, blocks, isError instanceof Boolean ? (Boolean) isError : null);
  }

  ContentDelta delta(Map<String, Object> json) {
    String type = string(json, "type");
    if (type == null) {
      return new ContentDelta.Unknown(null, tree.toJson(json));
    }
    switch (type) {
      case "text_delta":
        return new ContentDelta.TextDelta(required(json, "text", type));
      case "input_json_delta":
        return new ContentDelta.InputJsonDelta(required(json, "partial_json", type));
      case "thinking_delta":
        return new ContentDelta.ThinkingDelta(required(json, "thinking", type));
      case "signature_delta":
        return new ContentDelta.SignatureDelta(required(json, "signature", type));
      default:
        return new ContentDelta.Unknown(type, tree.toJson(json));
    }
  }

  private ContentBlock unknown(String type, Map<String, Object> json) {
    return new ContentBlock.Unknown(type, tree.toJson(json));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String what) {
    if (!(value instanceof Map)) {
      throw new JsonDataException(what + " is not a JSON object");
    }
    return (Map<String, Object>) value;
  }

  static String string(Map<String, Object> json, String name) {
    Object value = json.get(name);
    return value instanceof String ? (String) value : null;
  }

  private static String required(Map<String, Object> json, String name, String type) {
    String value = string(json, name);
    if (value == null) {
      throw new JsonDataException(type + " without \"" + name + "\"");
    }
    return value;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
