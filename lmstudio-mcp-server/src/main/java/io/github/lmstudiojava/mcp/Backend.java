package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The LM Studio client and the session store, each opened when a request first needs it, so that
 * the server answers {@code initialize} and {@code tools/list} without touching either.
 */
final class Backend implements AutoCloseable {
  private final ServerConfig config;
  private LmStudio lms;
  private SessionStore store;
  private boolean closed;

  Backend(ServerConfig config) {
    this.config = config;
  }

  ServerConfig config() {
    return config;
  }

  /**
   * A client for one tool call: it shares the connection pool, and closing it cancels its calls.
   */
  LmStudio forCall() {
    return client().newBuilder().build();
  }

  synchronized LmStudio client() {
    checkOpen();
    if (lms == null) {
      Timeouts timeouts =
          Timeouts.defaults()
              .withConnect(config.connectTimeout())
              .withModelLoad(config.loadTimeout())
              .withIdle(config.idleTimeout())
              // The tool's own deadline bounds the whole call; the client's limit stays out of it.
              .withCall(Duration.ZERO);
      lms =
          LmStudio.builder()
              .baseUrl(config.lmStudioUrl())
              .apiToken(config.apiToken())
              .timeouts(timeouts)
              .build();
    }
    return lms;
  }

  synchronized SessionStore store() {
    checkOpen();
    if (store == null) {
      String uri = config.sessions();
      if (uri.startsWith("sqlite:")) {
        Path parent = Path.of(uri.substring("sqlite:".length())).toAbsolutePath().getParent();
        try {
          Files.createDirectories(parent);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot create the sessions folder " + parent + ": " + e.getMessage(), e);
        }
      }
      store = SessionStores.open(uri);
    }
    return store;
  }

  /** The LM Studio URL, for messages. */
  String url() {
    return config.lmStudioUrl();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (lms != null) {
      lms.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the server is shutting down");
    }
  }
}
