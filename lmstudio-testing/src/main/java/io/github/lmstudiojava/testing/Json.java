package io.github.lmstudiojava.testing;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the fake's JSON as plain maps, lists, strings, numbers and booleans. */
final class Json {
  private static final JsonAdapter<Object> ANY =
      new Moshi.Builder().build().adapter(Object.class).serializeNulls();

  private Json() {}

  /** Writes a value; map entries whose value is null are written as {@code null}. */
  static String write(Object value) {
    return ANY.toJson(value);
  }

  /** A JSON string literal. */
  static String quote(String text) {
    return ANY.toJson(text);
  }

  /**
   * Parses a JSON object.
   *
   * @return the object, or null when the text is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object value = ANY.fromJson(text);
      return value instanceof Map ? (Map<String, Object>) value : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** An unmodifiable deep copy, so recorded bodies cannot be changed by a test. */
  @SuppressWarnings("unchecked")
  static Object freeze(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, freeze(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object item : (List<Object>) value) {
        copy.add(freeze(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** An ordered map from alternating keys and values, keeping null values. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** The error body LM Studio sends: {@code {"error":{"type":..,"message":..,"code":..,..}}}. */
  static String error(String type, String message, String code, String param) {
    Map<String, Object> error = object("type", type, "message", message);
    if (code != null) {
      error.put("code", code);
    }
    if (param != null) {
      error.put("param", param);
    }
    return write(object("error", error));
  }
}
