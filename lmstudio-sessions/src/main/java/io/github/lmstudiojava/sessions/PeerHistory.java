package io.github.lmstudiojava.sessions;

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
 * Imports the chat history of {@code mcp-llm-studio}, another MCP server for LM Studio: one SQLite
 * table {@code sessions(id, role, content, created_at)} with a row per message. Its file is opened
 * read only and never written, so that a user switching servers keeps their conversations.
 *
 * <pre>{@code
 * Path old = Path.of(System.getProperty("user.home"), ".mcp-llm-studio", "sessions.db");
 * if (PeerHistory.isPeerDatabase(old)) {
 *   int copied = PeerHistory.copy(old, store);
 * }
 * }</pre>
 */
public final class PeerHistory {
  private static final Set<String> COLUMNS = Set.of("id", "role", "content", "created_at");

  private PeerHistory() {}

  /**
   * Whether {@code file} is a database of {@code mcp-llm-studio}, and not a session store of this
   * library.
   *
   * @param file the file
   * @return true when it has {@code mcp-llm-studio}'s table and columns, and nothing of ours
   */
  public static boolean isPeerDatabase(Path file) {
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
   * @param file the database of {@code mcp-llm-studio}
   * @param store where the sessions go
   * @return how many sessions were copied
   * @throws SessionStoreException when the file cannot be read
   */
  public static int copy(Path file, SessionStore store) {
    try {
      return copyRows(file, store);
    } catch (SQLException e) {
      throw new SessionStoreException(
          "sqlite:" + file.toAbsolutePath(),
          "Cannot read the chat history of mcp-llm-studio in "
              + file.toAbsolutePath()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static int copyRows(Path file, SessionStore store) throws SQLException {
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
