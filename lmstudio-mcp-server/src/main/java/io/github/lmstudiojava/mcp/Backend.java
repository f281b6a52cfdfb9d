package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.sessions.PeerHistory;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The LM Studio client and the session store, each opened when a request first needs it, so that
 * the server answers {@code initialize} and {@code tools/list} without touching either; and the
 * folders image files may be read from.
 */
final class Backend implements AutoCloseable {
  private final ServerConfig config;
  private final ImageRoots imageRoots;
  private LmStudio lms;
  private SessionStore store;
  private boolean closed;

  Backend(ServerConfig config) {
    this.config = config;
    this.imageRoots = new ImageRoots(config);
  }

  ServerConfig config() {
    return config;
  }

  ImageRoots imageRoots() {
    return imageRoots;
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
      LmStudio.Builder builder =
          LmStudio.builder().baseUrls(config.lmStudioUrls()).timeouts(timeouts);
      String token = config.apiToken();
      if (token != null && config.severalHosts() && token.indexOf(',') >= 0) {
        String[] tokens = token.split(",", -1); // one per URL, checked by ServerConfig
        for (int i = 0; i < tokens.length; i++) {
          builder.apiToken(
              config.lmStudioUrls().get(i), tokens[i].isBlank() ? null : tokens[i].strip());
        }
      } else {
        builder.apiToken(token);
      }
      lms = builder.build();
    }
    return lms;
  }

  synchronized SessionStore store() {
    checkOpen();
    if (store == null) {
      store = openStore();
    }
    return store;
  }

  /**
   * The session store a request sees: the whole store on a server without users, else the part of
   * the user whose MCP session the request came in, so that no user reaches another's sessions.
   *
   * @param exchange the request's exchange, whose transport context names the user, if any
   */
  SessionStore storeFor(McpSyncServerExchange exchange) {
    Object user = exchange.transportContext().get(ToolRunner.USER);
    return storeFor(user instanceof String name ? name : null);
  }

  /** The whole store, or the part of {@code user} when not null. */
  SessionStore storeFor(String user) {
    return user == null ? store() : SessionStores.namespaced(store(), user);
  }

  /**
   * Opens the configured store. A SQLite path naming {@code mcp-llm-studio}'s own database (its
   * {@code MCP_SESSIONS_DB}) gets a store next to it instead, and the default store starts with the
   * conversations of {@code mcp-llm-studio}'s default database: either way its history is copied
   * over once, into a new file, and its file is never written.
   */
  private SessionStore openStore() {
    String uri = config.sessions();
    if (!uri.startsWith("sqlite:")) {
      return SessionStores.open(uri);
    }
    Path file = Path.of(uri.substring("sqlite:".length())).toAbsolutePath();
    Path peer = null;
    if (PeerHistory.isPeerDatabase(file)) {
      peer = file;
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      file = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".lmstudio-java.db");
    } else if (uri.equals(ServerConfig.defaultSessions())
        && !Files.exists(file)
        && PeerHistory.isPeerDatabase(ServerConfig.peerDefaultSessions())) {
      peer = ServerConfig.peerDefaultSessions();
    }
    boolean fresh = !Files.exists(file);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the sessions folder " + file.getParent() + ": " + e.getMessage(), e);
    }
    SessionStore opened = SessionStores.open("sqlite:" + file);
    if (peer != null && fresh) {
      try {
        int copied = PeerHistory.copy(peer, opened);
        ServerLog.LOG.info(
            "copied {} chat sessions of mcp-llm-studio from {} into {}; {} is left as it was",
            copied,
            peer,
            file,
            peer);
      } catch (RuntimeException e) {
        ServerLog.LOG.warn("could not copy the chat history of {}: {}", peer, e.toString());
      }
    }
    return opened;
  }

  /** The LM Studio URL, for messages. */
  String url() {
    return config.shownLmStudioUrl();
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
