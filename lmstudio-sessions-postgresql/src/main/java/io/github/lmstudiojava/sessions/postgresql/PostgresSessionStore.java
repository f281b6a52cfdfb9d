package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Recorded;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionConflictException;
import io.github.lmstudiojava.sessions.SessionIds;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.github.lmstudiojava.sessions.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A session store in PostgreSQL tables, with plain JDBC over a connection pool. Obtain one with
 * {@link PostgresSessionStores}.
 *
 * <p>Every change runs in one transaction on one pooled connection, rolled back on any failure.
 * Writes to an existing session first lock its row ({@code SELECT ... FOR UPDATE}), so writers of
 * one session take turns across threads, processes and servers: turn indices stay contiguous and
 * the version check of {@link #record} cannot race. Reads run on autocommit connections.
 */
final class PostgresSessionStore implements SessionStore {
  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final String location;
  private final PostgresFailures failures;
  private final Clock clock;
  private volatile boolean closed;

  /** A unit of work on a connection. */
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Migrates the tables and opens the store.
   *
   * @param dataSource where connections come from
   * @param owned closed with the store (the pool it made), or null for a caller's data source
   * @param location the store's URL without secrets
   * @param failures how failures are reported
   * @param clock the time of each write
   */
  PostgresSessionStore(
      DataSource dataSource,
      AutoCloseable owned,
      String location,
      PostgresFailures failures,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.owned = owned;
    this.location = Objects.requireNonNull(location, "location == null");
    this.failures = Objects.requireNonNull(failures, "failures == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    try (Connection c = dataSource.getConnection()) {
      PostgresSchema.migrate(c, location, PostgresRows.nanos(clock.instant()));
    } catch (SQLException e) {
      throw failures.failure("opening it", e);
    }
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
          if (!PostgresRows.insertSession(c, session)) {
            throw new IllegalArgumentException("a session \"" + id + "\" already exists");
          }
          return session;
        });
  }

  @Override
  public Optional<Session> find(String sessionId) {
    SessionIds.require(sessionId);
    return read(
        "reading session " + sessionId, c -> PostgresRows.selectSession(c, sessionId, false));
  }

  @Override
  public Session update(Session session) {
    Objects.requireNonNull(session, "session == null");
    return write(
        "updating session " + session.id(),
        c -> {
          Session stored = locked(c, session.id());
          Session updated = stored.written(session, clock.instant());
          PostgresRows.updateSession(c, updated);
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
          Session stored = locked(c, session.id());
          if (stored.version() != session.version()) {
            throw new SessionConflictException(
                location, session.id(), session.version(), stored.version());
          }
          Instant now = clock.instant();
          List<Turn> appended = PostgresRows.insertTurns(c, session.id(), given, now);
          Session updated = stored.written(session, now);
          PostgresRows.updateSession(c, updated);
          return new Recorded(updated, appended);
        });
  }

  @Override
  public Session reset(String sessionId) {
    SessionIds.require(sessionId);
    return write(
        "resetting session " + sessionId,
        c -> {
          Session stored = locked(c, sessionId);
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM lmstudio_turns WHERE session_id = ?")) {
            s.setString(1, sessionId);
            s.executeUpdate();
          }
          Session updated = stored.withLastResponseId(null).written(clock.instant());
          PostgresRows.updateSession(c, updated);
          return updated;
        });
  }

  @Override
  public List<Turn> append(String sessionId, List<Turn> turns) {
    SessionIds.require(sessionId);
    List<Turn> given = checkedTurns(turns);
    return write(
        "appending to session " + sessionId,
        c -> {
          Session stored = locked(c, sessionId);
          Instant now = clock.instant();
          List<Turn> appended = PostgresRows.insertTurns(c, sessionId, given, now);
          PostgresRows.updateSession(c, stored.written(now));
          return appended;
        });
  }

  @Override
  public List<Turn> history(String sessionId, long offset, int limit) {
    SessionIds.require(sessionId);
    checkRange(offset, limit);
    return read(
        "reading the history of session " + sessionId,
        c -> {
          List<Turn> turns = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + PostgresRows.TURN_COLUMNS
                      + " FROM lmstudio_turns WHERE session_id = ? AND idx >= ?"
                      + " ORDER BY idx LIMIT ?")) {
            s.setString(1, sessionId);
            s.setLong(2, offset);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                turns.add(PostgresRows.turn(rs, location));
              }
            }
          }
          if (turns.isEmpty() && PostgresRows.selectSession(c, sessionId, false).isEmpty()) {
            throw notFound(sessionId);
          }
          return List.copyOf(turns);
        });
  }

  @Override
  public List<SessionSummary> list(String idPrefix, int offset, int limit) {
    Objects.requireNonNull(idPrefix, "idPrefix == null");
    checkRange(offset, limit);
    return read(
        "listing sessions",
        c -> {
          List<SessionSummary> result = new ArrayList<>();
          // left() compares whole characters, so % and _ in the prefix match only themselves.
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT s.id, s.title, s.model,"
                      + " (SELECT COUNT(*) FROM lmstudio_turns t WHERE t.session_id = s.id),"
                      + " s.created_at, s.updated_at FROM lmstudio_sessions s"
                      + " WHERE left(s.id, ?) = ?"
                      + " ORDER BY s.updated_at DESC, s.created_at DESC, s.seq DESC"
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
                        PostgresRows.instant(rs.getLong(5)),
                        PostgresRows.instant(rs.getLong(6))));
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
          Session original = locked(c, sessionId);
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
          if (!PostgresRows.insertSession(c, copy)) {
            throw new IllegalArgumentException("a session \"" + copy.id() + "\" already exists");
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO lmstudio_turns (session_id, "
                      + PostgresRows.TURN_COLUMNS
                      + ") SELECT ?, "
                      + PostgresRows.TURN_COLUMNS
                      + " FROM lmstudio_turns WHERE session_id = ? AND idx < ?")) {
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
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM lmstudio_sessions WHERE id = ?")) {
            s.setString(1, sessionId);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        System.getLogger("lmstudio-sessions")
            .log(
                System.Logger.Level.WARNING,
                "closing the connection pool of " + location + " failed: " + failures.mask("" + e));
      }
    }
  }

  /** Names the store in messages: its URL, without password or user information. */
  @Override
  public String toString() {
    return location;
  }

  /** Reads a session and locks its row until the transaction ends. */
  private Session locked(Connection c, String sessionId) throws SQLException {
    return PostgresRows.selectSession(c, sessionId, true).orElseThrow(() -> notFound(sessionId));
  }

  private static List<Turn> checkedTurns(List<Turn> turns) {
    Objects.requireNonNull(turns, "turns == null");
    for (Turn turn : turns) {
      Objects.requireNonNull(turn, "turn == null");
    }
    return List.copyOf(turns);
  }

  private static void checkRange(long offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
  }

  private <T> T write(String action, Work<T> work) {
    checkOpen();
    boolean committing = false;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        committing = true;
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too: a transaction left open would keep its row locks until the pool noticed.
        if (!committing) {
          rollbackQuietly(c, e);
        }
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw failures.failure(action, e, committing);
    }
  }

  private <T> T read(String action, Work<T> work) {
    checkOpen();
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failures.failure(action, e);
    }
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
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a broken connection: the pool discards it
    }
  }
}
