package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.SessionStoreException;
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
 * The PostgreSQL store's tables and their forward migrations: script {@code n} of {@link
 * #MIGRATIONS} takes the tables from version {@code n} to {@code n + 1}, and the new version is
 * recorded in {@code lmstudio_schema_version}. All of it runs in one transaction holding a
 * transaction-level advisory lock, so servers that start at once migrate once, one after another.
 */
final class PostgresSchema {
  /** Migration scripts in order, as resources next to this class. Only ever append to this. */
  static final List<String> MIGRATIONS = List.of("schema-v1.sql");

  /** The advisory lock every migration holds: "lmstudio" in ASCII, a key no one else picks. */
  static final long MIGRATION_LOCK = 0x6c6d73747564696fL;

  private PostgresSchema() {}

  /** The newest schema version this code knows. */
  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Applies the migrations the tables in the connection's current schema lack. Refuses, before
   * writing anything, tables of a newer version and a {@code lmstudio_sessions} table that another
   * program made; never drops or alters a table that is not the store's.
   */
  static void migrate(Connection c, String location, long nowNanos) throws SQLException {
    c.setAutoCommit(true);
    if (currentVersion(c, location) == latestVersion()) {
      return;
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, MIGRATION_LOCK);
        lock.execute();
      }
      // Another server may have migrated while this one waited for the lock.
      int current = currentVersion(c, location);
      s.execute(
          "CREATE TABLE IF NOT EXISTS lmstudio_schema_version ("
              + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
      for (int version = current + 1; version <= latestVersion(); version++) {
        for (String sql : statements(MIGRATIONS.get(version - 1))) {
          s.execute(sql);
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO lmstudio_schema_version (version, applied_at) VALUES (?, ?)")) {
          insert.setInt(1, version);
          insert.setLong(2, nowNanos);
          insert.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException | Error e) {
      PostgresSessionStore.rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static int currentVersion(Connection c, String location) throws SQLException {
    String schema;
    boolean versionTable = false;
    boolean sessionsTable = false;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                // pg_class itself, read with this statement's snapshot: to_regclass() would ask
                // the backend's catalog cache, which misses tables that another server created
                // while this one waited for the migration lock.
                "SELECT current_schema(),"
                    + " EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                    + " AND c.relname = 'lmstudio_schema_version'),"
                    + " EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                    + " AND c.relname = 'lmstudio_sessions')")) {
      rs.next();
      schema = rs.getString(1);
      if (schema != null) {
        versionTable = rs.getBoolean(2);
        sessionsTable = rs.getBoolean(3);
      }
    }
    if (schema == null) {
      throw new SessionStoreException(
          location,
          "The session store "
              + location
              + " has no schema to keep its tables in (none of the search_path exists);"
              + " create one, or name one with currentSchema=NAME in the URL.",
          null);
    }
    if (!versionTable) {
      if (sessionsTable) {
        throw new SessionStoreException(
            location,
            "The schema \""
                + schema
                + "\" of "
                + location
                + " has a table lmstudio_sessions but no lmstudio_schema_version table, so another"
                + " program made it; choose another schema with currentSchema=NAME. Nothing was"
                + " changed.",
            null);
      }
      return 0;
    }
    int version;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM lmstudio_schema_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > latestVersion()) {
      throw new SessionStoreException(
          location,
          "The session store "
              + location
              + " has schema version "
              + version
              + ", newer than this version of lmstudio-sessions-postgresql knows ("
              + latestVersion()
              + "); upgrade lmstudio-sessions-postgresql to use it. Nothing was changed.",
          null);
    }
    return version;
  }

  /** The statements of a script: comment lines dropped, split at semicolons. */
  static List<String> statements(String resource) {
    String text;
    try (InputStream in = PostgresSchema.class.getResourceAsStream(resource)) {
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
