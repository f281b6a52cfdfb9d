package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic value that satisfies a JSON schema, for tool-call arguments and structured
 * output: the first {@code enum} value or the {@code const}; strings {@code "example <name>"} (or a
 * sample date, time, email or URI for those formats, padded to {@code minLength}); integers 42 and
 * numbers 4.5, kept within {@code minimum}/{@code maximum}; {@code true}; arrays of {@code
 * minItems} items (at least one); objects with their {@code required} properties, or every property
 * when the schema lists none. {@code anyOf}/{@code oneOf}/{@code allOf} take their first branch;
 * local {@code $ref}s into {@code $defs} or {@code definitions} are followed.
 */
final class SchemaValues {
  private static final int MAX_DEPTH = 8;

  private final Map<String, Object> root;

  private SchemaValues(Map<String, Object> root) {
    this.root = root;
  }

  /** A value for the schema; an absent or empty schema gives an empty object. */
  static Object generate(Map<String, Object> schema) {
    if (schema == null) {
      return new LinkedHashMap<String, Object>();
    }
    return new SchemaValues(schema).value(schema, "value", 0);
  }

  @SuppressWarnings("unchecked")
  private Object value(Map<String, Object> schema, String name, int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    Object ref = schema.get("$ref");
    if (ref instanceof String) {
      Map<String, Object> target = resolve((String) ref);
      return target == null ? null : value(target, name, depth + 1);
    }
    if (schema.containsKey("const")) {
      return schema.get("const");
    }
    if (schema.get("enum") instanceof List && !((List<Object>) schema.get("enum")).isEmpty()) {
      return ((List<Object>) schema.get("enum")).get(0);
    }
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      Object branches = schema.get(combinator);
      if (branches instanceof List && !((List<Object>) branches).isEmpty()) {
        Object first = ((List<Object>) branches).get(0);
        if (first instanceof Map) {
          return value((Map<String, Object>) first, name, depth + 1);
        }
      }
    }
    switch (type(schema)) {
      case "string":
        return string(schema, name);
      case "integer":
        return (long) clamp(schema, 42);
      case "number":
        return clamp(schema, 4.5);
      case "boolean":
        return true;
      case "null":
        return null;
      case "array":
        return array(schema, name, depth);
      default:
        return object(schema, depth);
    }
  }

  @SuppressWarnings("unchecked")
  private static String type(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof List) {
      for (Object option : (List<Object>) type) {
        if (!"null".equals(option)) {
          return String.valueOf(option);
        }
      }
      return "null";
    }
    if (type instanceof String) {
      return (String) type;
    }
    if (schema.containsKey("items")) {
      return "array";
    }
    return "object";
  }

  private static String string(Map<String, Object> schema, String name) {
    String format = String.valueOf(schema.get("format"));
    String text;
    switch (format) {
      case "date":
        text = "2025-01-15";
        break;
      case "date-time":
        text = "2025-01-15T09:30:00Z";
        break;
      case "time":
        text = "09:30:00";
        break;
      case "email":
        text = "user@example.com";
        break;
      case "uri":
      case "url":
        text = "https://example.com/";
        break;
      default:
        text = "example " + name;
        break;
    }
    StringBuilder padded = new StringBuilder(text);
    int minLength = intOr(schema.get("minLength"), 0);
    while (padded.length() < minLength) {
      padded.append('x');
    }
    int maxLength = intOr(schema.get("maxLength"), Integer.MAX_VALUE);
    return padded.length() > maxLength ? padded.substring(0, maxLength) : padded.toString();
  }

  private static double clamp(Map<String, Object> schema, double preferred) {
    double value = preferred;
    if (schema.get("minimum") instanceof Number) {
      value = Math.max(value, ((Number) schema.get("minimum")).doubleValue());
    }
    if (schema.get("exclusiveMinimum") instanceof Number) {
      value = Math.max(value, ((Number) schema.get("exclusiveMinimum")).doubleValue() + 1);
    }
    if (schema.get("maximum") instanceof Number) {
      value = Math.min(value, ((Number) schema.get("maximum")).doubleValue());
    }
    if (schema.get("exclusiveMaximum") instanceof Number) {
      value = Math.min(value, ((Number) schema.get("exclusiveMaximum")).doubleValue() - 1);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private List<Object> array(Map<String, Object> schema, String name, int depth) {
    Map<String, Object> items =
        schema.get("items") instanceof Map ? (Map<String, Object>) schema.get("items") : Map.of();
    int count = Math.max(1, intOr(schema.get("minItems"), 1));
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(value(items, name, depth + 1));
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(Map<String, Object> schema, int depth) {
    Map<String, Object> properties =
        schema.get("properties") instanceof Map
            ? (Map<String, Object>) schema.get("properties")
            : Map.of();
    List<Object> names =
        schema.get("required") instanceof List
            ? (List<Object>) schema.get("required")
            : new ArrayList<>(properties.keySet());
    Map<String, Object> object = new LinkedHashMap<>();
    for (Object name : names) {
      Object property = properties.get(String.valueOf(name));
      Map<String, Object> propertySchema =
          property instanceof Map ? (Map<String, Object>) property : Map.of("type", "string");
      object.put(String.valueOf(name), value(propertySchema, String.valueOf(name), depth + 1));
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = root;
    for (String part : ref.substring(2).split("/")) {
      if (!(node instanceof Map)) {
        return null;
      }
      node = ((Map<String, Object>) node).get(part.replace("~1", "/").replace("~0", "~"));
    }
    return node instanceof Map ? (Map<String, Object>) node : null;
  }

  private static int intOr(Object value, int fallback) {
    return value instanceof Number ? ((Number) value).intValue() : fallback;
  }
}
