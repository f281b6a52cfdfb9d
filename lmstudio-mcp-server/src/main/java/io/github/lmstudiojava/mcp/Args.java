package io.github.lmstudiojava.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tool call's arguments, read by type. The SDK has validated them against the tool's input
 * schema; these readers still refuse a wrong type with a message naming the argument.
 */
final class Args {
  private final Map<String, Object> values;

  Args(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  String string(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrong(name, "a string");
  }

  String required(String name) {
    String v = string(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("\"" + name + "\" is required");
    }
    return v;
  }

  Integer integer(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      double d = n.doubleValue();
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw wrong(name, "a whole number");
  }

  Double number(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrong(name, "a number");
  }

  Boolean bool(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrong(name, "true or false");
  }

  /** A string or a list of strings, as a list. */
  List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw wrong(name, "a string or a list of strings");
        }
        out.add(s);
      }
      return out;
    }
    throw wrong(name, "a string or a list of strings");
  }

  /** A list of objects. */
  List<Args> objects(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw wrong(name, "a list of objects");
    }
    List<Args> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)) {
        throw wrong(name, "a list of objects");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      out.add(new Args(typed));
    }
    return out;
  }

  /** An object of string values, such as HTTP headers. */
  Map<String, String> stringMap(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw wrong(name, "an object of strings");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw wrong(name, "an object of strings");
      }
      out.put(String.valueOf(e.getKey()), s);
    }
    return out;
  }

  private static IllegalArgumentException wrong(String name, String expected) {
    return new IllegalArgumentException("\"" + name + "\" must be " + expected);
  }
}
