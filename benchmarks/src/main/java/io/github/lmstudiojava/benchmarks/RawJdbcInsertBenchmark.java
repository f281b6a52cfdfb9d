package io.github.lmstudiojava.benchmarks;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline for {@link SessionStoreBenchmark}: the same database through its JDBC driver alone,
 * one row inserted per autocommit transaction into a table shaped like the stores' {@code turns}
 * table. {@code -p uri=...} takes the store URI ({@code sqlite:PATH} becomes {@code
 * jdbc:sqlite:PATH} with the SQLite store's pragmas; a {@code jdbc:} URI such as {@code
 * jdbc:postgresql://...} is used as it is, its driver on the class path). The table has a random
 * name and is dropped after the trial.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawJdbcInsertBenchmark {
  @Param({"sqlite:{tmp}/sessions.db"})
  public String uri;

  private StoreUris location;
  private Connection connection;
  private PreparedStatement insert;
  private String table;
  private long row;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    location = StoreUris.resolve(uri);
    String url = location.jdbcUrl();
    connection = DriverManager.getConnection(url);
    table = "bench_raw_turns_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    try (Statement s = connection.createStatement()) {
      if (url.startsWith("jdbc:sqlite:")) {
        // What SqliteSessionStore sets on its connections.
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
      }
      s.execute(
          "CREATE TABLE "
              + table
              + " (session_id VARCHAR(256) NOT NULL, idx BIGINT NOT NULL, role VARCHAR(16) NOT NULL,"
              + " content TEXT NOT NULL, reasoning TEXT, tool_calls TEXT, tool_call_id TEXT,"
              + " model TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, response_id TEXT,"
              + " created_at BIGINT NOT NULL, PRIMARY KEY (session_id, idx))");
    }
    connection.setAutoCommit(true);
    insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (session_id, idx, role, content, model, prompt_tokens, completion_tokens,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    try {
      insert.close();
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TABLE " + table);
      }
      connection.close();
    } finally {
      location.delete();
    }
  }

  /** One row inserted, in its own transaction. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int insertOneRow() throws SQLException {
    insert.setString(1, "bench");
    insert.setLong(2, row++);
    insert.setString(3, "user");
    insert.setString(4, SessionStoreBenchmark.TEXT);
    insert.setString(5, "bench/model");
    insert.setInt(6, 40);
    insert.setInt(7, 20);
    insert.setLong(8, System.currentTimeMillis() * 1_000_000L);
    return insert.executeUpdate();
  }
}
