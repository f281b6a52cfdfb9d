package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/** The JSON a tool loop reads and writes: schemas, the model's arguments, results and errors. */
final class ToolJson {
  private static final JsonAdapter<Object> TREE = ChatCompletionJson.MOSHI.adapter(Object.class);

  private ToolJson() {}

  /** Arguments the model wrote that cannot be given to the tool; the message is for the model. */
  static final class BadArguments extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadArguments(String message) {
      super(message, null, false, false);
    }
  }

  /** A schema given as text, as a read-only JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json, String name) {
    Object tree;
    try {
      tree = parse(json);
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof Map)) {
      throw new IllegalArgumentException(name + " is not a JSON object: " + json);
    }
    return (Map<String, Object>) freeze(tree);
  }

  /**
   * The model's arguments as a JSON object; blank arguments (a call without parameters) are an
   * empty object.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> arguments(String raw) {
    if (raw.isBlank()) {
      return Map.of();
    }
    Object tree;
    try {
      tree = parse(raw);
    } catch (IOException | JsonDataException e) {
      throw new BadArguments("the arguments are not valid JSON: " + e.getMessage());
    }
    if (!(tree instanceof Map)) {
      throw new BadArguments("the arguments are not a JSON object: " + raw);
    }
    return (Map<String, Object>) freeze(tree);
  }

  /**
   * A handler's result as the text of a tool message: a string as it is, anything else as JSON.
   * Records (of any visibility, with Moshi's {@code @Json} names, as {@link
   * io.github.lmstudiojava.client.JsonSchema} reads them), enums, maps, collections, arrays,
   * numbers, booleans and null are written here; other objects by Moshi.
   *
   * @throws IllegalArgumentException when the value has no JSON form
   */
  static String result(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      // A null component is written, as a strict schema lists every property as required.
      writer.setSerializeNulls(true);
      write(writer, value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the result (" + value.getClass().getName() + ") cannot be written as JSON: " + e, e);
    } catch (AssertionError e) {
      // Moshi reports classes it cannot reflect on (non-public records, platform types) this way.
      throw new IllegalArgumentException(
          "the result (" + value.getClass().getName() + ") cannot be written as JSON: " + e, e);
    }
    return buffer.readUtf8();
  }

  private static void write(JsonWriter w, Object value) throws IOException {
    if (value == null) {
      w.nullValue();
    } else if (value instanceof String || value instanceof Character) {
      w.value(value.toString());
    } else if (value instanceof Boolean) {
      w.value((Boolean) value);
    } else if (value instanceof Number) {
      w.value((Number) value);
    } else if (value instanceof Enum) {
      w.value(enumName((Enum<?>) value));
    } else if (value instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        w.name(String.valueOf(entry.getKey()));
        write(w, entry.getValue());
      }
      w.endObject();
    } else if (value instanceof Iterable) {
      w.beginArray();
      for (Object item : (Iterable<?>) value) {
        write(w, item);
      }
      w.endArray();
    } else if (value.getClass().isArray()) {
      w.beginArray();
      for (int i = 0; i < Array.getLength(value); i++) {
        write(w, Array.get(value, i));
      }
      w.endArray();
    } else if (value instanceof Record) {
      writeRecord(w, value);
    } else {
      TREE.toJson(w, value);
    }
  }

  private static void writeRecord(JsonWriter w, Object record) throws IOException {
    w.beginObject();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Json json = component.getAnnotation(Json.class);
      w.name(json != null ? json.name() : component.getName());
      Method accessor = component.getAccessor();
      try {
        accessor.setAccessible(true);
        write(w, accessor.invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "cannot read " + component.getName() + " of " + record.getClass().getName(), e);
      }
    }
    w.endObject();
  }

  private static String enumName(Enum<?> constant) {
    try {
      Json json = constant.getDeclaringClass().getField(constant.name()).getAnnotation(Json.class);
      return json != null ? json.name() : constant.name();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  /** The tool message that reports a failure: {@code {"error": "..."}}. */
  static String error(String message) {
    return TREE.toJson(Map.of("error", message));
  }

  private static Object parse(String json) throws IOException {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      Object tree = TREE.fromJson(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonDataException("more data after the value at " + reader.getPath());
      }
      return tree;
    }
  }

  /** A read-only copy of decoded JSON, so handlers on several threads cannot disturb each other. */
  private static Object freeze(Object tree) {
    if (tree instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) tree).entrySet()) {
        copy.put(String.valueOf(entry.getKey()), freeze(entry.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (tree instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object item : (List<?>) tree) {
        copy.add(freeze(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return tree;
  }
}
