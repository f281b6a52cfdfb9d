package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.JsonReader;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import okhttp3.MediaType;
import okio.Buffer;

/**
 * Turns HTTP failures into the client's typed exceptions, with messages that say what to do.
 *
 * <p>No message ever includes a request header, so the API token cannot leak through one.
 */
public final class Errors {
  private static final String START_HINT =
      "Start the server with `lms server start` or the toggle in LM Studio's Developer tab,"
          + " or point LM_STUDIO_URL at the right address.";

  private static final String TOKEN_HINT_TAIL =
      "create a token in LM Studio (Developer > Server Settings > Manage Tokens) and set"
          + " LM_API_TOKEN, or pass apiToken(...) to the builder.";

  private static final String TOKEN_HINT = "The server requires an API token: " + TOKEN_HINT_TAIL;

  private Errors() {}

  /**
   * Maps an I/O failure of a call that got no response.
   *
   * @param baseUrl the server's base URL
   * @param what the request, such as {@code POST /api/v1/chat}
   * @param e the failure
   * @param timeoutKind the kind to report when the call's own timeout fired
   * @param callLimit that timeout's value
   * @param connectLimit the connect timeout's value
   * @return the typed exception to throw
   */
  public static LmStudioException ioFailure(
      String baseUrl,
      String what,
      IOException e,
      LmStudioTimeoutException.Kind timeoutKind,
      Duration callLimit,
      Duration connectLimit) {
    return ioFailure(baseUrl, what, e, timeoutKind, callLimit, connectLimit, false);
  }

  /**
   * Maps an I/O failure of a call, before or after its response began.
   *
   * <p>The classification is what users act on, so it must be true: "not running" only for a
   * refused connection; a connection that was accepted and then dropped means a running server that
   * closed it (crashed, restarted, or a proxy in between); a limit that ran out before any response
   * byte means the server accepted the request and sent nothing.
   *
   * @param baseUrl the server's base URL
   * @param what the request, such as {@code POST /api/v1/chat}
   * @param e the failure
   * @param timeoutKind the kind to report when the call's own timeout fired
   * @param callLimit that timeout's value
   * @param connectLimit the connect timeout's value
   * @param answerStarted whether the response headers had arrived
   * @return the typed exception to throw
   */
  public static LmStudioException ioFailure(
      String baseUrl,
      String what,
      IOException e,
      LmStudioTimeoutException.Kind timeoutKind,
      Duration callLimit,
      Duration connectLimit,
      boolean answerStarted) {
    if (isConnectTimeout(e)) {
      return new LmStudioTimeoutException(
          "Connecting to LM Studio at "
              + baseUrl
              + " took longer than "
              + connectLimit
              + ": nothing answered at that address. "
              + START_HINT,
          LmStudioTimeoutException.Kind.CONNECT,
          connectLimit,
          null,
          "",
          false,
          e);
    }
    if (e instanceof InterruptedIOException && "executor rejected".equals(e.getMessage())) {
      // The dispatcher's threads were shut down by close().
      return new LmStudioException(
          what
              + " could not start: the HTTP threads it needs are shut down; the LmStudio client"
              + " (or the one it was derived from with newBuilder()) was closed.",
          e);
    }
    if (e instanceof InterruptedIOException && !isTimeout(e)) {
      return new LmStudioException(what + " was interrupted (" + describe(e) + ").", e);
    }
    String limit = callLimit + " (" + timeoutName(timeoutKind) + " timeout)";
    if (e instanceof InterruptedIOException) {
      String message =
          answerStarted
              ? "LM Studio at "
                  + baseUrl
                  + " began answering "
                  + what
                  + " but did not finish within "
                  + limit
                  + "; the call was cancelled. Raise the limit with Timeouts if the model needs"
                  + " longer."
              : "LM Studio at "
                  + baseUrl
                  + " accepted "
                  + what
                  + " but sent nothing back within "
                  + limit
                  + ", not even the response headers; the call was cancelled. The server may be"
                  + " busy loading a model or serving other requests; raise the limit with"
                  + " Timeouts if it needs longer.";
      return new LmStudioTimeoutException(
          message, timeoutKind, callLimit, null, "", answerStarted, e);
    }
    if (e instanceof ConnectException) {
      return new LmStudioConnectionException(
          baseUrl,
          LmStudioConnectionException.Reason.REFUSED,
          "LM Studio is not running at "
              + baseUrl
              + ": the connection was refused ("
              + describe(e)
              + "). "
              + START_HINT,
          e);
    }
    if (e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      return new LmStudioConnectionException(
          baseUrl,
          LmStudioConnectionException.Reason.UNREACHABLE,
          "Cannot reach the host of "
              + baseUrl
              + " ("
              + describe(e)
              + "): check the host name in LM_STUDIO_URL (or the builder's baseUrl) and the"
              + " network.",
          e);
    }
    if (e instanceof IdleConnections.ClosedWhileIdle) {
      return new LmStudioConnectionException(
          baseUrl,
          LmStudioConnectionException.Reason.CLOSED,
          "LM Studio at "
              + baseUrl
              + " closed every kept-alive connection offered for "
              + what
              + " before the request could be written; nothing was sent. The server may be"
              + " restarting.",
          e);
    }
    return new LmStudioConnectionException(
        baseUrl,
        LmStudioConnectionException.Reason.CLOSED,
        "LM Studio at "
            + baseUrl
            + " closed the connection "
            + (answerStarted ? "in the middle of its answer to " : "during ")
            + what
            + (answerStarted ? "" : " before answering")
            + " ("
            + describe(e)
            + "). The server is running but dropped the call; it may have crashed or restarted"
            + " (see LM Studio's server log). The request may or may not have been processed.",
        e);
  }

