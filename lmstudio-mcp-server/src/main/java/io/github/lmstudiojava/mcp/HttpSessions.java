package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerSession.McpStreamableServerSessionStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * The MCP sessions of the HTTP transport, at most {@code max} at once; one unused for longer than
 * its idle limit, with no call running, is closed by {@link #expireIdle}. The SDK's own transport
 * keeps every session until the client deletes it, which most clients never do.
 */
final class HttpSessions {
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final int max;
  private final Duration idle;

  /** A session, the user it belongs to, when it was last used, its running calls and GET stream. */
  static final class Entry {
    final McpStreamableServerSession session;

    /** The user who initialized the session; null when the server has no users. */
    final String user;

    private volatile long lastUsedNanos = System.nanoTime();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<McpStreamableServerSessionStream> listening =
        new AtomicReference<>();

    private Entry(McpStreamableServerSession session, String user) {
      this.session = session;
      this.user = user;
    }

    /** Whether a request of this user may use the session. */
    boolean belongsTo(String requester) {
      return java.util.Objects.equals(user, requester);
    }

    String id() {
      return session.getId();
    }

    void callStarted() {
      running.incrementAndGet();
      lastUsedNanos = System.nanoTime();
    }

    void callEnded() {
      lastUsedNanos = System.nanoTime();
      running.decrementAndGet();
    }

    /** Makes this the session's GET stream; the one before, if any, ends. */
    void listenOn(McpStreamableServerSessionStream stream) {
      McpStreamableServerSessionStream before = listening.getAndSet(stream);
      if (before != null) {
        before.close();
      }
    }

    /** Ends this GET stream, if it is still the session's. */
    void stopListening(McpStreamableServerSessionStream stream) {
      if (listening.compareAndSet(stream, null)) {
        stream.close();
      }
    }

    private void close() {
      McpStreamableServerSessionStream stream = listening.getAndSet(null);
      if (stream != null) {
        stream.close();
      }
      session
          .closeGracefully()
          .subscribe(null, e -> ServerLog.LOG.debug("closing session {}: {}", id(), e.toString()));
    }
  }

  HttpSessions(int max, Duration idle) {
    this.max = max;
    this.idle = idle;
  }

  int max() {
    return max;
  }

  Duration idle() {
    return idle;
  }

  /** Whether {@code max} sessions are open, even after the unused ones expire. */
  boolean full() {
    if (sessions.size() >= max) {
      expireIdle();
    }
    return sessions.size() >= max;
  }

  /** The session with this id, or null; it is not marked used. */
  Entry find(String id) {
    return id == null ? null : sessions.get(id);
  }

  /**
   * Adds a new session of this user (null when the server has no users); returns null when {@code
   * max} are open already, even after expiry.
   */
  synchronized Entry add(McpStreamableServerSession session, String user) {
    if (sessions.size() >= max) {
      expireIdle();
    }
    if (sessions.size() >= max) {
      return null;
    }
    Entry entry = new Entry(session, user);
    sessions.put(session.getId(), entry);
    return entry;
  }

  /**
   * The session with this id, now marked used; null when there is none, or when it belongs to
   * another user: to that request, another user's session does not exist.
   */
  Entry use(String id, String user) {
    Entry entry = id == null ? null : sessions.get(id);
    if (entry != null && !entry.belongsTo(user)) {
      ServerLog.LOG.warn(
          "user {} named MCP session {} of another user; answered as an unknown session", user, id);
      return null;
    }
    if (entry != null) {
      entry.lastUsedNanos = System.nanoTime();
    }
    return entry;
  }

  /** Removes and closes the session with this id; false when there is none. */
  boolean delete(String id) {
    Entry entry = sessions.remove(id);
    if (entry == null) {
      return false;
    }
    entry.close();
    return true;
  }

  /** Closes the sessions unused for longer than the idle limit that have no call running. */
  void expireIdle() {
    if (idle.isZero()) {
      return;
    }
    long now = System.nanoTime();
    for (Entry entry : sessions.values()) {
      if (entry.running.get() == 0
          && now - entry.lastUsedNanos > idle.toNanos()
          && sessions.remove(entry.id(), entry)) {
        ServerLog.LOG.info(
            "MCP session {} expired after {} unused (--mcp-session-idle)",
            entry.id(),
            Durations.show(idle));
        entry.close();
      }
    }
  }

  /** Sends a notification to every session, on its GET stream when it has one. */
  void notifyAll(String method, Object params) {
    for (Entry entry : sessions.values()) {
      entry
          .session
          .sendNotification(method, params)
          .subscribe(null, e -> ServerLog.LOG.debug("notification not sent: {}", e.toString()));
    }
  }

  /** Sends a notification to one session, if it is still open. */
  Mono<Void> notifyOne(String id, String method, Object params) {
    Entry entry = find(id);
    return entry == null ? Mono.empty() : entry.session.sendNotification(method, params);
  }

  /** Closes every session. */
  void closeAll() {
    List<String> ids = new ArrayList<>(sessions.keySet());
    ids.forEach(this::delete);
  }
}
