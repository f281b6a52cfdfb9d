package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okio.Buffer;

/**
 * Reads JSON into records the way {@link JsonSchema} describes them, reporting the JSON path of the
 * first mismatch. Works for records of any visibility (a reflective constructor call rather than a
 * generated adapter), so a record declared inside a test class or a JShell session binds.
 *
 * <p>Why not Moshi's own record adapter ({@code RecordJsonAdapter}, used for LM Studio's replies):
 * it requires only primitive components and takes a missing object (a string, a list, a record) as
 * null, while a structured reply must fail wherever the schema we sent said required, with the path
 * of what is wrong so that the model can be asked again; and the schema and the binding must agree
 * on names, enums, nullability and collections, which they do here by reading the same
 * {@code @Json} names and rules as {@link JsonSchema}.
 */
final class RecordBinder {
  private static final JsonAdapter<Object> TREE =
      new Moshi.Builder().add(JsonValueAdapter.FACTORY).build().adapter(Object.class);

  private RecordBinder() {}

  static <T> T bind(String text, Class<T> type) {
    Object tree;
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(unfence(text)));
      tree = TREE.fromJson(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonDataException("text follows the JSON value at " + reader.getPath());
      }
    } catch (IOException | JsonDataException e) {
      throw mismatch(text, type, "not JSON (" + e.getMessage() + ")", e);
    }
    if (tree == null) {
      throw mismatch(text, type, "the value is null", null);
    }
    try {
      return type.cast(convert(tree, type, "$"));
    } catch (Mismatch e) {
      throw mismatch(text, type, e.getMessage(), null);
    }
  }

  /** A value that does not fit; the message names the path. */
  private static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  private static Object convert(Object value, Type type, String path) throws Mismatch {
    if (type instanceof ParameterizedType) {
      ParameterizedType parameterized = (ParameterizedType) type;
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] args = parameterized.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        List<Object> items = new ArrayList<>();
        int i = 0;
        for (Object element : expect(value, List.class, "an array", path)) {
          items.add(convert(element, args[0], path + "[" + i++ + "]"));
        }
        return Set.class.isAssignableFrom(raw)
            ? java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items))
            : java.util.Collections.unmodifiableList(items);
      }
      if (Map.class.isAssignableFrom(raw)) {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<?, ?> object = expect(value, Map.class, "an object", path);
        for (Map.Entry<?, ?> entry : object.entrySet()) {
          String key = String.valueOf(entry.getKey());
          map.put(key, convert(entry.getValue(), args[1], path + "." + key));
        }
        return java.util.Collections.unmodifiableMap(map);
      }
      return convert(value, raw, path);
    }
    if (type instanceof GenericArrayType) {
      return array(value, ((GenericArrayType) type).getGenericComponentType(), path);
    }
    Class<?> c = (Class<?>) type;
    if (value == null) {
      if (c.isPrimitive()) {
        throw new Mismatch(path + " is required but missing or null");
      }
      return null;
    }
    if (c == Object.class) {
      return value;
    }
    if (c == String.class) {
      return expect(value, String.class, "a string", path);
    }
    if (c == char.class || c == Character.class) {
      String s = expect(value, String.class, "a one-character string", path);
      if (s.length() != 1) {
        throw new Mismatch(path + " should be a one-character string");
      }
      return s.charAt(0);
    }
    if (c == boolean.class || c == Boolean.class) {
      return expect(value, Boolean.class, "a boolean", path);
    }
    if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
      return number(expect(value, Number.class, "a number", path), c, path);
    }
    if (c.isEnum()) {
      return enumConstant(expect(value, String.class, "a string", path), c, path);
    }
    if (c.isArray()) {
      return array(value, c.getComponentType(), path);
    }
    if (c.isRecord()) {
      return record(expect(value, Map.class, "an object", path), c, path);
    }
    throw new Mismatch(path + " has a Java type with no JSON form: " + c.getName());
  }

  private static Object record(Map<?, ?> object, Class<?> type, String path) throws Mismatch {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String name = JsonSchema.jsonName(component);
      String childPath = path + "." + name;
      Object child = object.get(name);
      if (child == null && !JsonSchema.isNullable(component)) {
        throw new Mismatch(childPath + " is required but missing or null");
      }
      args[i] = convert(child, component.getGenericType(), childPath);
      types[i] = component.getType();
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      // The record's own validation refused the values.
      throw new Mismatch(path + " was refused by " + type.getSimpleName() + ": " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Mismatch(path + " cannot be built as " + type.getName() + ": " + e);
    }
  }

  private static Object array(Object value, Type componentType, String path) throws Mismatch {
    List<?> list = expect(value, List.class, "an array", path);
    Class<?> raw =
        componentType instanceof ParameterizedType
            ? (Class<?>) ((ParameterizedType) componentType).getRawType()
            : (Class<?>) componentType;
    Object array = Array.newInstance(raw, list.size());
    for (int i = 0; i < list.size(); i++) {
      Array.set(array, i, convert(list.get(i), componentType, path + "[" + i + "]"));
    }
    return array;
  }

  private static Object number(Number n, Class<?> c, String path) throws Mismatch {
    double d = n.doubleValue();
    if (c == double.class || c == Double.class) {
      return d;
    }
    if (c == float.class || c == Float.class) {
      return (float) d;
    }
    if (d != Math.rint(d) || Double.isInfinite(d)) {
      throw new Mismatch(path + " should be a whole number but is " + n);
    }
    long l = n instanceof Long ? n.longValue() : (long) d;
    if (c == long.class || c == Long.class) {
      return l;
    }
    if ((c == int.class || c == Integer.class) && l == (int) l) {
      return (int) l;
    }
    if ((c == short.class || c == Short.class) && l == (short) l) {
      return (short) l;
    }
    if ((c == byte.class || c == Byte.class) && l == (byte) l) {
      return (byte) l;
    }
    throw new Mismatch(path + " is out of range for " + c.getSimpleName() + ": " + n);
  }

  private static Object enumConstant(String name, Class<?> type, String path) throws Mismatch {
    for (Object constant : type.getEnumConstants()) {
      String constantName = ((Enum<?>) constant).name();
      String jsonName = constantName;
      try {
        Json json = type.getField(constantName).getAnnotation(Json.class);
        jsonName = json != null ? json.name() : constantName;
      } catch (NoSuchFieldException e) {
        // Enum constants are always fields; fall back to the constant's name.
      }
      if (jsonName.equals(name)) {
        return constant;
      }
    }
    throw new Mismatch(
        path + " should be one of " + JsonSchema.enumNames(type) + " but is " + name);
  }

  @SuppressWarnings("unchecked")
  private static <T> T expect(Object value, Class<T> type, String what, String path)
      throws Mismatch {
    if (!type.isInstance(value)) {
      throw new Mismatch(path + " should be " + what + " but is " + describe(value));
    }
    return (T) value;
  }

  private static String describe(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "the string \"" + value + "\"";
    }
    return String.valueOf(value);
  }

  private static StructuredOutputException mismatch(
      String text, Class<?> type, String why, Throwable cause) {
    String shown = text == null ? "" : text;
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "...";
    }
    return new StructuredOutputException(
        "The JSON does not match " + type.getSimpleName() + ": " + why + ". Text: " + shown,
        text,
        type.getName(),
        cause);
  }

  /** Models sometimes wrap JSON in a Markdown code fence even when asked for JSON only. */
  private static String unfence(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("```") && trimmed.endsWith("```") && trimmed.length() >= 6) {
      String inner = trimmed.substring(3, trimmed.length() - 3);
      int newline = inner.indexOf('\n');
      if (newline >= 0 && inner.substring(0, newline).strip().matches("[A-Za-z]*")) {
        inner = inner.substring(newline + 1);
      }
      return inner.strip();
    }
    return trimmed;
  }
}
