package io.github.lmstudiojava.mcp;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the tests use, named by {@code LMSTUDIO_TEST_POSTGRES_URL} ({@code
 * scripts/postgres-for-tests} starts one; {@code .ci/run} does in CI). Each test gets a schema of
 * its own, so tests never see each other's rows and can run again on the same database.
 */
final class TestPostgres {
  static final String VARIABLE = "LMSTUDIO_TEST_POSTGRES_URL";

  private TestPostgres() {}

  /** The database's URL, or null when there is none; in CI ({@code CI} set) a missing one fails. */
  static String urlOrNull() {
    String url = System.getenv(VARIABLE);
    if (url == null || url.isBlank()) {
      if (System.getenv("CI") != null) {
        fail("CI must provide PostgreSQL: .ci/run starts one and sets " + VARIABLE);
      }
      return null;
    }
    return url;
  }

  /** The password in the URL, or null. */
  static String password(String url) {
    int at = url.indexOf("password=");
    if (at < 0) {
      return null;
    }
    int end = url.indexOf('&', at);
    return url.substring(at + "password=".length(), end < 0 ? url.length() : end);
  }

  /** Creates an empty schema; returns the URL of a store in it. */
  static String newSchema(String url, String name) {
    execute(url, "CREATE SCHEMA " + name);
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A fresh schema name. */
  static String schemaName() {
    return "lmstest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Runs SQL on the test database, outside any store. */
  static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run \"" + sql + "\" on the test database", e);
    }
  }
}
