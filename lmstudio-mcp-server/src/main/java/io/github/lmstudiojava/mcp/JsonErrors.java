package io.github.lmstudiojava.mcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers by itself (a request it cannot parse, headers too large, a failure
 * outside the servlet), as one-sentence JSON-RPC errors instead of Jetty's pages: no stack trace,
 * no server name or version.
 */
final class JsonErrors extends ErrorHandler {
  JsonErrors() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    byte[] body = body(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return ByteBuffer.allocate(0);
    }
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  /** Jetty's reason for a client's error, when it is one short line; never for a server error. */
  private static byte[] body(int code, String reason) {
    String sentence = "HTTP " + code + " " + HttpStatus.getMessage(code);
    if (code < 500
        && reason != null
        && !reason.equalsIgnoreCase(HttpStatus.getMessage(code))
        && reason.length() < 120
        && !reason.contains("\n")
        && !reason.contains("Exception")) {
      sentence += ": " + reason;
    }
    return JsonRpc.error(null, McpServlet.SERVER_ERROR, sentence + ".")
        .getBytes(StandardCharsets.UTF_8);
  }
}
