package io.github.lmstudiojava.sessions;

import static io.github.lmstudiojava.sessions.SqliteSessionStoreMultiProcessTest.indices;
import static io.github.lmstudiojava.sessions.SqliteSessionStoreMultiProcessTest.integrityCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreCrashTest {
  static final int ROUNDS = 8;

  /** Each round kills its child after a random number of acknowledged appends, up to this. */
  static final int MAX_ACKS_BEFORE_KILL = 400;

  /** A child that is never killed stops after this many appends. */
  static final int MAX_APPENDS = 5_000;

  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final String END = "\0end";

  @TempDir Path dir;

  @Test
  void killingTheWritingProcessLosesNoAcknowledgedTurnAndLeavesTheFileIntact() throws Exception {
    Path file = dir.resolve("chats.db");
    try (SessionStore store = SessionStores.sqlite(file)) {
      store.create(NewSession.withId("s"));
    }
    Random random = new Random(20261121L);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    List<String> stored = List.of();

    for (int round = 0; round < ROUNDS; round++) {
      int killAfter = random.nextInt(MAX_ACKS_BEFORE_KILL + 1);
      List<String> acked = runAndKill(file, round, killAfter, deadline);

      assertThat(integrityCheck(file)).as("integrity after round %s", round).isEqualTo("ok");
      List<Turn> history;
      try (SessionStore store = SessionStores.sqlite(file)) {
        history = store.history("s");
      }
      assertThat(history)
          .extracting(Turn::index)
          .as("indices after round %s", round)
          .containsExactlyElementsOf(indices(history.size()));
      List<String> texts = history.stream().map(Turn::content).toList();
      // Earlier rounds' turns are untouched, and this round's follow them.
      assertThat(texts).hasSizeGreaterThanOrEqualTo(stored.size());
      assertThat(texts.subList(0, stored.size())).isEqualTo(stored);
      List<String> added = texts.subList(stored.size(), texts.size());
      // The child appends one turn at a time and acknowledges each once committed, in order, so
      // it stored what it acknowledged plus at most the turn it was writing when it was killed.
      assertThat(acked).isEqualTo(texts("r" + round, acked.size()));
      assertThat(added)
          .as("turns stored in round %s (killed after %s acks)", round, killAfter)
          .hasSizeBetween(acked.size(), acked.size() + 1)
          .isEqualTo(texts("r" + round, added.size()));
      stored = texts;
    }
    assertThat(stored).doesNotHaveDuplicates();
  }

  /**
   * Starts a child appending to session {@code s}, kills it once it acknowledged {@code killAfter}
   * appends, and returns the texts it acknowledged.
   */
  private List<String> runAndKill(Path file, int round, int killAfter, long deadline)
      throws Exception {
    Path stderr = dir.resolve("round-" + round + ".stderr");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process process = null;
    Thread reader = null;
    try {
      process =
          ChildJvm.builder(
                  AckingAppendChild.class,
                  stderr,
                  file.toString(),
                  "s",
                  "r" + round,
                  Integer.toString(MAX_APPENDS))
              .start();
      reader = readLines(process, lines);
      List<String> acked = new ArrayList<>();
      boolean ended = false;
      while (acked.size() < killAfter && !ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("round %s: %s acks of %s before the deadline", round, acked.size(), killAfter);
        }
        String line = lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          continue;
        }
        if (line.equals(END)) {
          ended = true;
        } else {
          acked.add(ack(line));
        }
      }
      if (ended) {
        fail(
            "round %s: the child ended by itself after %s acks, status %s, stderr: %s",
            round, acked.size(), process.waitFor(), ChildJvm.read(stderr));
      }
      // SIGKILL on Linux. Process.destroyForcibly() would also close our end of the child's
      // stdout and drop the acks still in the pipe; the handle only sends the signal.
      process.toHandle().destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("child killed").isTrue();
      // Whatever the child printed before it died is still in the pipe: take every ack.
      for (String line = lines.poll(10, TimeUnit.SECONDS);
          line != null && !line.equals(END);
          line = lines.poll(10, TimeUnit.SECONDS)) {
        acked.add(ack(line));
      }
      return acked;
    } finally {
      ChildJvm.kill(process);
      if (reader != null) {
        reader.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private static Thread readLines(Process process, BlockingQueue<String> lines) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the stream ends when the child dies
              } finally {
                lines.add(END);
              }
            },
            "child-stdout");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static String ack(String line) {
    assertThat(line).startsWith("ack ");
    return line.substring("ack ".length());
  }

  private static List<String> texts(String prefix, int count) {
    return SqliteSessionStoreMultiProcessTest.texts(prefix, count);
  }
}
