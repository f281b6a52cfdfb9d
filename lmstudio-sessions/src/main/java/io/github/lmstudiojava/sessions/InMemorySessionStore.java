package io.github.lmstudiojava.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A session store in memory: fast, thread-safe, and gone when the process ends. For tests, and for
 * conversations that need not survive a restart. Obtain one with {@link SessionStores#inMemory()}.
 */
final class InMemorySessionStore implements SessionStore {
  private final Clock clock;
  private final Map<String, Entry> sessions = new LinkedHashMap<>();
  private boolean closed;

  InMemorySessionStore(Clock clock) {
    this.clock = clock;
  }

  private static final class Entry {
    Session session;
    final List<Turn> turns = new ArrayList<>();

    Entry(Session session) {
      this.session = session;
    }
  }

  @Override
  public synchronized Session create(NewSession spec) {
    Objects.requireNonNull(spec, "spec == null");
    checkOpen();
    String id =
        spec.id() != null ? spec.id() : "ses_" + UUID.randomUUID().toString().replace("-", "");
    if (sessions.containsKey(id)) {
      throw new IllegalArgumentException("a session \"" + id + "\" already exists");
    }
    Instant now = clock.instant();
    Session session =
        new Session(id, spec.title(), spec.model(), spec.systemPrompt(), null, now, now);
    sessions.put(id, new Entry(session));
    return session;
  }

  @Override
  public synchronized Optional<Session> find(String sessionId) {
    SessionIds.require(sessionId);
    checkOpen();
    Entry entry = sessions.get(sessionId);
    return entry == null ? Optional.empty() : Optional.of(entry.session);
  }

  @Override
  public synchronized Session update(Session session) {
    Objects.requireNonNull(session, "session == null");
    Entry entry = entry(session.id());
    entry.session = entry.session.written(session, clock.instant());
    return entry.session;
  }

  @Override
  public synchronized Recorded record(Session session, List<Turn> turns) {
    Objects.requireNonNull(session, "session == null");
    Entry entry = entry(session.id());
    if (entry.session.version() != session.version()) {
      throw new SessionConflictException(
          toString(), session.id(), session.version(), entry.session.version());
    }
    Instant now = clock.instant();
    List<Turn> stored = appendTurns(entry, turns, now);
    entry.session = entry.session.written(session, now);
    return new Recorded(entry.session, stored);
  }

  @Override
  public synchronized Session reset(String sessionId) {
    SessionIds.require(sessionId);
    Entry entry = entry(sessionId);
    entry.turns.clear();
    entry.session = entry.session.withLastResponseId(null).written(clock.instant());
    return entry.session;
  }

  @Override
  public synchronized List<Turn> append(String sessionId, List<Turn> turns) {
    SessionIds.require(sessionId);
    Entry entry = entry(sessionId);
    Instant now = clock.instant();
    List<Turn> stored = appendTurns(entry, turns, now);
    entry.session = entry.session.written(now);
    return stored;
  }

  private static List<Turn> appendTurns(Entry entry, List<Turn> turns, Instant now) {
    Objects.requireNonNull(turns, "turns == null");
    List<Turn> stored = new ArrayList<>(turns.size());
    long index = entry.turns.size();
    for (Turn turn : turns) {
      Objects.requireNonNull(turn, "turn == null");
      stored.add(turn.stored(index++, turn.createdAt() != null ? turn.createdAt() : now));
    }
    entry.turns.addAll(stored);
    return List.copyOf(stored);
  }

  @Override
  public synchronized List<Turn> history(String sessionId, long offset, int limit) {
    SessionIds.require(sessionId);
    checkRange(offset, limit);
    List<Turn> turns = entry(sessionId).turns;
    int from = (int) Math.min(offset, turns.size());
    int to = (int) Math.min((long) from + limit, turns.size());
    return List.copyOf(turns.subList(from, to));
  }

  @Override
  public synchronized List<SessionSummary> list(String idPrefix, int offset, int limit) {
    Objects.requireNonNull(idPrefix, "idPrefix == null");
    checkRange(offset, limit);
    checkOpen();
    return sessions.values().stream()
        .filter(e -> e.session.id().startsWith(idPrefix))
        .sorted(
            Comparator.comparing((Entry e) -> e.session.updatedAt())
                .thenComparing(e -> e.session.createdAt())
                .reversed())
        .skip(offset)
        .limit(limit)
        .map(
            e ->
                new SessionSummary(
                    e.session.id(),
                    e.session.title(),
                    e.session.model(),
                    e.turns.size(),
                    e.session.createdAt(),
                    e.session.updatedAt()))
        .toList();
  }

  @Override
  public synchronized boolean delete(String sessionId) {
    SessionIds.require(sessionId);
    checkOpen();
    return sessions.remove(sessionId) != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    sessions.clear();
  }

  private Entry entry(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId == null");
    checkOpen();
    Entry entry = sessions.get(sessionId);
    if (entry == null) {
      throw notFound(sessionId);
    }
    return entry;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this session store is closed");
    }
  }

  static void checkRange(long offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
  }

  /** Names the store in messages. */
  @Override
  public String toString() {
    return "memory:";
  }
}
