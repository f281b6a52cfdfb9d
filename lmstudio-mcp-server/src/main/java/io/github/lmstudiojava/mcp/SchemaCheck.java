package io.github.lmstudiojava.mcp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a value against a JSON schema written with the keywords the server's own tool schemas use,
 * in the order and with the words of the schema library the MCP SDK validates with, so that a
 * client sees the same answer; but without turning the value into a JSON tree first or loading that
 * library.
 *
 * <p>The keywords: {@code type} (one name), {@code properties}, {@code required}, {@code
 * additionalProperties} (a schema or {@code false}), {@code items} (one schema), {@code minItems},
 * {@code maxItems}, {@code minLength}, {@code maxLength} (in code points), {@code minimum}, {@code
 * maximum} (integers), {@code enum} (of strings), {@code anyOf}, and the annotations {@code
 * description} and {@code title}. {@link #compile} gives null for a schema with anything else, and
 * {@link #errors} null for a value of a Java type JSON parsing does not produce; the caller then
 * uses the schema library.
 *
 * <p>As the library does, a schema checks {@code type} first and {@code properties} next, then its
 * other keywords in their order; {@code anyOf} reports the errors of every branch when none
 * matches; {@code minimum} and {@code maximum} of an {@code integer} compare the value cut to a
 * whole number (the type error already refuses a fraction). Where the library fails instead of
 * answering (an integer limit against a number beyond the 64-bit range), the limit's error is
 * given.
 */
final class SchemaCheck {
  private static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "minItems",
          "maxItems",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "enum",
          "anyOf",
          "description",
          "title");
  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "number", "integer", "boolean", "null");

  /** One keyword's rule: adds the errors of a value at a location. */
  private interface Rule {
    void check(Object value, Place at, List<String> errors);
  }

  private final List<Rule> rules;

  private SchemaCheck(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * Compiles a schema.
   *
   * @return the check, or null when the schema uses a keyword or form outside the supported set
   */
  static SchemaCheck compile(Map<?, ?> schema) {
    try {
      return new Compiler().schema(schema);
    } catch (Unsupported e) {
      return null;
    }
  }

  /**
   * The errors of a value, each as the location of the wrong part (a JSON pointer) and what is
   * wrong with it; none when it conforms.
   *
   * @return the errors, or null when the value holds a Java type JSON parsing does not produce
   */
  List<String> errors(Object value) {
    if (!plainJson(value, 0)) {
      return null;
    }
    List<String> errors = new ArrayList<>(0);
    check(value, Place.ROOT, errors);
    return errors;
  }

  private void check(Object value, Place at, List<String> errors) {
    for (Rule rule : rules) {
      rule.check(value, at, errors);
    }
  }

  /** Whether a value holds only what a JSON parser gives: maps, lists, strings, numbers. */
  private static boolean plainJson(Object value, int depth) {
    if (depth > 256) {
      return false;
    }
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger
        || value instanceof Double) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String) || !plainJson(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!plainJson(item, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** A schema outside the supported set. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final class Compiler {
    SchemaCheck schema(Object node) {
      if (!(node instanceof Map<?, ?> schema)) {
        throw new Unsupported();
      }
      for (Object key : schema.keySet()) {
        if (!KEYWORDS.contains(key)) {
          throw new Unsupported();
        }
      }
      List<Rule> rules = new ArrayList<>();
      String type = null;
      if (schema.containsKey("type")) {
        if (!(schema.get("type") instanceof String name) || !TYPES.contains(name)) {
          throw new Unsupported();
        }
        type = name;
        rules.add(type(name));
      }
      Map<String, SchemaCheck> properties = new LinkedHashMap<>();
      if (schema.containsKey("properties")) {
        if (!(schema.get("properties") instanceof Map<?, ?> map)) {
          throw new Unsupported();
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          properties.put((String) e.getKey(), schema(e.getValue()));
        }
        rules.add(properties(properties));
      }
      for (Map.Entry<?, ?> e : schema.entrySet()) {
        Object v = e.getValue();
        switch ((String) e.getKey()) {
          case "required" -> rules.add(required(strings(v)));
          case "additionalProperties" -> rules.add(additional(v, properties.keySet()));
          case "items" -> rules.add(items(schema(v)));
          case "minItems" -> rules.add(minItems(whole(v)));
          case "maxItems" -> rules.add(maxItems(whole(v)));
          case "minLength" -> rules.add(minLength(whole(v)));
          case "maxLength" -> rules.add(maxLength(whole(v)));
          case "minimum" -> rules.add(limit(whole(v), true, "integer".equals(type)));
          case "maximum" -> rules.add(limit(whole(v), false, "integer".equals(type)));
          case "enum" -> rules.add(oneOfValues(strings(v)));
          case "anyOf" -> rules.add(anyOf(branches(v)));
          default -> {
            // type and properties come first; description and title say nothing to check.
          }
        }
      }
      return new SchemaCheck(rules);
    }

    private List<SchemaCheck> branches(Object v) {
      if (!(v instanceof List<?> list) || list.isEmpty()) {
        throw new Unsupported();
      }
      List<SchemaCheck> branches = new ArrayList<>();
      for (Object branch : list) {
        branches.add(schema(branch));
      }
      return branches;
    }

    private Rule additional(Object v, Set<String> known) {
      if (Boolean.FALSE.equals(v)) {
        return (value, at, errors) -> {
          if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
              if (!known.contains(key)) {
                errors.add(
                    at
                        + ": property '"
                        + key
                        + "' is not defined in the schema and the schema does not allow"
                        + " additional properties");
              }
            }
          }
        };
      }
      if (Boolean.TRUE.equals(v)) {
        return (value, at, errors) -> {};
      }
      SchemaCheck others = schema(v);
      return (value, at, errors) -> {
        if (value instanceof Map<?, ?> map) {
          for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!known.contains(e.getKey())) {
              others.check(e.getValue(), new Place(at, (String) e.getKey(), -1), errors);
            }
          }
        }
      };
    }

    private static List<String> strings(Object v) {
      if (!(v instanceof List<?> list)) {
        throw new Unsupported();
      }
      List<String> strings = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw new Unsupported();
        }
        strings.add(s);
      }
      return List.copyOf(strings);
    }

    private static long whole(Object v) {
      if (v instanceof Integer || v instanceof Long) {
        return ((Number) v).longValue();
      }
      throw new Unsupported();
    }
  }

  private static Rule type(String expected) {
    return (value, at, errors) -> {
      String found = typeOf(value);
      boolean ok =
          expected.equals(found)
              || expected.equals("number") && found.equals("integer")
              || expected.equals("integer")
                  && value instanceof Double d
                  && !d.isInfinite()
                  && d == Math.rint(d);
      if (!ok) {
        errors.add(at + ": " + found + " found, " + expected + " expected");
      }
    };
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "unknown" : "number";
    }
    if (value instanceof Number) {
      return "integer";
    }
    return value instanceof Map ? "object" : "array";
  }

  private static Rule properties(Map<String, SchemaCheck> properties) {
    return (value, at, errors) -> {
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<String, SchemaCheck> p : properties.entrySet()) {
          if (map.containsKey(p.getKey())) {
            p.getValue().check(map.get(p.getKey()), new Place(at, p.getKey(), -1), errors);
          }
        }
      }
    };
  }

  private static Rule required(List<String> names) {
    return (value, at, errors) -> {
      if (value instanceof Map<?, ?> map) {
        for (String name : names) {
          if (!map.containsKey(name)) {
            errors.add(at + ": required property '" + name + "' not found");
          }
        }
      }
    };
  }

  private static Rule items(SchemaCheck item) {
    return (value, at, errors) -> {
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          item.check(list.get(i), new Place(at, null, i), errors);
        }
      }
    };
  }

  private static Rule minItems(long min) {
    return (value, at, errors) -> {
      if (value instanceof List<?> list && list.size() < min) {
        errors.add(
            at + ": must have at least " + count(min) + " items but found " + count(list.size()));
      }
    };
  }

  private static Rule maxItems(long max) {
    return (value, at, errors) -> {
      if (value instanceof List<?> list && list.size() > max) {
        errors.add(
            at + ": must have at most " + count(max) + " items but found " + count(list.size()));
      }
    };
  }

  private static Rule minLength(long min) {
    return (value, at, errors) -> {
      // The length in code points is at least half the length in chars: most strings need no count.
      if (value instanceof String s
          && s.length() < 2 * min
          && s.codePointCount(0, s.length()) < min) {
        errors.add(at + ": must be at least " + count(min) + " characters long");
      }
    };
  }

  private static Rule maxLength(long max) {
    return (value, at, errors) -> {
      if (value instanceof String s && s.length() > max && s.codePointCount(0, s.length()) > max) {
        errors.add(at + ": must be at most " + count(max) + " characters long");
      }
    };
  }

  private static Rule limit(long limit, boolean minimum, boolean integer) {
    String message =
        minimum ? ": must have a minimum value of " : ": must have a maximum value of ";
    return (value, at, errors) -> {
      int side = compare(value, limit, integer);
      if (minimum ? side < 0 : side > 0 && side != NOT_A_NUMBER) {
        errors.add(at + message + limit);
      }
    };
  }

  /** What {@link #compare} gives for a value that is not a finite number. */
  private static final int NOT_A_NUMBER = Integer.MAX_VALUE;

  /**
   * How a number compares with a limit: negative, zero or positive; {@link #NOT_A_NUMBER} for what
   * is not a finite number. For an {@code integer} schema, a fraction in the 64-bit range is cut to
   * a whole number, as the schema library does.
   */
  private static int compare(Object value, long limit, boolean integer) {
    if (value instanceof Integer || value instanceof Long) {
      return Long.compare(((Number) value).longValue(), limit);
    }
    if (value instanceof BigInteger big) {
      return big.compareTo(BigInteger.valueOf(limit));
    }
    if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      double v = d;
      if (integer && v >= -0x1p63 && v < 0x1p63) {
        return Long.compare((long) v, limit);
      }
      // Exact: a limit of the schemas is far below 2^53, where every long is a double.
      return Math.abs(limit) < (1L << 53)
          ? Double.compare(v == 0.0 ? 0.0 : v, (double) limit)
          : new BigDecimal(v).compareTo(BigDecimal.valueOf(limit));
    }
    return NOT_A_NUMBER;
  }

  private static Rule oneOfValues(List<String> values) {
    StringBuilder list = new StringBuilder("[");
    for (String v : values) {
      JsonText.string(list.append(list.length() > 1 ? ", " : ""), v);
    }
    String message = ": does not have a value in the enumeration " + list.append(']');
    return (value, at, errors) -> {
      if (!(value instanceof String s) || !values.contains(s)) {
        errors.add(at + message);
      }
    };
  }

  private static Rule anyOf(List<SchemaCheck> branches) {
    return (value, at, errors) -> {
      List<String> all = new ArrayList<>();
      for (SchemaCheck branch : branches) {
        List<String> mine = new ArrayList<>(0);
        branch.check(value, at, mine);
        if (mine.isEmpty()) {
          return;
        }
        all.addAll(mine);
      }
      errors.addAll(all);
    };
  }

  /**
   * A count as the schema library writes it in lengths and sizes: with the default locale's digit
   * grouping ("2,048" in English). Limits of values are written plain.
   */
  private static String count(long n) {
    return NumberFormat.getInstance(Locale.getDefault(Locale.Category.FORMAT)).format(n);
  }

  /**
   * Where a value sits, as its parent and its name or index; written as a JSON pointer only for an
   * error, so that a value that conforms costs no string.
   */
  private record Place(Place parent, String name, int index) {
    static final Place ROOT = new Place(null, null, -1);

    @Override
    public String toString() {
      if (parent == null) {
        return "";
      }
      StringBuilder pointer = new StringBuilder(parent.toString()).append('/');
      return (name != null ? pointer.append(pointer(name)) : pointer.append(index)).toString();
    }
  }

  /** A property name as a JSON pointer segment. */
  private static String pointer(String name) {
    return name.indexOf('~') < 0 && name.indexOf('/') < 0
        ? name
        : name.replace("~", "~0").replace("/", "~1");
  }
}
