package io.github.lmstudiojava.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded JSON value against the common subset of JSON Schema that tool parameters use:
 * {@code type} (one or several), {@code enum}, {@code properties}, {@code required}, {@code
 * additionalProperties}, {@code items}, {@code minItems}/{@code maxItems}, {@code minLength}/{@code
 * maxLength} and {@code minimum}/{@code maximum}. Other keywords are ignored, so a schema using
 * them is checked only as far as this subset goes.
 */
public final class SchemaValidator {
  private SchemaValidator() {}

  /**
   * Lists how a value breaks a schema.
   *
   * @param schema the schema, as decoded JSON
   * @param value the value, as decoded JSON (maps, lists, strings, numbers, booleans, null)
   * @return the problems, each naming the JSON path; empty when the value conforms
   */
  public static List<String> validate(Map<String, ?> schema, Object value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private static void check(Map<?, ?> schema, Object value, String path, List<String> problems) {
    Object type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      problems.add(path + " should be " + typeText(type) + " but is " + describe(value));
      return;
    }
    Object allowed = schema.get("enum");
    if (allowed instanceof List && !containsJson((List<?>) allowed, value)) {
      problems.add(path + " should be one of " + allowed + " but is " + describe(value));
    }
    if (value instanceof Map) {
      checkObject(schema, (Map<?, ?>) value, path, problems);
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      bound(schema, "minItems", list.size(), true, path + " has too few items", problems);
      bound(schema, "maxItems", list.size(), false, path + " has too many items", problems);
      if (schema.get("items") instanceof Map) {
        for (int i = 0; i < list.size(); i++) {
          check((Map<?, ?>) schema.get("items"), list.get(i), path + "[" + i + "]", problems);
        }
      }
    } else if (value instanceof String) {
      int length = ((String) value).codePointCount(0, ((String) value).length());
      bound(schema, "minLength", length, true, path + " is too short", problems);
      bound(schema, "maxLength", length, false, path + " is too long", problems);
    } else if (value instanceof Number) {
      double number = ((Number) value).doubleValue();
      bound(schema, "minimum", number, true, path + " is below the minimum", problems);
      bound(schema, "maximum", number, false, path + " is above the maximum", problems);
    }
  }

  private static void checkObject(
      Map<?, ?> schema, Map<?, ?> object, String path, List<String> problems) {
    Map<?, ?> properties =
        schema.get("properties") instanceof Map ? (Map<?, ?>) schema.get("properties") : Map.of();
    if (schema.get("required") instanceof List) {
      for (Object name : (List<?>) schema.get("required")) {
        if (!object.containsKey(name)) {
          problems.add(path + "." + name + " is required but missing");
        }
      }
    }
    Object additional = schema.get("additionalProperties");
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      String childPath = path + "." + entry.getKey();
      Object property = properties.get(entry.getKey());
      if (property instanceof Map) {
        check((Map<?, ?>) property, entry.getValue(), childPath, problems);
      } else if (Boolean.FALSE.equals(additional)) {
        problems.add(childPath + " is not an allowed property");
      } else if (additional instanceof Map) {
        check((Map<?, ?>) additional, entry.getValue(), childPath, problems);
      }
    }
  }

  private static void bound(
      Map<?, ?> schema,
      String keyword,
      double actual,
      boolean isMinimum,
      String message,
      List<String> problems) {
    Object limit = schema.get(keyword);
    if (limit instanceof Number) {
      double bound = ((Number) limit).doubleValue();
      if (isMinimum ? actual < bound : actual > bound) {
        problems.add(message + " (" + keyword + " " + limit + ")");
      }
    }
  }

  private static boolean matchesType(Object type, Object value) {
    if (type instanceof List) {
      for (Object one : (List<?>) type) {
        if (matchesType(one, value)) {
          return true;
        }
      }
      return false;
    }
    switch (String.valueOf(type)) {
      case "object":
        return value instanceof Map;
      case "array":
        return value instanceof List;
      case "string":
        return value instanceof String;
      case "boolean":
        return value instanceof Boolean;
      case "null":
        return value == null;
      case "number":
        return value instanceof Number;
      case "integer":
        return value instanceof Number && isWhole((Number) value);
      default:
        return true;
    }
  }

  private static boolean isWhole(Number number) {
    double d = number.doubleValue();
    return !Double.isInfinite(d) && d == Math.rint(d);
  }

  private static boolean containsJson(List<?> allowed, Object value) {
    for (Object candidate : allowed) {
      if (candidate instanceof Number && value instanceof Number) {
        if (((Number) candidate).doubleValue() == ((Number) value).doubleValue()) {
          return true;
        }
      } else if (java.util.Objects.equals(candidate, value)) {
        return true;
      }
    }
    return false;
  }

  private static String typeText(Object type) {
    return type instanceof List ? "one of " + type : String.valueOf(type);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "the string \"" + value + "\"";
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
