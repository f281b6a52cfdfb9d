package io.github.lmstudiojava.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Keeps requests off kept-alive connections that the server has already closed, without ever
 * sending a request twice.
 *
 * <p>LM Studio's server runs on Node, whose HTTP server closes a kept-alive connection 5 s after
 * its last response ({@code keepAliveTimeout}). OkHttp would reuse such a pooled connection for the
 * next request; the write goes into the dead socket and the read then fails with an end of stream
 * or a reset. OkHttp resends a request in that case, unless its body is one-shot, and ours are (see
 * {@link Transport#jsonBody}): after a failure on a live connection nobody can tell whether the
 * server had already started the generation, the load or the download, and running one twice is
 * worse than an error. So the dead connection has to be found <em>before</em> anything is written:
 *
 * <ol>
 *   <li>The pool this client owns forgets connections after {@link #POOL_KEEP_ALIVE} idle, below
 *       Node's 5 s, so with LM Studio's defaults a reused connection is always one the server still
 *       keeps. (The server's clock starts when it has written the response, ours when we have read
 *       it, so ours never runs ahead.)
 *   <li>A connection that sat idle for {@link #CHECK_AFTER_IDLE} or more (a caller's own pool, or a
 *       server or proxy with a shorter keep-alive) is checked just before the request is written: a
 *       one-millisecond read that finds the server's end of stream (or a reset) means the server
 *       closed it while idle. The connection is then closed, nothing was written, and the request
 *       is sent again on a fresh connection. That resend is the only one this client ever makes of
 *       a POST; the server provably never saw the first attempt.
 *   <li>A connection that fails after the check passed, or a connection that was not idle, is a
 *       real failure: the request may have reached the server, so it is reported, not resent.
 * </ol>
 *
 * <p>The check costs at most a millisecond, and only after an idle pause; back-to-back requests
 * never pay it. It reads only HTTP/1 connections, where an idle connection has nothing to read.
 */
public final class IdleConnections {
  /** How long the client's own pool keeps an idle connection: below Node's 5 s keep-alive. */
  public static final Duration POOL_KEEP_ALIVE = Duration.ofSeconds(4);

  /** How long a connection must have been idle before it is checked for a close by the server. */
  static final Duration CHECK_AFTER_IDLE = Duration.ofMillis(500);

  /** The most resends of one request onto a fresh connection, each after a provable close. */
  private static final int MAX_RESENDS = 3;

  /**
   * When each connection last finished an exchange (by the time its response headers arrived, which
   * overstates its idle time, so errs towards checking). Shared by every client: a pool may be
   * shared too. Weak keys: the pool decides how long a connection lives.
   */
  private static final Map<Connection, Long> LAST_USED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private IdleConnections() {}

  /**
   * How many idle connections the client's own pool keeps. OkHttp's default, 5, is too few for a
   * client that runs many streams at once (its dispatcher allows 256 per host): with 32 in flight,
   * 27 connections were closed after every answer and opened again for the next request, and the
   * callers queued on the pool's locks while it was churning.
   */
  static final int POOL_MAX_IDLE = 64;

  /**
   * A connection pool for a client that owns its pool: up to {@link #POOL_MAX_IDLE} idle
   * connections, each forgotten after {@link #POOL_KEEP_ALIVE} idle.
   *
   * @return a new pool
   */
  public static ConnectionPool newPool() {
    return new ConnectionPool(POOL_MAX_IDLE, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Adds the check and the resend to an HTTP client builder, once (a builder derived from a client
   * that has them already is left as it is).
   *
   * @param builder the builder
   * @param pool the pool the built client will use, whose idle connections are dropped when one of
   *     them is found closed
   * @return the builder
   */
  public static OkHttpClient.Builder install(OkHttpClient.Builder builder, ConnectionPool pool) {
    return resends(builder.interceptors())
        ? builder
        : builder.addInterceptor(new Resend(pool)).addNetworkInterceptor(new Check());
  }

  /** Whether {@link #install} has been applied to a client's builder. */
  public static boolean installed(OkHttpClient client) {
    return resends(client.interceptors());
  }

  private static boolean resends(List<Interceptor> interceptors) {
    for (Interceptor interceptor : interceptors) {
      if (interceptor instanceof Resend) {
        return true;
      }
    }
    return false;
  }

  /** A pooled connection found closed by the server before anything was written on it. */
  static final class ClosedWhileIdle extends IOException {
    ClosedWhileIdle(long idleNanos) {
      super(
          "the server had closed this kept-alive connection after "
              + TimeUnit.NANOSECONDS.toMillis(idleNanos)
              + " ms idle; nothing was sent on it");
    }
  }

  /** Sends a request again, on a fresh connection, after its connection was found closed. */
  private static final class Resend implements Interceptor {
    private final ConnectionPool pool;

    Resend(ConnectionPool pool) {
      this.pool = pool;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      for (int resends = 0; ; resends++) {
        try {
          return chain.proceed(chain.request());
        } catch (ClosedWhileIdle e) {
          if (resends == MAX_RESENDS) {
            throw e;
          }
          // The other idle connections are at least as old: drop them too, so the next attempt
          // connects afresh. Connections in use are left alone.
          pool.evictAll();
        }
      }
    }
  }

  /** Checks a connection that sat idle just before the request is written on it. */
  private static final class Check implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Connection connection = chain.connection();
      if (connection != null) {
        Long lastUsed = LAST_USED.get(connection);
        if (lastUsed != null) {
          long idle = System.nanoTime() - lastUsed;
          if (idle >= CHECK_AFTER_IDLE.toNanos() && closedByPeer(connection)) {
            LAST_USED.remove(connection);
            throw new ClosedWhileIdle(idle);
          }
        }
      }
      try {
        return chain.proceed(chain.request());
      } finally {
        if (connection != null) {
          LAST_USED.put(connection, System.nanoTime());
        }
      }
    }

    /**
     * Whether the server closed an idle HTTP/1 connection: a read that returns at once finds its
     * end of stream, a reset, or bytes nobody asked for (a broken connection either way); a read
     * that times out finds the connection open. A closed connection is closed here too, so the pool
     * drops it.
     */
    private static boolean closedByPeer(Connection connection) {
      Protocol protocol = connection.protocol();
      if (protocol != Protocol.HTTP_1_1 && protocol != Protocol.HTTP_1_0) {
        return false;
      }
      Socket socket = connection.socket();
      boolean closed;
      try {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
          InputStream in = socket.getInputStream();
          in.read();
          closed = true;
        } catch (SocketTimeoutException open) {
          closed = false;
        } finally {
          socket.setSoTimeout(timeout);
        }
      } catch (IOException e) {
        closed = true;
      }
      if (closed) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a connection the server already closed: nothing more to release.
        }
      }
      return closed;
    }
  }
}
