package io.github.lmstudiojava.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Guards the Streamable HTTP endpoint: a Host header naming this server (against DNS rebinding), an
 * Origin that is loopback or allowed (403 otherwise), the bearer token when one is set (401
 * otherwise), and a body size limit (413). It also reads each POSTed message first: a {@code
 * notifications/cancelled} stops the named tool call and is answered here (the SDK ignores it), and
 * a request's id is handed to the SDK's transport context so that its tool call can be found.
 */
final class HttpGuard implements Filter {
  static final String REQUEST_ID_ATTRIBUTE = "io.github.lmstudiojava.mcp.request-id";
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final String authToken;
  private final List<String> allowedOrigins;
  private final boolean loopbackOnly;
  private final CallRegistry registry;

  HttpGuard(ServerConfig config, CallRegistry registry) {
    this.authToken = config.authToken();
    this.allowedOrigins =
        config.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    this.loopbackOnly = ServerConfig.isLoopback(config.host());
    this.registry = registry;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (loopbackOnly && !loopbackHost(request.getHeader("Host"))) {
      refuse(response, 403, "forbidden", "Host header does not name this server");
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !allowedOrigin(origin)) {
      refuse(response, 403, "forbidden", "Origin " + origin + " is not allowed");
      return;
    }
    if (origin != null) {
      // A browser page from an allowed origin may read the answers and the session id.
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Vary", "Origin");
      response.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id");
      if ("OPTIONS".equals(request.getMethod())) {
        // The preflight carries no token; the request it announces must.
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
        response.setHeader(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version,"
                + " Last-Event-ID");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
        return;
      }
    }
    if (authToken != null && !authorized(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"lmstudio-mcp\"");
      refuse(response, 401, "unauthorized", "a valid bearer token is required");
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      refuse(response, 413, "too_large", "the message is larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    JsonRpc.Checked checked = JsonRpc.check(new String(body, StandardCharsets.UTF_8));
    if (checked.valid() && JsonRpc.CANCELLED.equals(checked.method())) {
      String session = request.getHeader("Mcp-Session-Id");
      boolean found = registry.cancel(session, checked.cancelledRequestId());
      ServerLog.LOG.info(
          "client cancelled request {}{}",
          ServerLog.oneLine(checked.cancelledRequestId()),
          found ? "" : " (not started yet, or done)");
      response.setStatus(202);
      return;
    }
    if (checked.valid() && checked.isRequest()) {
      request.setAttribute(REQUEST_ID_ATTRIBUTE, checked.id());
    }
    chain.doFilter(new CachedBody(request, body), response);
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, authToken.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      name = end < 0 ? name : name.substring(1, end);
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("::1");
  }

  private boolean allowedOrigin(String origin) {
    String o = origin.toLowerCase(Locale.ROOT);
    if (allowedOrigins.contains(o)) {
      return true;
    }
    try {
      URI uri = new URI(o);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && loopbackHost(uri.getHost());
    } catch (Exception e) {
      return false;
    }
  }

  private static void refuse(HttpServletResponse response, int status, String code, String why)
      throws IOException {
    ServerLog.LOG.warn("HTTP {}: {}", status, ServerLog.oneLine(why));
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(Json.write(Json.obj().put("error", code).put("error_description", why).map()));
  }

  /** The request with its body read already, for the servlet behind this filter. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
