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
    entry.session =
        new Session(
            session.id(),
            session.title(),
            session.model(),
            session.systemPrompt(),
            session.lastResponseId(),
            entry.session.createdAt(),
            clock.instant());
    return entry.session;
  }

  @Override
  public synchronized List<Turn> append(String sessionId, List<Turn> turns) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(turns, "turns == null");
    Entry entry = entry(sessionId);
    Instant now = clock.instant();
    List<Turn> stored = new ArrayList<>(turns.size());
    long index = entry.turns.size();
    for (Turn turn : turns) {
      Objects.requireNonNull(turn, "turn == null");
      stored.add(turn.stored(index++, turn.createdAt() != null ? turn.createdAt() : now));
    }
    entry.turns.addAll(stored);
    Session s = entry.session;
    entry.session =
        new Session(
            s.id(), s.title(), s.model(), s.systemPrompt(), s.lastResponseId(), s.createdAt(), now);
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
  public synchronized List<SessionSummary> list(int offset, int limit) {
    checkRange(offset, limit);
    checkOpen();
    return sessions.values().stream()
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
