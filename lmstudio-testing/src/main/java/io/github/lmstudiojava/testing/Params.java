package io.github.lmstudiojava.testing;

import java.util.Map;

/**
 * Reads request fields the way LM Studio validates them; a bad field aborts the request with the
 * error body LM Studio sends.
 */
final class Params {
  private Params() {}

  /** A request that cannot be served; carries the error reply. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Reply reply;

    Rejected(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }
  }

  static Rejected invalid(String message, String code, String param) {
    return new Rejected(Reply.error(400, "invalid_request", message, code, param));
  }

  static Rejected notFound(String type, String message, String param) {
    return new Rejected(Reply.error(404, type, message, null, param));
  }

  static String requiredString(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value == null) {
      throw invalid("\"" + name + "\" is required", "missing_required_parameter", name);
    }
    if (!(value instanceof String)) {
      throw invalid("\"" + name + "\" must be a string", "invalid_type", name);
    }
    return (String) value;
  }

  static String optionalString(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value != null && !(value instanceof String)) {
      throw invalid("\"" + name + "\" must be a string", "invalid_type", name);
    }
    return (String) value;
  }

  static Integer optionalInt(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number) || ((Number) value).doubleValue() % 1 != 0) {
      throw invalid("\"" + name + "\" must be an integer", "invalid_type", name);
    }
    return ((Number) value).intValue();
  }

  static Boolean optionalBoolean(Map<String, Object> json, String name) {
    Object value = json.get(name);
    if (value != null && !(value instanceof Boolean)) {
      throw invalid("\"" + name + "\" must be a boolean", "invalid_type", name);
    }
    return (Boolean) value;
  }
}
