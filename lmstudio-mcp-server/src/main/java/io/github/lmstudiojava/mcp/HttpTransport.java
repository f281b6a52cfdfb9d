package io.github.lmstudiojava.mcp;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * MCP over Streamable HTTP at {@code /mcp}: an embedded Jetty, {@link HttpGuard} in front of {@link
 * McpServlet}, and the limits of {@link ServerConfig.HttpLimits}: connections served at once, the
 * time to send a request, MCP sessions. The server sends no version in its headers.
 */
final class HttpTransport implements AutoCloseable {
  static final String ENDPOINT = McpServlet.ENDPOINT;

  /**
   * How long a write may wait for a client that does not read, and the longest silence on a
   * connection in a request; event streams write more often than this while they are open.
   */
  static final Duration IO_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private static final long TICK_MILLIS = 250;

  private final McpServlet servlet;
  private final Server jetty;
  private final ServerConnector connector;
  private final ConnectionWatch watch;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lmstudio-mcp-http-timers");
            t.setDaemon(true);
            return t;
          });

  HttpTransport(ServerConfig config, CallRegistry registry) {
    ServerConfig.HttpLimits limits = config.http();
    this.jetty = new Server();
    this.servlet =
        new McpServlet(limits, config.sessionRoute(), registry, timers, jetty.getThreadPool());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    Duration readTimeout = limits.readTimeout();
    // Longer than the read timeout, so that a slow body gets its 408 from the read deadline.
    Duration longerThanReads = readTimeout.plusSeconds(5);
    connector.setIdleTimeout(
        (longerThanReads.compareTo(IO_IDLE_TIMEOUT) > 0 ? longerThanReads : IO_IDLE_TIMEOUT)
            .toMillis());
    this.watch = new ConnectionWatch(readTimeout);
    connector.addBean(watch);
    jetty.addConnector(connector);
    NetworkConnectionLimit connections =
        new NetworkConnectionLimit(limits.maxConnections(), connector);
    // At the limit, connections waiting for a request are given up sooner.
    connections.setEndPointIdleTimeout(readTimeout.toMillis());
    jetty.addBean(connections);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, ENDPOINT);
    FilterHolder guard = new FilterHolder(new HttpGuard(config));
    guard.setAsyncSupported(true);
    context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
    watch.setHandler(context);
    jetty.setHandler(watch);
    jetty.setErrorHandler(new JsonErrors());
    jetty.setStopTimeout(2000);
  }

  McpServlet provider() {
    return servlet;
  }

  void start() throws Exception {
    jetty.start();
    timers.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      servlet.tick();
      watch.sweep();
    } catch (RuntimeException e) {
      // A missed tick is made up by the next one; the timer must not stop.
      ServerLog.LOG.debug("HTTP housekeeping: {}", e.toString());
    }
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
    servlet.closeGracefully().block(Duration.ofSeconds(5));
    jetty.stop();
    timers.shutdownNow();
  }
}
