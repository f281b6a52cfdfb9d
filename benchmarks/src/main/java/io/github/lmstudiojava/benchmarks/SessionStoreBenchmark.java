package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Session store costs: one appended turn per transaction, loading a 1,000-turn history, and, for
 * comparison, the raw sqlite-jdbc insert rate with the same pragmas (one row per transaction).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SessionStoreBenchmark {
  private static final String TEXT =
      "The café opens at eight; bring the \"usual\" order and a receipt, please.";

  @Param({"memory", "sqlite"})
  public String store;

  private Path dir;
  private SessionStore sessions;
  private Session appendTarget;
  private Session loaded;
  private Connection raw;
  private PreparedStatement rawInsert;
  private long rawRow;

  @Setup(Level.Trial)
  public void open() throws IOException, SQLException {
    dir = Files.createTempDirectory("lmstudio-sessions-bench");
    sessions =
        store.equals("sqlite")
            ? SessionStores.sqlite(dir.resolve("sessions.db"))
            : SessionStores.inMemory();
    appendTarget = sessions.create(NewSession.of().withModel("bench/model"));
    loaded = sessions.create(NewSession.of().withModel("bench/model"));
    List<Turn> turns = new ArrayList<>(1000);
    for (int i = 0; i < 500; i++) {
      turns.add(Turn.user(TEXT + " #" + i));
      turns.add(Turn.assistant(TEXT + " answer #" + i).withModel("bench/model").withUsage(40, 20));
    }
    sessions.append(loaded.id(), turns);
    if (sessions.history(loaded.id()).size() != 1000) {
      throw new IllegalStateException("history setup failed");
    }
    raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
    try (Statement s = raw.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("CREATE TABLE t (session TEXT, idx INTEGER, role TEXT, content TEXT)");
    }
    rawInsert = raw.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    sessions.close();
    rawInsert.close();
    raw.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One user turn appended, in its own transaction. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public List<Turn> appendOneTurn() {
    return sessions.append(appendTarget.id(), List.of(Turn.user(TEXT)));
  }

  /** The whole 1,000-turn history read back. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Turn> loadThousandTurnHistory() {
    return sessions.history(loaded.id());
  }

  /** The raw rate: one row inserted with sqlite-jdbc in autocommit, same pragmas. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int rawSqliteInsert() throws SQLException {
    rawInsert.setString(1, "s");
    rawInsert.setLong(2, rawRow++);
    rawInsert.setString(3, "user");
    rawInsert.setString(4, TEXT);
    return rawInsert.executeUpdate();
  }
}
