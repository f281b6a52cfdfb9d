package io.github.lmstudiojava.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks an incoming JSON-RPC message before the SDK sees it, and writes the error answers the SDK
 * would not give (it drops the stdio connection on a line it cannot parse).
 */
final class JsonRpc {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final String CANCELLED = "notifications/cancelled";

  private JsonRpc() {}

  /**
   * A checked message: the parsed object, or the error answer to send instead.
   *
   * @param message the message as a map, when it is valid
   * @param error the error answer, when it is not
   */
  record Checked(Map<String, Object> message, String error) {
    boolean valid() {
      return message != null;
    }

    String method() {
      return message.get("method") instanceof String m ? m : null;
    }

    Object id() {
      return message.get("id");
    }

    boolean isRequest() {
      return method() != null && message.containsKey("id");
    }

    /** The request id a {@code notifications/cancelled} names. */
    Object cancelledRequestId() {
      return message.get("params") instanceof Map<?, ?> p ? p.get("requestId") : null;
    }
  }

  static Checked check(String text) {
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(text, Object.class);
    } catch (Exception e) {
      return new Checked(null, error(null, PARSE_ERROR, "Parse error: not valid JSON"));
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      return new Checked(
          null,
          error(null, INVALID_REQUEST, "Invalid Request: expected one JSON-RPC object per line"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    Object id = m.get("id");
    boolean idValid = id == null || id instanceof String || id instanceof Number;
    Object answerId = idValid ? id : null;
    if (!"2.0".equals(m.get("jsonrpc"))) {
      return new Checked(
          null, error(answerId, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\""));
    }
    if (!idValid || (m.containsKey("id") && id == null && m.containsKey("method"))) {
      return new Checked(
          null, error(null, INVALID_REQUEST, "Invalid Request: \"id\" must be a string or number"));
    }
    Object method = m.get("method");
    if (method == null) {
      if (id != null && (m.containsKey("result") || m.containsKey("error"))) {
        return new Checked(m, null); // a response to one of our requests
      }
      return new Checked(
          null, error(answerId, INVALID_REQUEST, "Invalid Request: \"method\" is missing"));
    }
    if (!(method instanceof String)) {
      return new Checked(
          null, error(answerId, INVALID_REQUEST, "Invalid Request: \"method\" must be a string"));
    }
    Object params = m.get("params");
    if (params != null && !(params instanceof Map)) {
      return id == null
          ? new Checked(null, null) // a notification gets no answer, even a bad one
          : new Checked(
              null, error(id, INVALID_PARAMS, "Invalid params: \"params\" must be an object"));
    }
    return new Checked(m, null);
  }

  static String error(Object id, int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("jsonrpc", "2.0");
    answer.put("id", id);
    answer.put("error", error);
    return Json.write(answer);
  }
}
