package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Recorded;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Session store costs, for any store {@code SessionStores.open} opens: exchanges recorded per
 * second by one thread (a user and an assistant turn per {@code record}, so one transaction each),
 * and loading a 1,000-turn history. {@code -p uri=...} picks the store; {@code {tmp}} in it stands
 * for a temporary directory. The sessions are new ones with random ids, deleted after the trial, so
 * a shared database may be used.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SessionStoreBenchmark {
  static final String TEXT =
      "The café opens at eight; bring the \"usual\" order and a receipt, please.";

  @Param({"memory:", "sqlite:{tmp}/sessions.db"})
  public String uri;

  private StoreUris location;
  private SessionStore sessions;
  private Session recordTarget;
  private Session loaded;

  @Setup(Level.Trial)
  public void open() throws IOException {
    location = StoreUris.resolve(uri);
    sessions = SessionStores.open(location.uri());
    String run = "bench-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    recordTarget = sessions.create(NewSession.withId(run + "-record").withModel("bench/model"));
    loaded = sessions.create(NewSession.withId(run + "-load").withModel("bench/model"));
    List<Turn> turns = new ArrayList<>(1000);
    for (int i = 0; i < 500; i++) {
      turns.add(Turn.user(TEXT + " #" + i));
      turns.add(Turn.assistant(TEXT + " answer #" + i).withModel("bench/model").withUsage(40, 20));
    }
    sessions.append(loaded.id(), turns);
    if (sessions.history(loaded.id()).size() != 1000) {
      throw new IllegalStateException("history setup failed");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    try {
      sessions.delete(recordTarget.id());
      sessions.delete(loaded.id());
      sessions.close();
    } finally {
      location.delete();
    }
  }

  /** One exchange recorded: a user and an assistant turn and the session's new state, together. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Recorded recordExchange() {
    Recorded recorded =
        sessions.record(
            recordTarget.withLastResponseId("resp_bench"),
            List.of(
                Turn.user(TEXT),
                Turn.assistant(TEXT + " answer").withModel("bench/model").withUsage(40, 20)));
    recordTarget = recorded.session();
    return recorded;
  }

  /** The whole 1,000-turn history read back. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Turn> loadThousandTurnHistory() {
    return sessions.history(loaded.id());
  }
}
