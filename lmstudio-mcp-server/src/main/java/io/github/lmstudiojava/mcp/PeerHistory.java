package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * The chat history {@code mcp-llm-studio} kept: one SQLite table {@code sessions(id, role, content,
 * created_at)} with a row per message. Read only, so that a user switching servers keeps their
 * conversations: the file itself is never written.
 */
final class PeerHistory {
  private static final Set<String> COLUMNS = Set.of("id", "role", "content", "created_at");

  private PeerHistory() {}

  /** Whether {@code file} is a database of {@code mcp-llm-studio}, and not one of ours. */
  static boolean isPeerDatabase(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (Connection c = open(file);
        Statement s = c.createStatement()) {
      Set<String> tables = new TreeSet<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (!tables.contains("sessions") || tables.contains("turns")) {
        return false;
      }
      Set<String> columns = new TreeSet<>();
      try (ResultSet rs = s.executeQuery("PRAGMA table_info(sessions)")) {
        while (rs.next()) {
          columns.add(rs.getString("name"));
        }
      }
      return columns.equals(COLUMNS);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Copies every conversation of {@code file} into {@code store}: a session per id, its first
   * system message as the system prompt, the user and assistant messages as turns in their order.
   * Sessions the store has already are left alone.
   *
   * @return how many sessions were copied
   */
  static int copy(Path file, SessionStore store) throws SQLException {
    Map<String, List<String[]>> conversations = new LinkedHashMap<>();
    try (Connection c = open(file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, role, content FROM sessions ORDER BY rowid")) {
      while (rs.next()) {
        conversations
            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    int copied = 0;
    for (Map.Entry<String, List<String[]>> e : conversations.entrySet()) {
      if (e.getKey() == null || store.find(e.getKey()).isPresent()) {
        continue;
      }
      String system = null;
      List<Turn> turns = new ArrayList<>();
      for (String[] row : e.getValue()) {
        String content = row[1] == null ? "" : row[1];
        if ("system".equals(row[0])) {
          system = system == null ? content : system;
        } else if ("assistant".equals(row[0])) {
          turns.add(Turn.assistant(content));
        } else if ("user".equals(row[0])) {
          turns.add(Turn.user(content));
        }
      }
      store.create(NewSession.withId(e.getKey()).withSystemPrompt(system));
      if (!turns.isEmpty()) {
        store.append(e.getKey(), turns);
      }
      copied++;
    }
    return copied;
  }

  private static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return DriverManager.getConnection(
        "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
  }
}
