package io.github.lmstudiojava.sessions.postgresql;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStoreException;
import io.github.lmstudiojava.sessions.ToolCall;
import io.github.lmstudiojava.sessions.Turn;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How sessions and turns map to the PostgreSQL store's rows and columns. */
final class PostgresRows {
  static final String SESSION_COLUMNS =
      "id, title, model, system_prompt, last_response_id, created_at, updated_at, version";
  static final String TURN_COLUMNS =
      "idx, role, content, reasoning, tool_calls, tool_call_id, model, prompt_tokens,"
          + " completion_tokens, response_id, created_at";
  private static final JsonAdapter<List<ToolCall>> TOOL_CALLS =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(List.class, ToolCall.class));

  private PostgresRows() {}

  /** Inserts a new session; false when one with its id exists. */
  static boolean insertSession(Connection c, Session session) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO lmstudio_sessions ("
                + SESSION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      s.setString(1, session.id());
      s.setString(2, session.title());
      s.setString(3, session.model());
      s.setString(4, session.systemPrompt());
      s.setString(5, session.lastResponseId());
      s.setLong(6, nanos(session.createdAt()));
      s.setLong(7, nanos(session.updatedAt()));
      s.setLong(8, session.version());
      return s.executeUpdate() > 0;
    }
  }

  /**
   * Reads a session; with {@code forUpdate}, also locks its row until the transaction ends, so that
   * writers of one session take turns.
   */
  static Optional<Session> selectSession(Connection c, String id, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + SESSION_COLUMNS
                + " FROM lmstudio_sessions WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Session(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instant(rs.getLong(6)),
                instant(rs.getLong(7)),
                rs.getLong(8)));
      }
    }
  }

  /** Stores a session's values, time and version over its row. */
  static void updateSession(Connection c, Session session) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE lmstudio_sessions SET title = ?, model = ?, system_prompt = ?,"
                + " last_response_id = ?, updated_at = ?, version = ? WHERE id = ?")) {
      s.setString(1, session.title());
      s.setString(2, session.model());
      s.setString(3, session.systemPrompt());
      s.setString(4, session.lastResponseId());
      s.setLong(5, nanos(session.updatedAt()));
      s.setLong(6, session.version());
      s.setString(7, session.id());
      s.executeUpdate();
    }
  }

  /**
   * Appends turns after the session's last one, each timed {@code now} unless it has a time; the
   * caller holds the session's row lock.
   */
  static List<Turn> insertTurns(Connection c, String sessionId, List<Turn> given, Instant now)
      throws SQLException {
    long next;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM lmstudio_turns WHERE session_id = ?")) {
      s.setString(1, sessionId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        next = rs.getLong(1);
      }
    }
    List<Turn> stored = new ArrayList<>(given.size());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO lmstudio_turns (session_id, "
                + TURN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Turn turn : given) {
        Turn t = turn.stored(next++, turn.createdAt() != null ? turn.createdAt() : now);
        bindTurn(s, sessionId, t);
        s.addBatch();
        stored.add(t);
      }
      if (!stored.isEmpty()) {
        s.executeBatch();
      }
    }
    return List.copyOf(stored);
  }

  private static void bindTurn(PreparedStatement s, String sessionId, Turn t) throws SQLException {
    s.setString(1, sessionId);
    s.setLong(2, t.index());
    s.setString(3, t.role().wireName());
    s.setString(4, t.content());
    s.setString(5, t.reasoning());
    s.setString(6, t.toolCalls().isEmpty() ? null : TOOL_CALLS.toJson(t.toolCalls()));
    s.setString(7, t.toolCallId());
    s.setString(8, t.model());
    setInteger(s, 9, t.promptTokens());
    setInteger(s, 10, t.completionTokens());
    s.setString(11, t.responseId());
    s.setLong(12, nanos(t.createdAt()));
  }

  /** Reads a turn from a row of {@link #TURN_COLUMNS}. */
  static Turn turn(ResultSet rs, String location) throws SQLException {
    String toolCalls = rs.getString(5);
    List<ToolCall> calls;
    try {
      calls = toolCalls == null ? List.of() : TOOL_CALLS.fromJson(toolCalls);
    } catch (IOException | JsonDataException e) {
      throw new SessionStoreException(
          location, "The session store " + location + " holds malformed tool calls: " + e, e);
    }
    try {
      return new Turn(
          rs.getLong(1),
          Role.of(rs.getString(2)),
          rs.getString(3),
          rs.getString(4),
          calls,
          rs.getString(6),
          rs.getString(7),
          getInteger(rs, 8),
          getInteger(rs, 9),
          rs.getString(10),
          instant(rs.getLong(11)));
    } catch (IllegalArgumentException | NullPointerException e) {
      // A row this version cannot read (a role added later, a hand-edited row): name the store.
      throw new SessionStoreException(
          location,
          "The session store " + location + " holds a turn this version cannot read: " + e,
          e);
    }
  }

  private static void setInteger(PreparedStatement s, int i, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(i, java.sql.Types.INTEGER);
    } else {
      s.setInt(i, value);
    }
  }

  private static Integer getInteger(ResultSet rs, int i) throws SQLException {
    int value = rs.getInt(i);
    return rs.wasNull() ? null : value;
  }

  /** Nanoseconds since the epoch: exact for every instant between the years 1677 and 2262. */
  static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "a session store keeps times between the years 1677 and 2262, not " + instant, e);
    }
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
