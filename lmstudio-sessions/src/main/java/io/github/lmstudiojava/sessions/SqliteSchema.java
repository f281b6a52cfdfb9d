package io.github.lmstudiojava.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite store's schema and its forward migrations: script {@code n} of {@link #MIGRATIONS}
 * takes a database from version {@code n} to {@code n + 1}, inside one transaction, and records the
 * new version in the {@code schema_version} table.
 */
final class SqliteSchema {
  /** Migration scripts in order, as resources next to this class. Only ever append to this. */
  static final List<String> MIGRATIONS = List.of("schema-v1.sql", "schema-v2.sql");

  private SqliteSchema() {}

  /** The newest schema version this code knows. */
  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Checks the database is a session store this code can use, switches it to WAL, and applies the
   * migrations it lacks. Refuses, before writing anything, a database from a newer version and a
   * SQLite database that is not a session store.
   */
  static void migrate(Connection c, String location, long nowNanos) throws SQLException {
    try (Statement s = c.createStatement()) {
      int current = currentVersion(s, location);
      s.execute("PRAGMA journal_mode = WAL");
      if (current == latestVersion()) {
        return;
      }
      s.execute("BEGIN IMMEDIATE");
      try {
        current = currentVersion(s, location);
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)");
        for (int version = current + 1; version <= latestVersion(); version++) {
          for (String sql : statements(MIGRATIONS.get(version - 1))) {
            s.execute(sql);
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setLong(2, nowNanos);
            insert.executeUpdate();
          }
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        SqliteSessionStore.rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static int currentVersion(Statement s, String location) throws SQLException {
    boolean versionTable = false;
    List<String> others = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (name.equals("schema_version")) {
          versionTable = true;
        } else {
          others.add(name);
        }
      }
    }
    if (!versionTable) {
      if (!others.isEmpty()) {
        throw new SessionStoreException(
            location,
            location
                + " is a SQLite database but not a session store (it has tables "
                + others
                + " and no schema_version table); choose another file.",
            null);
      }
      return 0;
    }
    int version;
    try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > latestVersion()) {
      throw new SessionStoreException(
          location,
          "The session store "
              + location
              + " has schema version "
              + version
              + ", newer than this version of lmstudio-sessions knows ("
              + latestVersion()
              + "); upgrade lmstudio-sessions to open it. The file was left unchanged.",
          null);
    }
    return version;
  }

  /** The statements of a script: comment lines dropped, split at semicolons. */
  static List<String> statements(String resource) {
    String text;
    try (InputStream in = SqliteSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder code = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> result = new ArrayList<>();
    for (String statement : code.toString().split(";")) {
      if (!statement.isBlank()) {
        result.add(statement.strip());
      }
    }
    return result;
  }
}
