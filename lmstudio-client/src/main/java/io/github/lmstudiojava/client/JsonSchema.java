package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.lang.annotation.Annotation;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Derives a JSON schema from a record type, for structured output ({@code response_format}) and for
 * tool parameters.
 *
 * <pre>{@code
 * record Person(String name, int age, @Nullable String email, List<String> tags) {}
 * Map<String, Object> schema = JsonSchema.of(Person.class);
 * }</pre>
 *
 * <p>Mapping: {@code String} and {@code char} to {@code string}; integral types to {@code integer};
 * floating types to {@code number}; {@code boolean} to {@code boolean}; enums to a {@code string}
 * with {@code enum} values (the constants' names, or their Moshi {@code @Json} names); arrays,
 * lists and sets to {@code array}; {@code Map<String, V>} to an {@code object} with {@code
 * additionalProperties}; nested records to nested {@code object}s. Every component is listed in
 * {@code required} and objects forbid additional properties, as OpenAI's strict mode wants; a
 * component that may be absent is one annotated with any annotation named {@code Nullable} (from
 * JSpecify, Jakarta, JetBrains, ...), and its type admits {@code null}. {@link Description} adds
 * descriptions. Property names follow Moshi's {@code @Json(name)} when present, so the schema
 * matches what {@link #parse} reads.
 */
public final class JsonSchema {
  private JsonSchema() {}

  /**
   * The JSON schema of a record type.
   *
   * @param type the record type
   * @return the schema as nested maps and lists, ready to serialize
   * @throws IllegalArgumentException for a component type with no JSON equivalent, or a record that
   *     contains itself
   */
  public static Map<String, Object> of(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type == null");
    return objectSchema(type, new HashSet<>());
  }

  /**
   * Reads JSON text into a record (or any type Moshi reads), checking that every component that is
   * not nullable is present.
   *
   * @param json the JSON text, such as a model's structured reply
   * @param type the target type
   * @param <T> the target type
   * @return the value
   * @throws StructuredOutputException when the text is not JSON of that shape; it carries the raw
   *     text
   */
  public static <T> T parse(String json, Class<T> type) {
    return RecordBinder.bind(json, type);
  }

  private static Map<String, Object> objectSchema(Class<?> type, Set<Class<?>> seen) {
    if (!seen.add(type)) {
      throw new IllegalArgumentException(
          type.getName() + " contains itself; recursive records have no finite JSON schema here");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = jsonName(component);
      Map<String, Object> schema =
          schemaOf(component.getGenericType(), component.getAnnotations(), seen);
      if (isNullable(component)) {
        schema = nullable(schema);
      }
      Description description = component.getAnnotation(Description.class);
      if (description != null) {
        schema.put("description", description.value());
      }
      properties.put(name, schema);
      required.add(name);
    }
    seen.remove(type);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    Description description = type.getAnnotation(Description.class);
    if (description != null) {
      schema.put("description", description.value());
    }
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Map<String, Object> schemaOf(
      Type type, Annotation[] annotations, Set<Class<?>> seen) {
    if (type instanceof ParameterizedType) {
      ParameterizedType parameterized = (ParameterizedType) type;
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (Optional.class.equals(raw)) {
        throw new IllegalArgumentException(
            "Optional components are not supported: annotate the component @Nullable instead");
      }
      if (Collection.class.isAssignableFrom(raw)) {
        return array(schemaOf(args[0], new Annotation[0], seen));
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (!String.class.equals(args[0])) {
          throw new IllegalArgumentException("map keys must be strings in JSON: " + type);
        }
        Map<String, Object> schema = typed("object");
        schema.put("additionalProperties", schemaOf(args[1], new Annotation[0], seen));
        return schema;
      }
      return schemaOf(raw, annotations, seen);
    }
    if (type instanceof GenericArrayType) {
      return array(schemaOf(((GenericArrayType) type).getGenericComponentType(), null, seen));
    }
    if (!(type instanceof Class)) {
      throw new IllegalArgumentException("no JSON schema for type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == char.class || c == Character.class) {
      return typed("string");
    }
    if (c == int.class
        || c == long.class
        || c == short.class
        || c == byte.class
        || c == Integer.class
        || c == Long.class
        || c == Short.class
        || c == Byte.class) {
      return typed("integer");
    }
    if (c == double.class || c == float.class || c == Double.class || c == Float.class) {
      return typed("number");
    }
    if (c == boolean.class || c == Boolean.class) {
      return typed("boolean");
    }
    if (c.isEnum()) {
      Map<String, Object> schema = typed("string");
      schema.put("enum", enumNames(c));
      return schema;
    }
    if (c.isArray()) {
      return array(schemaOf(c.getComponentType(), new Annotation[0], seen));
    }
    if (c.isRecord()) {
      return objectSchema(c, seen);
    }
    throw new IllegalArgumentException(
        "no JSON schema for "
            + c.getName()
            + ": use strings, numbers, booleans, enums, lists,"
            + " arrays, maps with string keys, or records");
  }

  private static Map<String, Object> typed(String type) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    return schema;
  }

  private static Map<String, Object> array(Map<String, Object> items) {
    Map<String, Object> schema = typed("array");
    schema.put("items", items);
    return schema;
  }

  private static Map<String, Object> nullable(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof String) {
      schema.put("type", List.of(type, "null"));
    }
    if (schema.get("enum") instanceof List) {
      List<Object> values = new ArrayList<>((List<?>) schema.get("enum"));
      values.add(null);
      schema.put("enum", values);
    }
    return schema;
  }

  static List<String> enumNames(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        Json json = type.getField(name).getAnnotation(Json.class);
        names.add(json != null ? json.name() : name);
      } catch (NoSuchFieldException e) {
        names.add(name);
      }
    }
    return names;
  }

  static String jsonName(RecordComponent component) {
    Json json = component.getAnnotation(Json.class);
    return json != null ? json.name() : component.getName();
  }

  static boolean isNullable(RecordComponent component) {
    for (Annotation annotation : component.getAnnotations()) {
      if (annotation.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    for (Annotation annotation : component.getAnnotatedType().getAnnotations()) {
      if (annotation.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }
}
