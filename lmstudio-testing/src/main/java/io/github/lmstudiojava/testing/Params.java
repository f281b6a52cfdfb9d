package io.github.lmstudiojava.testing;

import java.util.Map;

/**
 * Reads request fields the way LM Studio validates them; a bad field aborts the request with the
 * error body LM Studio sends.
 */
final class Params {
  private Params() {}

  /**
   * A request that cannot be served; carries the error's parts, which each {@link Dialect} writes
   * in its own shape.
   */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String code;
    final String param;

    Rejected(int status, String type, String message, String code, String param) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
      this.code = code;
      this.param = param;
    }

    /** The error in LM Studio's native shape. */
    Reply reply() {
      return Reply.error(status, type, getMessage(), code, param);
    }
  }

  static Rejected invalid(String message, String code, String param) {
    return new Rejected(400, "invalid_request", message, code, param);
  }

  static Rejected notFound(String type, String message, String param) {
    return new Rejected(404, type, message, null, param);
  }

  /** An unknown model: 404 with type {@code model_not_found}. */
  static Rejected unknownModel(String key) {
    return notFound("model_not_found", "Model \"" + key + "\" not found", "model");
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
