package io.github.lmstudiojava.mcp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON values (maps, lists, strings, numbers, booleans, null) read from and written to text,
 * as Jackson reads and writes them, without starting Jackson: the messages of a session's start
 * ({@code initialize}, {@code tools/list}) and every incoming line go through here.
 *
 * <p>Reading is strict RFC 8259 with Jackson's defaults: one value and nothing after it but
 * whitespace; objects become {@link LinkedHashMap} (a repeated name keeps its last value), arrays
 * {@link ArrayList}, integers {@link Integer}, {@link Long} or {@link BigInteger} by size, other
 * numbers {@link Double}. Nesting deeper than {@link #MAX_DEPTH} and names longer than {@link
 * #MAX_NAME_CHARS} are refused, as Jackson refuses them; a number of more than {@link
 * #LONG_NUMBER_DIGITS} digits makes {@link #parse} throw {@link Deferred}, so that the caller lets
 * Jackson read the text, and judge its length, instead.
 *
 * <p>Writing produces the text Jackson writes for the same values, character for character: no
 * spaces, names in map order, {@code "}, {@code \} and control characters escaped as Jackson
 * escapes them. A value of another type makes {@link #write} throw {@link Unsupported}, so that the
 * caller can hand the whole value to Jackson instead.
 */
final class JsonText {
  /** The deepest nesting of objects and arrays read (Jackson's default limit). */
  static final int MAX_DEPTH = 500;

  /** Numbers with more digits than this are left to Jackson, whose limit is about 1,000. */
  static final int LONG_NUMBER_DIGITS = 900;

  /** The longest object member name read, in characters (Jackson's default limit). */
  static final int MAX_NAME_CHARS = 50_000;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String text;
  private int pos;

  private JsonText(String text) {
    this.text = text;
  }

  /** Not valid JSON. */
  static final class Malformed extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Malformed(String message, int at) {
      super(message + " at character " + at);
    }
  }

  /** Text whose reading {@link #parse} leaves to Jackson. */
  static final class Deferred extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Deferred(String what) {
      super(what, null, false, false);
    }
  }

  /** A value {@link #write} does not know how to write as Jackson would. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(Object value) {
      super(value.getClass().getName(), null, false, false);
    }
  }

  /**
   * Reads one JSON value.
   *
   * @throws Malformed when the text is not exactly one valid JSON value
   * @throws Deferred when the text holds a number so long that Jackson should judge it
   */
  static Object parse(String text) {
    JsonText reader = new JsonText(text);
    reader.skipSpace();
    Object value = reader.value(0);
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.malformed("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (pos >= text.length()) {
      throw malformed("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw malformed("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    checkDepth(depth);
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw malformed("expected a name in double quotes");
      }
      String name = string();
      if (name.length() > MAX_NAME_CHARS) {
        throw malformed("name longer than " + MAX_NAME_CHARS + " characters");
      }
      skipSpace();
      expect(':');
      skipSpace();
      map.put(name, value(depth));
      skipSpace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw malformed("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    checkDepth(depth);
    pos++;
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth));
      skipSpace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw malformed("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    int start = pos;
    StringBuilder b = null;
    while (true) {
      if (pos >= text.length()) {
        throw malformed("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s = b == null ? text.substring(start, pos) : b.append(text, start, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) {
        throw malformed("unescaped control character in a string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (b == null) {
        b = new StringBuilder(pos - start + 16);
      }
      b.append(text, start, pos);
      pos++;
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> b.append(unicodeEscape());
        default -> throw malformed("unknown escape '\\" + e + "'");
      }
      start = pos;
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > text.length()) {
      throw malformed("incomplete \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = hex(text.charAt(pos++));
      if (digit < 0) {
        throw malformed("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  /** The value of an ASCII hex digit, or -1 (Character.digit takes other scripts' digits too). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw malformed("leading zeros are not allowed");
      }
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw malformed("expected a digit");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!isDigit(peek())) {
        throw malformed("expected a digit after '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw malformed("expected a digit in the exponent");
      }
      digits();
    }
    if (digitCount(start, pos) > LONG_NUMBER_DIGITS) {
      // Jackson counts a long number's length in its own way (signs, points and exponents in
      // some places and not others): near its limit, it decides.
      throw new Deferred("a number of more than " + LONG_NUMBER_DIGITS + " digits");
    }
    String n = text.substring(start, pos);
    if (!integral) {
      return Double.parseDouble(n);
    }
    int length = n.length() - (n.charAt(0) == '-' ? 1 : 0);
    if (length <= 9) {
      return Integer.parseInt(n);
    }
    if (length <= 18) {
      long value = Long.parseLong(n);
      if (value == (int) value) {
        return (int) value;
      }
      return value;
    }
    BigInteger big = new BigInteger(n);
    if (big.bitLength() < 32) {
      return big.intValue();
    }
    if (big.bitLength() < 64) {
      return big.longValue();
    }
    return big;
  }

  private int digitCount(int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      count += isDigit(text.charAt(i)) ? 1 : 0;
    }
    return count;
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw malformed("unexpected token");
    }
    pos += word.length();
    if (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      throw malformed("unexpected token");
    }
    return value;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw malformed("unexpected end of input");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw malformed("expected '" + c + "'");
    }
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed("nesting deeper than " + MAX_DEPTH);
    }
  }

  private Malformed malformed(String message) {
    return new Malformed(message, pos);
  }

  /**
   * Writes a plain value as Jackson would.
   *
   * @throws Unsupported for a value that is not a map with string names, a list, a string, a
   *     boolean, null, or a number of type Integer, Long, Short, Byte or BigInteger, or a finite
   *     Double
   */
  static void write(StringBuilder out, Object value) {
    write(out, value, 0);
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Unsupported(value); // Jackson refuses it with its own error, or a cycle
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new Unsupported(e.getKey() == null ? map : e.getKey());
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, name);
        out.append(':');
        write(out, e.getValue(), depth + 1);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i), depth + 1);
      }
      out.append(']');
    } else if (value instanceof Double d && Double.isFinite(d)) {
      out.append(d.doubleValue());
    } else if (value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else {
      throw new Unsupported(value);
    }
  }

  /** A JSON string, escaped as Jackson escapes it. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, s.length()).append('"');
  }
}
