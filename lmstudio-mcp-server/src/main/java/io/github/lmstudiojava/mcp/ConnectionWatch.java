package io.github.lmstudiojava.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Closes the HTTP connections that are not in a request for longer than the read timeout: one whose
 * request headers dribble in (Jetty's idle timeout restarts with every byte, so a byte every few
 * seconds would keep it forever) and one left idle between requests. A connection in a request is
 * left alone: the body's own deadline and the event streams' keep-alive writes watch it.
 */
final class ConnectionWatch extends Handler.Wrapper implements Connection.Listener {
  private final long limitNanos;
  private final Map<Connection, State> connections = new ConcurrentHashMap<>();

  /** Whether a connection is in a request, and since when it has not been. */
  private static final class State {
    final AtomicInteger requests = new AtomicInteger();
    volatile long outsideSinceNanos = System.nanoTime();

    void ended() {
      outsideSinceNanos = System.nanoTime();
      requests.decrementAndGet();
    }
  }

  ConnectionWatch(Duration readTimeout) {
    this.limitNanos = readTimeout.toNanos();
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new State());
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    State state = connections.get(request.getConnectionMetaData().getConnection());
    if (state == null) {
      return super.handle(request, response, callback);
    }
    state.requests.incrementAndGet();
    boolean handled = false;
    try {
      handled = super.handle(request, response, Callback.from(callback, state::ended));
      return handled;
    } finally {
      if (!handled) {
        state.ended();
      }
    }
  }

  /** Closes the connections outside a request for longer than the limit. */
  void sweep() {
    long now = System.nanoTime();
    connections.forEach(
        (connection, state) -> {
          if (state.requests.get() == 0 && now - state.outsideSinceNanos > limitNanos) {
            connections.remove(connection);
            ServerLog.LOG.debug(
                "closing {}: no complete request within the read timeout",
                connection.getEndPoint().getRemoteSocketAddress());
            connection.close();
          }
        });
  }
}
