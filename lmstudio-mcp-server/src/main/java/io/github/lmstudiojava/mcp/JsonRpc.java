package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an incoming JSON-RPC message before the SDK sees it, and writes the error answers the SDK
 * would not give (it drops the stdio connection on a line it cannot parse).
 *
 * <p>What the server keeps beyond one message is bounded here: a request id, a cancelled request's
 * id and a progress token are at most {@link #MAX_ID_CHARS} characters, and the parameters of
 * {@code initialize} (the client's info and capabilities, kept for the whole session) at most
 * {@link #MAX_INITIALIZE_CHARS}.
 */
final class JsonRpc {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final String CANCELLED = "notifications/cancelled";
  static final String INITIALIZE = "initialize";

  /** The longest request id, cancelled request id or progress token, in characters. */
  static final int MAX_ID_CHARS = 256;

  /** The largest {@code initialize} parameters, counted in characters of names and values. */
  static final int MAX_INITIALIZE_CHARS = 64 * 1024;

  private JsonRpc() {}

  /**
   * A checked message: the parsed object, or the error answer to send instead.
   *
   * @param message the message as a map, when it is valid
   * @param error the error answer, when it is not
   * @param silent whether JSON-RPC forbids answering it (a notification): over stdio nothing is
   *     written back, over HTTP the status says it was refused
   */
  record Checked(Map<String, Object> message, String error, boolean silent) {
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

    /**
     * The message as the SDK's type, made from the map parsed already rather than by parsing the
     * text again: a request or a notification directly, a response (to one of our requests, rare)
     * through the mapper, for its error object.
     *
     * @throws RuntimeException when a response's fields have the wrong shape
     */
    McpSchema.JSONRPCMessage toMessage() {
      String method = method();
      if (method == null) {
        return Json.MAPPER.convertValue(message, McpSchema.JSONRPCResponse.class);
      }
      return message.containsKey("id")
          ? new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id(), params())
          : new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params());
    }

    private Object params() {
      return message.get("params");
    }

    /** The request id a {@code notifications/cancelled} names. */
    Object cancelledRequestId() {
      return message.get("params") instanceof Map<?, ?> p ? p.get("requestId") : null;
    }

    private static Checked ok(Map<String, Object> message) {
      return new Checked(message, null, false);
    }

    private static Checked refused(String error) {
      return new Checked(null, error, false);
    }
  }

  static Checked check(String text) {
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(text, Object.class);
    } catch (Exception e) {
      return Checked.refused(error(null, PARSE_ERROR, "Parse error: not valid JSON"));
    }
    return check(parsed);
  }

  /** Checks a message parsed already, as a map, list or plain value. */
  static Checked check(Object parsed) {
    if (!(parsed instanceof Map<?, ?> map)) {
      return Checked.refused(
          error(
              null,
              INVALID_REQUEST,
              parsed instanceof List
                  ? "Invalid Request: batches are not supported; send one JSON-RPC object"
                  : "Invalid Request: expected one JSON-RPC object"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    Object id = m.get("id");
    boolean idValid = id == null || id instanceof String || id instanceof Number;
    Object answerId = idValid ? id : null;
    if (idValid && id != null && String.valueOf(id).length() > MAX_ID_CHARS) {
      return Checked.refused(
          error(
              null,
              INVALID_REQUEST,
              "Invalid Request: \"id\" is longer than " + MAX_ID_CHARS + " characters"));
    }
    if (!"2.0".equals(m.get("jsonrpc"))) {
      return Checked.refused(
          error(answerId, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\""));
    }
    if (!idValid || (m.containsKey("id") && id == null && m.containsKey("method"))) {
      return Checked.refused(
          error(null, INVALID_REQUEST, "Invalid Request: \"id\" must be a string or number"));
    }
    Object method = m.get("method");
    if (method == null) {
      if (id != null && (m.containsKey("result") || m.containsKey("error"))) {
        return Checked.ok(m); // a response to one of our requests
      }
      return Checked.refused(
          error(answerId, INVALID_REQUEST, "Invalid Request: \"method\" is missing"));
    }
    if (!(method instanceof String)) {
      return Checked.refused(
          error(answerId, INVALID_REQUEST, "Invalid Request: \"method\" must be a string"));
    }
    Object params = m.get("params");
    if (params != null && !(params instanceof Map)) {
      return new Checked(
          null,
          error(id, INVALID_PARAMS, "Invalid params: \"params\" must be an object"),
          id == null);
    }
    String tooLong = tooLong((String) method, (Map<?, ?>) params);
    if (tooLong != null) {
      return new Checked(null, error(id, INVALID_PARAMS, "Invalid params: " + tooLong), id == null);
    }
    return Checked.ok(m);
  }

  /** What is over its limit in these parameters, or null. */
  private static String tooLong(String method, Map<?, ?> params) {
    if (params == null) {
      return null;
    }
    if (INITIALIZE.equals(method) && size(params, MAX_INITIALIZE_CHARS) > MAX_INITIALIZE_CHARS) {
      return "initialize (clientInfo and capabilities) is larger than "
          + MAX_INITIALIZE_CHARS
          + " characters";
    }
    if (CANCELLED.equals(method) && longerThanAnId(params.get("requestId"))) {
      return "\"requestId\" is longer than " + MAX_ID_CHARS + " characters";
    }
    if (params.get("_meta") instanceof Map<?, ?> meta
        && longerThanAnId(meta.get("progressToken"))) {
      return "\"progressToken\" is longer than " + MAX_ID_CHARS + " characters";
    }
    return null;
  }

  private static boolean longerThanAnId(Object value) {
    return value != null && String.valueOf(value).length() > MAX_ID_CHARS;
  }

  /**
   * The characters of a JSON value's names and strings, plus one per other value; stops past max.
   */
  private static int size(Object value, int max) {
    if (value instanceof String s) {
      return s.length();
    }
    int total = 1;
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        total += String.valueOf(e.getKey()).length() + size(e.getValue(), max - total);
        if (total > max) {
          return total;
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        total += size(item, max - total);
        if (total > max) {
          return total;
        }
      }
    }
    return total;
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
