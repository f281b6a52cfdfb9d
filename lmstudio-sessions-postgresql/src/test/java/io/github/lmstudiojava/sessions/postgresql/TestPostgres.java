package io.github.lmstudiojava.sessions.postgresql;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the tests use, named by {@code LMSTUDIO_TEST_POSTGRES_URL} ({@code
 * scripts/postgres-for-tests} starts one). Without it, a test is skipped, except on CI (where
 * {@code CI} is set): there it fails, since CI must test the store. Each test works in a schema of
 * its own, so tests never see each other's rows and can run again on the same database.
 */
final class TestPostgres {
  static final String VARIABLE = "LMSTUDIO_TEST_POSTGRES_URL";

  private TestPostgres() {}

  /** The database's URL, with its password; skips or fails the test when there is none. */
  static String url() {
    String url = System.getenv(VARIABLE);
    if (url == null || url.isBlank()) {
      if (System.getenv("CI") != null) {
        fail("CI must provide PostgreSQL: .ci/run starts one and sets " + VARIABLE);
      }
      assumeTrue(
          false,
          VARIABLE
              + " is not set: no PostgreSQL to test against (scripts/postgres-for-tests starts"
              + " one)");
    }
    return url;
  }

  /** The password in {@link #url()}. */
  static String password() {
    String url = url();
    int at = url.indexOf("password=");
    assumeTrue(at >= 0, VARIABLE + " has no password to check for");
    int end = url.indexOf('&', at);
    return url.substring(at + "password=".length(), end < 0 ? url.length() : end);
  }

  /** Creates an empty schema and returns it. */
  static Schema newSchema() {
    String name = "lmstest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE SCHEMA " + name);
    return new Schema(name, withParameter(url(), "currentSchema=" + name));
  }

  /** Runs SQL on the test database, outside any store. */
  static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  static String withParameter(String url, String parameter) {
    return url + (url.contains("?") ? "&" : "?") + parameter;
  }

  /**
   * A schema of the test database.
   *
   * @param name its name
   * @param url the database's URL with {@code currentSchema} set to it
   */
  record Schema(String name, String url) {
    /** Drops the schema and everything in it. */
    void drop() {
      execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** Connects to the test database with this schema current. */
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }
  }
}
