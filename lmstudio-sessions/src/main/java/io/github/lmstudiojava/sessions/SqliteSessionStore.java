package io.github.lmstudiojava.sessions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session store in a SQLite file, with plain JDBC. Obtain one with {@link
 * SessionStores#sqlite(java.nio.file.Path)}.
 *
 * <p>The file is in WAL mode with {@code synchronous=NORMAL} and foreign keys on. One writer
 * connection, guarded by a lock, runs every change in a {@code BEGIN IMMEDIATE} transaction, so an
 * append takes the next indices and writes its turns atomically; reads use their own connections
 * and run alongside it. A new file is created readable by its owner only (on POSIX file systems),
 * after its parent directories. An existing file is never recreated or truncated: one that is not a
 * SQLite database, comes from a newer schema version, or cannot be written is refused with a {@link
 * SessionStoreException} naming it.
 */
final class SqliteSessionStore implements SessionStore {
  private static final int MAX_IDLE_READERS = 4;

  private final SqliteFile file;
  private final String location;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final Deque<Connection> idleReaders = new ArrayDeque<>();
  private volatile boolean closed;

  /** A unit of work on a connection. */
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  SqliteSessionStore(Path path, Duration busyTimeout, Clock clock) {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(busyTimeout, "busyTimeout == null");
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("busyTimeout < 0: " + busyTimeout);
    }
    this.file = new SqliteFile(path, Math.min(busyTimeout.toMillis(), Integer.MAX_VALUE));
    this.location = file.location;
    this.clock = Objects.requireNonNull(clock, "clock == null");
    file.prepare();
    Connection c = null;
    try {
      c = file.connect();
      SqliteSchema.migrate(c, location, SqliteRows.nanos(clock.instant()));
    } catch (SQLException e) {
      closeQuietly(c);
      throw file.failure("opening it", e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    this.writer = c;
  }

  @Override
  public Session create(NewSession spec) {
    Objects.requireNonNull(spec, "spec == null");
    return write(
        "creating a session",
        c -> {
          String id = spec.id() != null ? spec.id() : newId();
          Instant now = clock.instant();
          Session session =
              new Session(id, spec.title(), spec.model(), spec.systemPrompt(), null, now, now);
          SqliteRows.insertSession(c, session);
          return session;
        });
  }

  @Override
  public Optional<Session> find(String sessionId) {
    SessionIds.require(sessionId);
    return read("reading session " + sessionId, c -> SqliteRows.selectSession(c, sessionId));
  }

  @Override
  public Session update(Session session) {
    Objects.requireNonNull(session, "session == null");
    return write(
        "updating session " + session.id(),
        c -> {
          Session stored =
              SqliteRows.selectSession(c, session.id()).orElseThrow(() -> notFound(session.id()));
          Session updated = stored.written(session, clock.instant());
          storeSession(c, updated);
          return updated;
        });
  }

  @Override
  public Recorded record(Session session, List<Turn> turns) {
    Objects.requireNonNull(session, "session == null");
    List<Turn> given = checkedTurns(turns);
    return write(
        "recording an exchange in session " + session.id(),
        c -> {
          Session stored =
              SqliteRows.selectSession(c, session.id()).orElseThrow(() -> notFound(session.id()));
          if (stored.version() != session.version()) {
            throw new SessionConflictException(
                toString(), session.id(), session.version(), stored.version());
          }
          Instant now = clock.instant();
          List<Turn> appended = insertTurns(c, session.id(), given, now);
          Session updated = stored.written(session, now);
          storeSession(c, updated);
          return new Recorded(updated, appended);
        });
  }

  @Override
  public Session reset(String sessionId) {
    SessionIds.require(sessionId);
    return write(
        "resetting session " + sessionId,
        c -> {
          Session stored =
              SqliteRows.selectSession(c, sessionId).orElseThrow(() -> notFound(sessionId));
          try (PreparedStatement s = c.prepareStatement("DELETE FROM turns WHERE session_id = ?")) {
            s.setString(1, sessionId);
            s.executeUpdate();
          }
          Session updated = stored.withLastResponseId(null).written(clock.instant());
          storeSession(c, updated);
          return updated;
        });
  }

  private static void storeSession(Connection c, Session session) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE sessions SET title = ?, model = ?, system_prompt = ?,"
                + " last_response_id = ?, updated_at = ?, version = ? WHERE id = ?")) {
      s.setString(1, session.title());
      s.setString(2, session.model());
      s.setString(3, session.systemPrompt());
      s.setString(4, session.lastResponseId());
      s.setLong(5, SqliteRows.nanos(session.updatedAt()));
      s.setLong(6, session.version());
      s.setString(7, session.id());
      s.executeUpdate();
    }
  }

  private static List<Turn> checkedTurns(List<Turn> turns) {
    Objects.requireNonNull(turns, "turns == null");
    for (Turn turn : turns) {
      Objects.requireNonNull(turn, "turn == null");
    }
    return List.copyOf(turns);
  }

  /** Appends turns after the session's last one; the caller holds the write transaction. */
  private static List<Turn> insertTurns(
      Connection c, String sessionId, List<Turn> given, Instant now) throws SQLException {
    long next;
    try (PreparedStatement s =
        c.prepareStatement("SELECT COALESCE(MAX(idx) + 1, 0) FROM turns WHERE session_id = ?")) {
      s.setString(1, sessionId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        next = rs.getLong(1);
      }
    }
    List<Turn> stored = new ArrayList<>(given.size());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO turns (session_id, "
                + SqliteRows.TURN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Turn turn : given) {
        Turn t = turn.stored(next++, turn.createdAt() != null ? turn.createdAt() : now);
        SqliteRows.bindTurn(s, sessionId, t);
        s.addBatch();
        stored.add(t);
      }
      if (!stored.isEmpty()) {
        s.executeBatch();
      }
    }
    return List.copyOf(stored);
  }

  @Override
  public List<Turn> append(String sessionId, List<Turn> turns) {
    SessionIds.require(sessionId);
    List<Turn> given = checkedTurns(turns);
    return write(
        "appending to session " + sessionId,
        c -> {
          Session stored =
              SqliteRows.selectSession(c, sessionId).orElseThrow(() -> notFound(sessionId));
          Instant now = clock.instant();
          List<Turn> appended = insertTurns(c, sessionId, given, now);
          storeSession(c, stored.written(now));
          return appended;
        });
  }

  @Override
  public List<Turn> history(String sessionId, long offset, int limit) {
    SessionIds.require(sessionId);
    InMemorySessionStore.checkRange(offset, limit);
    return read(
        "reading the history of session " + sessionId,
        c -> {
          List<Turn> turns = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + SqliteRows.TURN_COLUMNS
                      + " FROM turns WHERE session_id = ? AND idx >= ? ORDER BY idx LIMIT ?")) {
            s.setString(1, sessionId);
            s.setLong(2, offset);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                turns.add(SqliteRows.turn(rs, location));
              }
            }
          }
          if (turns.isEmpty() && SqliteRows.selectSession(c, sessionId).isEmpty()) {
            throw notFound(sessionId);
          }
          return List.copyOf(turns);
        });
  }

  @Override
  public List<SessionSummary> list(String idPrefix, int offset, int limit) {
    Objects.requireNonNull(idPrefix, "idPrefix == null");
    InMemorySessionStore.checkRange(offset, limit);
    return read(
        "listing sessions",
        c -> {
          List<SessionSummary> result = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT s.id, s.title, s.model,"
                      + " (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id),"
                      + " s.created_at, s.updated_at FROM sessions s"
                      + " WHERE substr(s.id, 1, ?) = ?"
                      + " ORDER BY s.updated_at DESC, s.created_at DESC, s.rowid DESC"
                      + " LIMIT ? OFFSET ?")) {
            s.setInt(1, idPrefix.codePointCount(0, idPrefix.length()));
            s.setString(2, idPrefix);
            s.setInt(3, limit);
            s.setInt(4, offset);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                result.add(
                    new SessionSummary(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        SqliteRows.instant(rs.getLong(5)),
                        SqliteRows.instant(rs.getLong(6))));
              }
            }
          }
          return List.copyOf(result);
        });
  }

  /** Copies the session and its first turns in one transaction. */
  @Override
  public Session fork(String sessionId, long turnCount, NewSession spec) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(spec, "spec == null");
    if (turnCount < 0) {
      throw new IllegalArgumentException("turnCount < 0: " + turnCount);
    }
    return write(
        "forking session " + sessionId,
        c -> {
          Session original =
              SqliteRows.selectSession(c, sessionId).orElseThrow(() -> notFound(sessionId));
          Instant now = clock.instant();
          Session copy =
              new Session(
                  spec.id() != null ? spec.id() : newId(),
                  spec.title() != null ? spec.title() : original.title(),
                  spec.model() != null ? spec.model() : original.model(),
                  spec.systemPrompt() != null ? spec.systemPrompt() : original.systemPrompt(),
                  null,
                  now,
                  now);
          SqliteRows.insertSession(c, copy);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO turns (session_id, "
                      + SqliteRows.TURN_COLUMNS
                      + ") SELECT ?, "
                      + SqliteRows.TURN_COLUMNS
                      + " FROM turns WHERE session_id = ? AND idx < ? ORDER BY idx")) {
            s.setString(1, copy.id());
            s.setString(2, sessionId);
            s.setLong(3, turnCount);
            s.executeUpdate();
          }
          return copy;
        });
  }

  @Override
  public boolean delete(String sessionId) {
    SessionIds.require(sessionId);
    return write(
        "deleting session " + sessionId,
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
            s.setString(1, sessionId);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(writer);
      synchronized (idleReaders) {
        idleReaders.forEach(SqliteSessionStore::closeQuietly);
        idleReaders.clear();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Names the store in messages: {@code sqlite:} and the file's absolute path. */
  @Override
  public String toString() {
    return "sqlite:" + location;
  }

  private <T> T write(String action, Work<T> work) {
    writeLock.lock();
    try {
      checkOpen();
      try (Statement s = writer.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      } catch (SQLException e) {
        throw file.failure(action, e);
      }
      try {
        T result = work.run(writer);
        try (Statement s = writer.createStatement()) {
          s.execute("COMMIT");
        }
        return result;
      } catch (SQLException e) {
        rollbackQuietly(writer, e);
        throw file.failure(action, e);
      } catch (RuntimeException | Error e) {
        // An Error too: a transaction left open would hold the file's write lock and refuse
        // every later write of this store.
        rollbackQuietly(writer, e);
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(String action, Work<T> work) {
    checkOpen();
    Connection c;
    synchronized (idleReaders) {
      c = idleReaders.pollFirst();
    }
    try {
      if (c == null) {
        c = file.connect();
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA query_only = ON");
        }
      }
      T result = work.run(c);
      release(c);
      return result;
    } catch (SQLException e) {
      closeQuietly(c);
      throw file.failure(action, e);
    } catch (RuntimeException e) {
      release(c);
      throw e;
    } catch (Error e) {
      closeQuietly(c);
      throw e;
    }
  }

  private void release(Connection c) {
    synchronized (idleReaders) {
      if (!closed && idleReaders.size() < MAX_IDLE_READERS) {
        idleReaders.addFirst(c);
        return;
      }
    }
    closeQuietly(c);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this session store is closed: " + location);
    }
  }

  private static String newId() {
    return "ses_" + UUID.randomUUID().toString().replace("-", "");
  }

  static void rollbackQuietly(Connection c, Throwable failure) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing is best effort
    }
  }
}
