package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** MCP over Streamable HTTP at {@code /mcp}, on an embedded Jetty behind {@link HttpGuard}. */
final class HttpTransport implements AutoCloseable {
  static final String ENDPOINT = "/mcp";

  private final HttpServletStreamableServerTransportProvider provider;
  private final Server jetty;
  private final ServerConnector connector;

  HttpTransport(ServerConfig config, CallRegistry registry) {
    this.provider =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(Json.MAPPER)
            .mcpEndpoint(ENDPOINT)
            .contextExtractor(
                request -> {
                  Object id = request.getAttribute(HttpGuard.REQUEST_ID_ATTRIBUTE);
                  return id == null
                      ? McpTransportContext.EMPTY
                      : McpTransportContext.create(Map.of(ToolRunner.REQUEST_ID, id));
                })
            .build();
    this.jetty = new Server();
    this.connector = new ServerConnector(jetty);
    connector.setHost(config.host());
    connector.setPort(config.port());
    // A tool call's answer stream may stay quiet while a model loads (clients without a progress
    // token get no heartbeats): the connection must outlive the longest deadline, not Jetty's 30 s.
    Duration longest = longestDeadline(config);
    connector.setIdleTimeout(longest.isZero() ? 0 : longest.plusMinutes(1).toMillis());
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(provider);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, ENDPOINT);
    FilterHolder guard = new FilterHolder(new HttpGuard(config, registry));
    guard.setAsyncSupported(true);
    context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.setStopTimeout(2000);
  }

  /** The longest deadline a tool call can have; zero when one of them is unlimited. */
  private static Duration longestDeadline(ServerConfig config) {
    Duration[] deadlines = {
      config.inferenceTimeout(),
      config.loadTimeout(),
      config.requestTimeout(),
      config.downloadWait().plus(config.requestTimeout())
    };
    Duration longest = Duration.ZERO;
    for (Duration d : deadlines) {
      if (d.isZero()) {
        return Duration.ZERO;
      }
      longest = d.compareTo(longest) > 0 ? d : longest;
    }
    return longest;
  }

  HttpServletStreamableServerTransportProvider provider() {
    return provider;
  }

  void start() throws Exception {
    jetty.start();
  }

  /** The port bound, useful when 0 asked for any free one. */
  int port() {
    return connector.getLocalPort();
  }

  void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws Exception {
    provider.closeGracefully().block(Duration.ofSeconds(5));
    jetty.stop();
  }
}
