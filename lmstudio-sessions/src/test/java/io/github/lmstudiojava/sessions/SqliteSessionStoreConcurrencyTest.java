package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreConcurrencyTest {
  static final int THREADS = 8;
  static final int APPENDS = 40;

  @TempDir Path dir;

  @Test
  void threadsAppendingToTheirOwnAndToOneSharedSessionLoseAndReorderNothing() throws Exception {
    try (SqliteSessionStore store =
        new SqliteSessionStore(
            dir.resolve("chats.db"), Duration.ofSeconds(10), Clock.systemUTC())) {
      store.create(NewSession.withId("shared"));
      IntStream.range(0, THREADS).forEach(t -> store.create(NewSession.withId("own-" + t)));
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < APPENDS; i++) {
                      store.append(
                          "own-" + thread,
                          List.of(
                              Turn.user(thread + ":" + i + ":q"),
                              Turn.assistant(thread + ":" + i + ":a")));
                      store.append(
                          "shared",
                          List.of(
                              Turn.user(thread + ":" + i + ":q"),
                              Turn.assistant(thread + ":" + i + ":a")));
                      store.history("shared", 0, 5);
                      store.list(0, 3);
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      for (int t = 0; t < THREADS; t++) {
        List<Turn> own = store.history("own-" + t);
        assertThat(own).extracting(Turn::index).containsExactlyElementsOf(indices(2 * APPENDS));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < APPENDS; i++) {
          expected.add(t + ":" + i + ":q");
          expected.add(t + ":" + i + ":a");
        }
        assertThat(own).extracting(Turn::content).containsExactlyElementsOf(expected);
      }

      List<Turn> shared = store.history("shared");
      assertThat(shared)
          .extracting(Turn::index)
          .containsExactlyElementsOf(indices(2 * THREADS * APPENDS));
      for (int k = 0; k < shared.size(); k += 2) {
        String q = shared.get(k).content();
        String a = shared.get(k + 1).content();
        assertThat(q).endsWith(":q");
        assertThat(a).isEqualTo(q.substring(0, q.length() - 1) + "a"); // each append stays whole
      }
      for (int t = 0; t < THREADS; t++) {
        String prefix = t + ":";
        List<String> mine =
            shared.stream().map(Turn::content).filter(c -> c.startsWith(prefix)).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < APPENDS; i++) {
          expected.add(t + ":" + i + ":q");
          expected.add(t + ":" + i + ":a");
        }
        assertThat(mine).containsExactlyElementsOf(expected);
      }
      assertThat(store.list(0, 100))
          .filteredOn(s -> s.id().equals("shared"))
          .singleElement()
          .extracting(SessionSummary::turnCount)
          .isEqualTo((long) 2 * THREADS * APPENDS);
    }
  }

  static List<Long> indices(int count) {
    return IntStream.range(0, count).mapToObj(i -> (long) i).toList();
  }
}
