package io.github.lmstudiojava.sessions.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens session stores kept in PostgreSQL, which several servers can share.
 *
 * <pre>{@code
 * SessionStore store = PostgresSessionStores.open(
 *     "jdbc:postgresql://db.example:5432/chats?user=lms&password=secret");
 * SessionStore same = SessionStores.open("jdbc:postgresql://db.example:5432/chats?user=lms");
 * }</pre>
 *
 * <p>The store keeps its rows in three tables of the connection's current schema, {@code
 * lmstudio_sessions}, {@code lmstudio_turns} and {@code lmstudio_schema_version}, so it can share a
 * database with other applications; add {@code currentSchema=NAME} to the URL to give it a schema
 * of its own. Opening creates the tables, or brings them up to this version, in one transaction
 * under an advisory lock, so servers that start together migrate once. It never drops or alters a
 * table that is not its own, and refuses tables written by a newer version.
 *
 * <p>The user needs to be allowed to create tables in that schema the first time, and to read and
 * write them afterwards. A password never appears in the store's {@code toString()}, its log lines
 * or its exceptions.
 */
public final class PostgresSessionStores {
  /** The most connections one store opens to PostgreSQL. */
  public static final int MAX_CONNECTIONS = 10;

  /** How long a call waits for a connection before it fails, in milliseconds. */
  static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

  /** The driver's own limits, in seconds, unless the URL sets them. */
  static final int CONNECT_TIMEOUT_SECONDS = 5;

  static final int SOCKET_TIMEOUT_SECONDS = 30;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private PostgresSessionStores() {}

  /**
   * Opens a store at a PostgreSQL URL, with a pool of up to {@link #MAX_CONNECTIONS} connections.
   *
   * <p>The URL takes the driver's parameters ({@code user}, {@code password}, {@code ssl}, {@code
   * currentSchema}, ...); a {@code user:password@} prefix before the host works too. Unless the URL
   * says otherwise, connecting gives up after 5 seconds and a statement whose answer does not come
   * within 30 seconds fails, so that a database that went away makes calls fail instead of hang; a
   * call waits at most 5 seconds for a free connection. When the database comes back, the same
   * store works again.
   *
   * @param jdbcUrl such as {@code jdbc:postgresql://127.0.0.1:5432/chats?user=lms&password=...}
   * @return the open store; close it to close its connections
   * @throws IllegalArgumentException when the URL is not a {@code jdbc:postgresql:} URL
   * @throws SessionStoreException when PostgreSQL cannot be reached, refuses the login, or holds
   *     tables this version cannot use; the message says which and what to do
   */
  public static SessionStore open(String jdbcUrl) {
    PostgresUrl url = PostgresUrl.parse(jdbcUrl);
    PostgresFailures failures =
        new PostgresFailures(url.shown, url.server, url.password, url.sslPassword);
    PGSimpleDataSource driver = new PGSimpleDataSource();
    try {
      driver.setUrl(url.shown);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a valid PostgreSQL URL: \""
              + url.shown
              + "\"; write jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD");
    }
    if (url.userInfoUser != null && !url.sets("user")) {
      driver.setUser(url.userInfoUser);
    }
    if (url.password != null) {
      driver.setPassword(url.password);
    }
    if (url.sslPassword != null) {
      driver.setSslPassword(url.sslPassword);
    }
    if (!url.sets("connectTimeout")) {
      driver.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    }
    if (!url.sets("socketTimeout")) {
      driver.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
    }
    if (!url.sets("ApplicationName")) {
      driver.setApplicationName("lmstudio-sessions");
    }
    if (!url.sets("tcpKeepAlive")) {
      driver.setTcpKeepAlive(true);
    }

    HikariConfig config = new HikariConfig();
    // The pool sees a data source, never the URL or the password, so it cannot log them.
    config.setDataSource(driver);
    config.setPoolName("lmstudio-sessions-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(2_000);
    // Start without a connection: the store's first one, which migrates, reports the failure.
    config.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new PostgresSessionStore(pool, pool, url.shown, failures, Clock.systemUTC());
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens a store on connections from a data source, such as an application's own pool. Closing the
   * store leaves the data source open.
   *
   * @param dataSource connections to the database, whose current schema keeps the store's tables
   * @return the open store
   * @throws SessionStoreException when no connection can be had, or the database holds tables this
   *     version cannot use
   */
  public static SessionStore open(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    String location = "postgresql data source " + dataSource.getClass().getName();
    PostgresFailures failures = new PostgresFailures(location, null);
    try (Connection c = dataSource.getConnection()) {
      String url = c.getMetaData().getURL();
      if (url != null) {
        location = PostgresUrl.hide(url);
      }
    } catch (SQLException e) {
      throw failures.failure("opening it", e);
    }
    String server =
        location.startsWith(PostgresUrl.PREFIX) ? PostgresUrl.parse(location).server : null;
    return new PostgresSessionStore(
        dataSource, null, location, new PostgresFailures(location, server), Clock.systemUTC());
  }
}
