package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request bodies of the native endpoints, checked as strictly as LM Studio checks them with its
 * zod schemas: only the keys of LM Studio's REST reference ({@code developer_2_rest_*.md}), at the
 * top level and in nested objects, each of its documented type. An unknown key is refused with
 * zod's {@code Unrecognized key(s) in object: 'a', 'b'} (lmstudio-bug-tracker reports, and
 * Merserk/Caption-Creator#4 for {@code 'stop'}); an input item of type {@code "message"}, which the
 * reference's field table names but LM Studio refuses, with {@code Invalid discriminator value.
 * Expected 'text' | 'image'} (lmstudio-ai/docs#253).
 *
 * <p>Like zod, the documented keys are checked first, in schema order, then the unknown keys; the
 * first problem is reported, with the path of the object or value concerned as {@code param} (none
 * for the top level). Where the reference is silent this takes the tolerant reading: a {@code null}
 * value counts as absent, and an integer may be written as {@code 4096.0}.
 */
final class NativeSchemas {
  private NativeSchemas() {}

  /** What a value must be. */
  private interface Kind {
    void check(Object value, String path);
  }

  private static final Kind STRING = (v, p) -> expect(v instanceof String, "string", v, p);
  private static final Kind NUMBER = (v, p) -> expect(v instanceof Number, "number", v, p);
  private static final Kind BOOLEAN = (v, p) -> expect(v instanceof Boolean, "boolean", v, p);
  private static final Kind INTEGER = NativeSchemas::integer;
  private static final Kind STRINGS = (v, p) -> list(v, p, STRING);

  /** {@code headers} of an ephemeral MCP server: the reference says only "object". */
  private static final Kind OBJECT = (v, p) -> expect(v instanceof Map, "object", v, p);

  private static final Shape TEXT_ITEM =
      new Shape().required("type", STRING).required("content", STRING);
  private static final Shape IMAGE_ITEM =
      new Shape().required("type", STRING).required("data_url", STRING);
  private static final Shape PLUGIN =
      new Shape()
          .required("type", STRING)
          .required("id", STRING)
          .optional("allowed_tools", STRINGS);
  private static final Shape EPHEMERAL_MCP =
      new Shape()
          .required("type", STRING)
          .required("server_label", STRING)
          .required("server_url", STRING)
          .optional("allowed_tools", STRINGS)
          .optional("headers", OBJECT);

  /** {@code input}: a string, or an array of text and image items. */
  private static final Kind INPUT =
      (v, p) -> {
        if (v instanceof String) {
          return;
        }
        expect(v instanceof List, "string | array", v, p);
        List<?> items = (List<?>) v;
        for (int i = 0; i < items.size(); i++) {
          Map<String, Shape> variants = new LinkedHashMap<>();
          variants.put("text", TEXT_ITEM);
          variants.put("image", IMAGE_ITEM);
          // LM Studio reports the union's failure on "input" itself (lmstudio-ai/docs#253).
          union(items.get(i), p + "." + i, variants, p);
        }
      };

  /** {@code integrations}: plugin ids, plugin objects and ephemeral MCP servers. */
  private static final Kind INTEGRATIONS =
      (v, p) -> {
        expect(v instanceof List, "array", v, p);
        List<?> items = (List<?>) v;
        for (int i = 0; i < items.size(); i++) {
          Object item = items.get(i);
          if (item instanceof String) {
            continue;
          }
          Map<String, Shape> variants = new LinkedHashMap<>();
          variants.put("plugin", PLUGIN);
          variants.put("ephemeral_mcp", EPHEMERAL_MCP);
          union(item, p + "." + i, variants, p + "." + i);
        }
      };

  /**
   * {@code reasoning}: the reference lists {@code off low medium high on}, and LM Studio now also
   * takes {@code xhigh} for some models; any string passes here, and the model's own allowed
   * options decide later, as LM Studio's message for a refused setting shows.
   */
  private static final Kind REASONING = STRING;

  private static final Shape CHAT =
      new Shape()
          .required("model", STRING)
          .required("input", INPUT)
          .optional("system_prompt", STRING)
          .optional("integrations", INTEGRATIONS)
          .optional("stream", BOOLEAN)
          .optional("temperature", NUMBER)
          .optional("top_p", NUMBER)
          .optional("top_k", INTEGER)
          .optional("min_p", NUMBER)
          .optional("repeat_penalty", NUMBER)
          .optional("max_output_tokens", INTEGER)
          .optional("reasoning", REASONING)
          .optional("context_length", INTEGER)
          .optional("store", BOOLEAN)
          .optional("previous_response_id", STRING);

  // The load reference types these options "number"; a fractional count means nothing to LM
  // Studio's engine, so they must be whole numbers here.
  private static final Shape LOAD =
      new Shape()
          .required("model", STRING)
          .optional("context_length", INTEGER)
          .optional("eval_batch_size", INTEGER)
          .optional("flash_attention", BOOLEAN)
          .optional("num_experts", INTEGER)
          .optional("offload_kv_cache_to_gpu", BOOLEAN)
          .optional("echo_load_config", BOOLEAN);

  private static final Shape UNLOAD = new Shape().required("instance_id", STRING);

  private static final Shape DOWNLOAD =
      new Shape().required("model", STRING).optional("quantization", STRING);

  /** Checks a {@code POST /api/v1/chat} body; returns it when it passes. */
  static Map<String, Object> chat(Map<String, Object> body) {
    CHAT.check(body, null);
    return body;
  }

  /** Checks a {@code POST /api/v1/models/load} body; returns it when it passes. */
  static Map<String, Object> load(Map<String, Object> body) {
    LOAD.check(body, null);
    return body;
  }

  /** Checks a {@code POST /api/v1/models/unload} body; returns it when it passes. */
  static Map<String, Object> unload(Map<String, Object> body) {
    UNLOAD.check(body, null);
    return body;
  }

  /** Checks a {@code POST /api/v1/models/download} body; returns it when it passes. */
  static Map<String, Object> download(Map<String, Object> body) {
    DOWNLOAD.check(body, null);
    return body;
  }

  /** The keys an object may hold, each with its kind, in the reference's order. */
  private static final class Shape {
    private final Map<String, Kind> fields = new LinkedHashMap<>();
    private final Set<String> required = new java.util.HashSet<>();

    Shape required(String name, Kind kind) {
      required.add(name);
      return optional(name, kind);
    }

    Shape optional(String name, Kind kind) {
      fields.put(name, kind);
      return this;
    }

    void check(Map<?, ?> object, String path) {
      for (Map.Entry<String, Kind> field : fields.entrySet()) {
        String name = field.getKey();
        Object value = object.get(name);
        String at = path == null ? name : path + "." + name;
        if (value == null) {
          if (required.contains(name)) {
            throw Params.invalid("\"" + at + "\" is required", "missing_required_parameter", at);
          }
          continue;
        }
        field.getValue().check(value, at);
      }
      List<String> unknown = new ArrayList<>();
      for (Object key : object.keySet()) {
        if (!fields.containsKey(String.valueOf(key))) {
          unknown.add("'" + key + "'");
        }
      }
      if (!unknown.isEmpty()) {
        throw Params.invalid(
            "Unrecognized key(s) in object: " + String.join(", ", unknown),
            "unrecognized_keys",
            path);
      }
    }
  }

  /**
   * One object of a union told apart by its {@code type}; a wrong or missing type is reported on
   * {@code unionPath} as zod's {@code invalid_union}.
   */
  private static void union(
      Object item, String path, Map<String, Shape> variants, String unionPath) {
    expect(item instanceof Map, "object", item, path);
    Map<?, ?> object = (Map<?, ?>) item;
    Shape shape = variants.get(String.valueOf(object.get("type")));
    if (shape == null || !(object.get("type") instanceof String)) {
      throw Params.invalid(
          "Invalid discriminator value. Expected '" + String.join("' | '", variants.keySet()) + "'",
          "invalid_union",
          unionPath);
    }
    shape.check(object, path);
  }

  private static void list(Object value, String path, Kind items) {
    expect(value instanceof List, "array", value, path);
    List<?> list = (List<?>) value;
    for (int i = 0; i < list.size(); i++) {
      items.check(list.get(i), path + "." + i);
    }
  }

  private static void integer(Object value, String path) {
    expect(value instanceof Number, "integer", value, path);
    double d = ((Number) value).doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw Params.invalid("Expected integer, received float", "invalid_type", path);
    }
  }

  private static void expect(boolean ok, String expected, Object value, String path) {
    if (!ok) {
      throw typeError(expected, value, path);
    }
  }

  /** Zod's message for a value of the wrong type: {@code Expected number, received string}. */
  private static Params.Rejected typeError(String expected, Object value, String path) {
    return Params.invalid(
        "Expected " + expected + ", received " + typeName(value), "invalid_type", path);
  }

  private static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof List) {
      return "array";
    }
    return "object";
  }
}