  /**
   * The failure for a server that answered with a web page instead of LM Studio's JSON or events,
   * or null when the answer is not one.
   *
   * @param baseUrl the server's base URL
   * @param what the request, such as {@code GET /api/v1/models}
   * @param status the HTTP status
   * @param contentType the response's content type, or null
   * @param body the body's first characters
   * @return the exception, or null
   */
  public static LmStudioConnectionException notLmStudio(
      String baseUrl, String what, int status, MediaType contentType, String body) {
    // A page with another status comes from something in front of LM Studio (a proxy's 502, an
    // auth proxy's 401): httpError reports that status without the page.
    if (!(status >= 200 && status < 300) && status != 404) {
      return null;
    }
    if (!isWebPage(contentType, body)) {
      return null;
    }
    return new LmStudioConnectionException(
        baseUrl,
        LmStudioConnectionException.Reason.NOT_LM_STUDIO,
        "The server at "
            + baseUrl
            + " is not LM Studio: it answered "
            + what
            + " with a web page (HTTP "
            + status
            + "). Point LM_STUDIO_URL (or the builder's baseUrl) at LM Studio's server, which"
            + " listens on port 1234 by default (Developer tab > Status).",
        null);
  }

  private static boolean isWebPage(MediaType contentType, String body) {
    boolean html =
        contentType != null
            && ("html".equals(contentType.subtype()) || "xhtml+xml".equals(contentType.subtype()));
    if (!html && body != null) {
      String start = body.stripLeading().toLowerCase(Locale.ROOT);
      html = start.startsWith("<!doctype html") || start.startsWith("<html");
    }
    return html;
  }

  /**
   * Whether an I/O failure is worth retrying for an idempotent read: the connection could not be
   * made or was dropped, but no timeout fired.
   *
   * @param e the failure
   * @return true to retry
   */
  public static boolean isRetryable(IOException e) {
    return !(e instanceof InterruptedIOException) || isConnectTimeout(e);
  }

