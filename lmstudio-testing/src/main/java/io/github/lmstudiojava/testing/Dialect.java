package io.github.lmstudiojava.testing;

import java.util.Map;

/**
 * The API family a path belongs to, which decides the shape of its error bodies.
 *
 * <ul>
 *   <li>native ({@code /api/v1/*}): {@code {"error":{"type","message","code","param"}}}, code and
 *       param only when known;
 *   <li>OpenAI-compatible ({@code /v1/*} and the legacy {@code /api/v0/*}): OpenAI's {@code
 *       {"error":{"message","type","param","code"}}}, all four keys always present;
 *   <li>Anthropic-compatible ({@code /v1/messages}): {@code
 *       {"type":"error","error":{"type","message"}}} with Anthropic's error types.
 * </ul>
 *
 * <p>LM Studio's compatibility docs show no error bodies; these follow the public OpenAI and
 * Anthropic API references.
 */
enum Dialect {
  NATIVE,
  OPENAI,
  ANTHROPIC;

  static Dialect of(String path) {
    if (path.equals("/v1/messages")) {
      return ANTHROPIC;
    }
    if (path.startsWith("/v1/") || path.startsWith("/api/v0/")) {
      return OPENAI;
    }
    return NATIVE;
  }

  Reply render(Params.Rejected e) {
    return error(e.status, e.type, e.getMessage(), e.code, e.param);
  }

  /** An error reply in this dialect, from the parts of a native error. */
  Reply error(int status, String type, String message, String code, String param) {
    switch (this) {
      case OPENAI:
        return Reply.json(status, Json.write(openAiError(status, type, message, code, param)));
      case ANTHROPIC:
        return Reply.json(status, Json.write(anthropicError(status, message)));
      default:
        return Reply.error(status, type, message, code, param);
    }
  }

  /** OpenAI's error object: the native type becomes {@code code} when no code was given. */
  static Map<String, Object> openAiError(
      int status, String type, String message, String code, String param) {
    Map<String, Object> error =
        Json.object(
            "message", message, "type", status >= 500 ? "server_error" : "invalid_request_error");
    error.put("param", param);
    error.put("code", code != null ? code : "invalid_request".equals(type) ? null : type);
    return Json.object("error", error);
  }

  /** Anthropic's error envelope, its type chosen by status as Anthropic's reference lists them. */
  static Map<String, Object> anthropicError(int status, String message) {
    String type;
    switch (status) {
      case 400:
        type = "invalid_request_error";
        break;
      case 401:
        type = "authentication_error";
        break;
      case 403:
        type = "permission_error";
        break;
      case 404:
        type = "not_found_error";
        break;
      case 429:
        type = "rate_limit_error";
        break;
      default:
        type = status >= 500 ? "api_error" : "invalid_request_error";
        break;
    }
    return Json.object("type", "error", "error", Json.object("type", type, "message", message));
  }
}
