package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * An MCP client as the server sees it, without a transport: it answers {@code roots/list} with the
 * pages it was given and records every request and notification the server sends.
 */
final class ClientSession implements McpLoggableSession {
  final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> rootPages = new ArrayList<>();

  /** Adds a page of roots to the {@code roots/list} answers, each a URI. */
  ClientSession rootsPage(String nextCursor, String... uris) {
    List<Map<String, Object>> roots = new ArrayList<>();
    for (String uri : uris) {
      roots.add(Map.of("uri", uri));
    }
    rootPages.add(
        nextCursor == null
            ? Map.of("roots", roots)
            : Map.of("roots", roots, "nextCursor", nextCursor));
    return this;
  }

  /** An exchange of this session; the client declares roots when {@code roots} is true. */
  McpSyncServerExchange exchange(boolean roots) {
    McpSchema.ClientCapabilities capabilities =
        roots
            ? McpSchema.ClientCapabilities.builder().roots(true).build()
            : McpSchema.ClientCapabilities.builder().build();
    return exchange(capabilities, McpTransportContext.EMPTY);
  }

  /** An exchange of this session as the HTTP transport makes it for a signed-in user. */
  McpSyncServerExchange exchangeOf(String user) {
    return exchange(
        McpSchema.ClientCapabilities.builder().build(),
        McpTransportContext.create(Map.of(ToolRunner.USER, user)));
  }

  private McpSyncServerExchange exchange(
      McpSchema.ClientCapabilities capabilities, McpTransportContext context) {
    return new McpSyncServerExchange(
        new McpAsyncServerExchange(
            "session-1", this, capabilities, new McpSchema.Implementation("test", "1"), context));
  }

  @Override
  public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
    sent.add(method + " " + Json.write(params));
    if (!method.equals("roots/list")) {
      return Mono.error(new IllegalStateException("unexpected request " + method));
    }
    int page = (int) sent.stream().filter(s -> s.startsWith("roots/list")).count() - 1;
    if (page >= rootPages.size()) {
      return Mono.error(new IllegalStateException("the client does not answer"));
    }
    return Mono.just(Json.MAPPER.convertValue(rootPages.get(page), type));
  }

  @Override
  public Mono<Void> sendNotification(String method, Object params) {
    sent.add(method);
    return Mono.empty();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }

  @Override
  public void close() {}

  @Override
  public void setMinLoggingLevel(McpSchema.LoggingLevel level) {}

  @Override
  public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
    return true;
  }
}
