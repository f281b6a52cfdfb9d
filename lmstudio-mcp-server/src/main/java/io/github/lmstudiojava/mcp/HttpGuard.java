package io.github.lmstudiojava.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the Streamable HTTP endpoint before any message is read: a Host header naming this server
 * (against DNS rebinding), no browser Origin but the ones allowed and the server's own (403), the
 * bearer token when one is set, or one of the users' tokens when there are users (401), the
 * endpoint's path (404), its methods (405), a JSON body (415) of at most {@link
 * BodyReader#MAX_BODY_BYTES} (413). A refused request's connection is closed, so that a client
 * without the token costs one short answer; the warnings are logged at most once per {@link
 * #WARNING_INTERVAL} for each status, with a count of the ones left out.
 */
final class HttpGuard implements Filter {
  /** The shortest time between two logged warnings of one status. */
  static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

  /**
   * The request attribute naming the user a request was authenticated as, when the server has users
   * ({@code --auth-tokens-file}); absent otherwise.
   */
  static final String USER = "io.github.lmstudiojava.mcp.user";

  private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE", "OPTIONS");

  private final String authToken;
  private final UserTokens users;
  private final List<String> allowedOrigins;
  private final boolean loopbackOnly;
  private final Map<Integer, LogLimiter> warnings = new ConcurrentHashMap<>();

  HttpGuard(ServerConfig config) {
    this.authToken = config.authToken();
    this.users = config.users();
    this.allowedOrigins =
        config.allowedOrigins().stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    this.loopbackOnly = ServerConfig.isLoopback(config.host());
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
    if (origin != null
        && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))
        && !namesThisServer(origin, request.getHeader("Host"))) {
      refuse(response, 403, "forbidden", "Origin " + origin + " is not allowed");
      return;
    }
    String method = request.getMethod();
    if (!METHODS.contains(method)) {
      response.setHeader("Allow", McpServlet.ALLOW);
      refuseJsonRpc(response, 405, "Method not allowed: use " + McpServlet.ALLOW);
      return;
    }
    if (origin != null) {
      // A browser page from an allowed origin may read the answers and the session id.
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Vary", "Origin");
      response.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id");
      if ("OPTIONS".equals(method)) {
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
    if (users != null) {
      String token = bearer(request.getHeader("Authorization"));
      String user = token == null ? null : users.userOf(token);
      if (user == null) {
        unauthorized(response);
        return;
      }
      request.setAttribute(USER, user);
    } else if (authToken != null && !authorized(request.getHeader("Authorization"))) {
      unauthorized(response);
      return;
    }
    if (!McpServlet.ENDPOINT.equals(request.getRequestURI())) {
      refuseJsonRpc(response, 404, "Not found: the MCP endpoint is " + McpServlet.ENDPOINT);
      return;
    }
    if ("POST".equals(method)) {
      String type = request.getContentType();
      if (type == null
          || !type.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
        refuseJsonRpc(
            response, 415, "Unsupported media type: a POST must be Content-Type: application/json");
        return;
      }
      if (request.getContentLengthLong() > BodyReader.MAX_BODY_BYTES) {
        refuseJsonRpc(
            response,
            413,
            "Payload too large: the message is larger than "
                + BodyReader.MAX_BODY_BYTES
                + " bytes");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private boolean authorized(String header) {
    String token = bearer(header);
    return token != null
        && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), authToken.getBytes(StandardCharsets.UTF_8));
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }

  private void unauthorized(HttpServletResponse response) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"lmstudio-mcp\"");
    refuse(response, 401, "unauthorized", "a valid bearer token is required");
  }

  /**
   * Whether an Origin is this server's own: {@code http://} and exactly the loopback name and port
   * the request was sent to (its Host). The server serves no pages, so no page can have that origin
   * but one it served; a page of another site reached through DNS rebinding carries that site's
   * name, and a page of another local server another port or address.
   */
  static boolean namesThisServer(String origin, String host) {
    return host != null
        && host.indexOf(':') > 0
        && loopbackHost(host)
        && origin.equalsIgnoreCase("http://" + host);
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

  /** Refuses in the shape OAuth clients read: {@code error} and {@code error_description}. */
  private void refuse(HttpServletResponse response, int status, String code, String why)
      throws IOException {
    warn(status, why);
    response.setHeader("Connection", "close");
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(Json.write(Json.obj().put("error", code).put("error_description", why).map()));
  }

  /** Refuses with a JSON-RPC error, as the transport answers every other fault. */
  private void refuseJsonRpc(HttpServletResponse response, int status, String why)
      throws IOException {
    warn(status, why);
    response.setHeader("Connection", "close");
    HttpExchange.error(response, status, null, McpServlet.SERVER_ERROR, why + ".");
  }

  private void warn(int status, String why) {
    String line =
        warnings
            .computeIfAbsent(status, s -> new LogLimiter(WARNING_INTERVAL))
            .admit("HTTP " + status + ": " + why);
    if (line != null) {
      ServerLog.LOG.warn(ServerLog.oneLine(line));
    }
  }
}