  /** OkHttp's whole-call timeout, or a socket timeout; not an interrupted or rejected call. */
  private static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException || "timeout".equals(e.getMessage());
  }

  private static boolean isConnectTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        && e.getMessage() != null
        && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  private static String timeoutName(LmStudioTimeoutException.Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * Maps an error response: a status of 400 or more, or status 200 with an error body.
   *
   * @param baseUrl the server's base URL
   * @param what the request, such as {@code POST /api/v1/chat}
   * @param status the HTTP status
   * @param body the response body, possibly empty
   * @param tokenSent whether the request carried an API token
   * @return the typed exception to throw
   */
  public static LmStudioHttpException httpError(
      String baseUrl, String what, int status, String body, boolean tokenSent) {
    StreamError error = parseError(body);
    String type = error == null ? null : error.type();
    String code = error == null ? null : error.code();
    String param = error == null ? null : error.param();
    String serverMessage = error == null ? null : error.message();
    String detail =
        serverMessage != null
            ? serverMessage
            : isWebPage(null, body)
                ? "a web page, from something in front of LM Studio (a proxy?) or another server"
                : abbreviate(body);
    String prefix = "LM Studio answered " + status + " to " + what;
    boolean badKey = "invalid_api_key".equals(code) || "invalid_api_key".equals(type);
    if (status == 401 || status == 403 || badKey) {
      String hint;
      if (!tokenSent && (status != 403 || badKey || mentionsToken(serverMessage))) {
        hint = TOKEN_HINT;
      } else if (status != 403) {
        hint =
            "The API token was rejected: check LM_API_TOKEN against the tokens listed in"
                + " Developer > Server Settings > Manage Tokens.";
      } else if (!tokenSent) {
        hint =
            "This request needs an API token with the right permission (calls that use mcp.json"
                + " plugins do): "
                + TOKEN_HINT_TAIL
                + " If the server does not require tokens, enable \"Allow calling servers from"
                + " mcp.json\" or \"Allow per-request MCPs\" in Developer > Server Settings.";
      } else {
        hint =
            "The token lacks a permission, or a server setting is off: enable \"Allow calling"
                + " servers from mcp.json\" or \"Allow per-request MCPs\" in Developer > Server"
                + " Settings if this request uses integrations.";
      }
      return new LmStudioAuthenticationException(
          join(prefix, detail) + " " + hint, status, type, code, param, serverMessage);
    }
    if (mentionsNoModelsLoaded(detail)) {
      // LM Studio with just-in-time loading off (lms#107, bug-tracker#1217, #1730).
      return new ModelNotFoundException(
          join(prefix, detail)
              + " Load the model first (lms.models().load(LoadRequest.of(key)), `lms load`, or the"
              + " app), or turn on just-in-time model loading in Developer > Server Settings so"
              + " LM Studio loads it on first use.",
          status,
          type,
          code,
          param,
          serverMessage);
    }
    // LM Studio's native errors name the problem in "type"; its OpenAI-compatible endpoints
    // follow OpenAI's shape, with type "invalid_request_error" and code "model_not_found".
    if ("model_not_found".equals(type)
        || "model_not_found".equals(code)
        || (status == 404 && mentionsModel(detail))) {
      return new ModelNotFoundException(
          join(prefix, detail)
              + " Check the key with lms.models().list() (or `lms ls`); download it with"
              + " lms.models().download(key).",
          status,
          type,
          code,
          param,
          serverMessage);
    }
    if (status >= 200 && status < 300) {
      // An error object with a success status: LM Studio's answer to an endpoint it does not
      // serve, and, in 0.4.2 to 0.4.17, to a request without the token it requires.
      if (!tokenSent && mentionsToken(serverMessage)) {
        return new LmStudioAuthenticationException(
            join(prefix, detail) + " " + TOKEN_HINT, status, type, code, param, serverMessage);
      }
      String reason =
          tokenSent
              ? " This LM Studio does not serve that endpoint" + since(what)
              : " No API token was sent: if the server requires one (Developer > Server Settings),"
                  + " LM Studio 0.4.2 to 0.4.17 answer like this; "
                  + TOKEN_HINT_TAIL
                  + " Otherwise this LM Studio does not serve that endpoint"
                  + since(what);
      return new LmStudioHttpException(
          join(prefix, detail) + reason, status, type, code, param, serverMessage);
    }
    return new LmStudioHttpException(
        join(prefix, detail), status, type, code, param, serverMessage);
  }

  private static boolean mentionsToken(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("api token") || lower.contains("api key") || lower.contains("api_key");
  }

  private static boolean mentionsNoModelsLoaded(String detail) {
    return detail != null && detail.toLowerCase(Locale.ROOT).contains("no models loaded");
  }

  /** Which LM Studio version introduced an endpoint, per LM Studio's API changelog. */
  private static String since(String what) {
    if (what.contains("/api/v1/")) {
      return ": the native /api/v1 API needs LM Studio 0.4.0 or newer.";
    }
    if (what.contains("/v1/messages")) {
      return ": the Anthropic-compatible /v1/messages needs LM Studio 0.4.1 or newer.";
    }
    if (what.contains("/v1/responses")) {
      return ": /v1/responses needs LM Studio 0.3.29 or newer.";
    }
    return "; a newer LM Studio may.";
  }

  private static String join(String prefix, String detail) {
    return detail == null || detail.isBlank() ? prefix + "." : prefix + ": " + detail;
  }

  private static boolean mentionsModel(String detail) {
    return detail != null && detail.toLowerCase(java.util.Locale.ROOT).contains("model");
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return null;
    }
    String trimmed = body.strip();
    return trimmed.length() <= 300 ? trimmed : trimmed.substring(0, 300) + "...";
  }

  /**
   * Reads LM Studio's error from a body: {@code {"error": {...}}} or {@code {"error": "..."}}.
   *
   * @param body the body
   * @return the error, or null when the body holds none
   */
  public static StreamError parseError(String body) {
    return parseError(body, false);
  }

  /**
   * Reads LM Studio's error from a body whose only top-level key is {@code error}: the shape of its
   * answer, with status 200, to an endpoint it does not know.
   *
   * @param body the body
   * @return the error, or null when the body is anything else
   */
  public static StreamError errorOnly(String body) {
    return parseError(body, true);
  }

  private static StreamError parseError(String body, boolean only) {
    if (body == null || body.isBlank() || body.charAt(firstNonSpace(body)) != '{') {
      return null;
    }
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      StreamError found = null;
      int keys = 0;
      reader.beginObject();
      while (reader.hasNext()) {
        keys++;
        if (!reader.nextName().equals("error")) {
          if (only) {
            return null; // another key: not an error-only body, and the rest need not be read
          }
          reader.skipValue();
          continue;
        }
        JsonReader.Token token = reader.peek();
        if (token == JsonReader.Token.STRING) {
          found = new StreamError(null, reader.nextString(), null, null);
        } else if (token == JsonReader.Token.BEGIN_OBJECT) {
          found = readErrorObject(reader);
        } else {
          reader.skipValue();
        }
      }
      return only && keys != 1 ? null : found;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads an error object at the reader's position.
   *
   * @param reader a reader positioned at the object
   * @return the error
   * @throws IOException when the JSON is malformed
   */
  public static StreamError readErrorObject(JsonReader reader) throws IOException {
    String type = null;
    String message = null;
    String code = null;
    String param = null;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      if (reader.peek() == JsonReader.Token.NULL) {
        reader.skipValue();
        continue;
      }
      switch (name) {
        case "type":
          type = scalar(reader);
          break;
        case "message":
          message = scalar(reader);
          break;
        case "code":
          code = scalar(reader);
          break;
        case "param":
          param = scalar(reader);
          break;
        default:
          reader.skipValue();
      }
    }
    reader.endObject();
    return new StreamError(type, message, code, param);
  }

  private static String scalar(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.STRING || token == JsonReader.Token.NUMBER) {
      return reader.nextString();
    }
    if (token == JsonReader.Token.BOOLEAN) {
      return Boolean.toString(reader.nextBoolean());
    }
    reader.skipValue();
    return null;
  }

  private static int firstNonSpace(String s) {
    int i = 0;
    while (i < s.length() - 1 && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
