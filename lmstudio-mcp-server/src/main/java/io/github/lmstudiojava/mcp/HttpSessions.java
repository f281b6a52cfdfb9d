package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerSession.McpStreamableServerSessionStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The MCP sessions of the HTTP transport, at most {@code max} at once; one unused for longer than
 * its idle limit, with no call running, is closed by {@link #expireIdle}. The SDK's own transport
 * keeps every session until the client deletes it, which most clients never do.
 */
final class HttpSessions {
  /** The most event streams a session keeps for resuming; more forget the oldest ended ones. */
  static final int MAX_STREAMS = 256;

  /** The protocol version from which clients expect a priming event on each stream. */
  static final String PRIMING_SINCE = "2025-11-25";

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final int max;
  private final Duration idle;
  private final Executor closer;
  private volatile Consumer<String> onClosed = id -> {};

  /** A session, the user it belongs to, when it was last used, its running calls and GET stream. */
  static final class Entry {
    final McpStreamableServerSession session;

    /** The user who initialized the session; null when the server has no users. */
    final String user;

    /** The protocol version the session agreed on; null until its initialize is answered. */
    volatile String protocolVersion;

    private volatile long lastUsedNanos = System.nanoTime();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<McpStreamableServerSessionStream> listening =
        new AtomicReference<>();

    /** The streams kept, oldest first; guarded by this entry. */
    private final LinkedHashMap<Long, EventStream> streams = new LinkedHashMap<>();

    private final AtomicLong streamNumbers = new AtomicLong();
    private boolean closed;

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

    /**
     * A new event stream of this session, numbered after the ones before. Beyond {@link
     * #MAX_STREAMS} kept, the oldest that have ended are forgotten.
     */
    EventStream newStream(long retryMillis, Duration window, Consumer<String> onAbandoned) {
      String version = protocolVersion;
      boolean priming = version != null && version.compareTo(PRIMING_SINCE) >= 0;
      EventStream stream =
          new EventStream(
              streamNumbers.incrementAndGet(),
              priming,
              priming ? retryMillis : 0,
              window,
              onAbandoned);
      List<EventStream> forgotten = new ArrayList<>(1);
      boolean open;
      synchronized (this) {
        open = !closed;
        if (open) {
          streams.put(stream.number(), stream);
          Iterator<EventStream> oldest = streams.values().iterator();
          while (streams.size() > MAX_STREAMS && oldest.hasNext()) {
            EventStream old = oldest.next();
            if (!old.running()) {
              oldest.remove();
              forgotten.add(old);
            }
          }
        }
      }
      // Outside the entry's lock: a stream's lock may be held by a write to a slow client.
      forgotten.forEach(EventStream::discard);
      if (!open) {
        // The session closed while the request arrived: the stream ends before it starts.
        stream.discard();
      }
      return stream;
    }

    /** The stream with this number, if the session still keeps it. */
    synchronized EventStream stream(long number) {
      return streams.get(number);
    }

    /** Forgets the streams whose resume window has passed, abandoning those left running. */
    void expireStreams() {
      List<EventStream> kept;
      synchronized (this) {
        kept = new ArrayList<>(streams.values());
      }
      for (EventStream stream : kept) {
        if (stream.expire()) {
          synchronized (this) {
            streams.remove(stream.number(), stream);
          }
        }
      }
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

    /** Whether the session has been closed (deleted, expired, or at shutdown). */
    synchronized boolean closed() {
      return closed;
    }

    private void close() {
      List<EventStream> kept;
      synchronized (this) {
        closed = true;
        kept = new ArrayList<>(streams.values());
        streams.clear();
      }
      McpStreamableServerSessionStream stream = listening.getAndSet(null);
      if (stream != null) {
        stream.close();
      }
      kept.forEach(EventStream::discard);
      session
          .closeGracefully()
          .subscribe(null, e -> ServerLog.LOG.debug("closing session {}: {}", id(), e.toString()));
    }
  }

  /**
   * @param closer where expired sessions are closed: closing one ends its event streams, which may
   *     wait for a write to a client that does not read
   */
  HttpSessions(int max, Duration idle, Executor closer) {
    this.max = max;
    this.idle = idle;
    this.closer = closer;
  }

  int max() {
    return max;
  }

  /** What runs with a session's id when it is closed: deleted, expired, or at shutdown. */
  void onClosed(Consumer<String> action) {
    this.onClosed = action;
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
    onClosed.accept(id);
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
        closer.execute(
            () -> {
              entry.close();
              onClosed.accept(entry.id());
            });
      }
    }
  }

  /** Forgets the event streams of every session whose resume window has passed. */
  void expireStreams() {
    for (Entry entry : sessions.values()) {
      entry.expireStreams();
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
