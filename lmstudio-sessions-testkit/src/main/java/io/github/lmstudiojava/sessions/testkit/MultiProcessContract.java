package io.github.lmstudiojava.sessions.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour a {@link SessionStore} must keep when several processes share it: writers in two
 * JVMs, several threads each, recording to the same sessions, and a JVM killed while it records.
 * Extend it in a test of your own store, with a URI that {@link SessionStores#open(String)} opens
 * in a child JVM on the test's class path:
 *
 * <pre>{@code
 * class PostgresMultiProcessTest extends MultiProcessContract {
 *   @Override
 *   protected String storeUri() {
 *     return "jdbc:postgresql://localhost:5432/chats?user=test&password=test";
 *   }
 * }
 * }</pre>
 *
 * <p>Each test works on sessions whose ids are new to the store ({@code mp-<random>-s0} ...), so
 * the URI may name the same shared database every time; nothing is deleted afterwards. The child
 * JVMs run {@link RecordingChild}; whatever they print on stderr is part of the failure message.
 * Every wait is bounded, and the children still running when a test ends are killed.
 */
public abstract class MultiProcessContract {
  static final int THREADS = 8;
  static final int SESSIONS = 3;
  static final int RECORDED = 12;
  static final int APPENDED = 25;

  /** Each round of the crash test kills its writer once it has acknowledged this many. */
  static final List<Integer> KILL_AFTER = List.of(1, 20, 80);

  /** How long one test may take, all its children included. */
  static final Duration TIME_LIMIT = Duration.ofSeconds(90);

  private final List<ChildJvm> children = new ArrayList<>();
  private String uri;
  private SessionStore store;
  private List<String> sessionIds;
  private long deadline;

  /**
   * The store the child JVMs share: a URI {@link SessionStores#open(String)} opens, in this JVM and
   * in children started with its class path. Called once before each test.
   *
   * @return the URI
   */
  protected abstract String storeUri();

  /**
   * The options of each child JVM, before its class path: by default a small, quick-starting JVM
   * whose own warnings go to stderr, never into the lines it prints on stdout.
   *
   * @return the options
   */
  protected List<String> childJvmOptions() {
    return List.of(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xmx128m",
        "-Xlog:disable",
        "-Xlog:all=warning:stderr");
  }

  /**
   * Checks what the store itself can tell about its health (a SQLite store runs {@code PRAGMA
   * integrity_check}, for instance), after the children stopped writing; does nothing by default.
   *
   * @param uri the store's URI, as {@link #storeUri()} gave it
   */
  protected void assertStoreIntact(String uri) {}

  /** Opens the store and creates this test's sessions. */
  @BeforeEach
  void createSessions() {
    deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    uri = storeUri();
    store = SessionStores.open(uri);
    String run = "mp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "-";
    sessionIds = IntStream.range(0, SESSIONS).mapToObj(i -> run + "s" + i).toList();
    for (String id : sessionIds) {
      store.create(NewSession.withId(id));
    }
  }

  /** Kills the children still running, and closes the store. */
  @AfterEach
  void stopChildren() throws InterruptedException {
    try {
      for (ChildJvm child : children) {
        child.close();
      }
    } finally {
      // null when storeUri() skipped the test (an assumption that failed)
      if (store != null) {
        store.close();
      }
    }
  }

  @Test
  void twoProcessesRecordingToSharedSessionsStoreEveryExchangeOnceAnsweredFromTheTurnsBeforeIt()
      throws Exception {
    List<ChildJvm> writers =
        List.of(start("record", "a", THREADS, RECORDED), start("record", "b", THREADS, RECORDED));
    go(writers);
    List<String> acked = new ArrayList<>();
    for (ChildJvm writer : writers) {
      acked.addAll(readUntilDone(writer));
    }

    List<String> expected = questions(List.of("a", "b"), THREADS, RECORDED);
    assertThat(acked).containsExactlyInAnyOrderElementsOf(expected);
    ExchangeLog log = ExchangeLog.recorded(store, sessionIds).assertOnceEachInWriterOrder();
    assertThat(log.all()).containsExactlyInAnyOrderElementsOf(expected);
    assertStoreIntact(uri);
  }

  @Test
  void twoProcessesAppendingToSharedSessionsLoseSplitAndDuplicateNothing() throws Exception {
    List<ChildJvm> writers =
        List.of(start("append", "a", THREADS, APPENDED), start("append", "b", THREADS, APPENDED));
    go(writers);
    for (ChildJvm writer : writers) {
      readUntilDone(writer);
    }

    ExchangeLog log = ExchangeLog.appended(store, sessionIds).assertOnceEachInWriterOrder();
    assertThat(log.all())
        .containsExactlyInAnyOrderElementsOf(questions(List.of("a", "b"), THREADS, APPENDED));
    assertStoreIntact(uri);
  }

  @Test
  void killingAProcessWhileItRecordsLosesNoAcknowledgedExchangeAndStoresNoHalfOne()
      throws Exception {
    List<String> acked = new ArrayList<>();
    for (int round = 0; round < KILL_AFTER.size(); round++) {
      String name = "k" + round;
      // Another process records beside the one killed, and must finish unharmed.
      ChildJvm killed = start("record", name, THREADS, 100_000);
      ChildJvm survivor = start("record", "s" + round, THREADS / 2, RECORDED);
      go(List.of(killed, survivor));
      List<String> ackedBeforeKill = readAcks(killed, KILL_AFTER.get(round));
      killed.kill(deadline);
      ackedBeforeKill.addAll(readLastAcks(killed));
      acked.addAll(ackedBeforeKill);
      acked.addAll(readUntilDone(survivor));

      ExchangeLog log = ExchangeLog.recorded(store, sessionIds).assertOnceEachInWriterOrder();
      assertThat(log.all()).as("acknowledged exchanges, round %s", round).containsAll(acked);
      for (int t = 0; t < THREADS; t++) {
        String writer = name + ":" + t;
        TreeSet<Integer> ackedOfWriter = new TreeSet<>();
        ackedBeforeKill.stream()
            .filter(q -> ExchangeLog.writer(q).equals(writer))
            .forEach(q -> ackedOfWriter.add(ExchangeLog.exchange(q)));
        TreeSet<Integer> stored = log.exchangesOf(writer);
        // A writer records one exchange at a time: it stored those it acknowledged, and at most
        // the one it was recording when it was killed.
        assertThat(stored)
            .as("exchanges stored by %s", writer)
            .containsExactlyElementsOf(upTo(stored.size()));
        assertThat(stored.size() - ackedOfWriter.size())
            .as(
                "exchanges of %s stored but not acknowledged (acknowledged: %s)",
                writer, ackedOfWriter)
            .isBetween(0, 1);
      }
      assertStoreIntact(uri);
    }

    ChildJvm after = start("record", "after", THREADS / 2, RECORDED);
    go(List.of(after));
    acked.addAll(readUntilDone(after));
    RecordingChild.record(store, sessionIds.get(0), "parent:0:0");
    acked.add("parent:0:0");

    ExchangeLog log = ExchangeLog.recorded(store, sessionIds).assertOnceEachInWriterOrder();
    assertThat(log.all()).containsAll(acked);
    assertThat(log.exchangesOf("after:0")).containsExactlyElementsOf(upTo(RECORDED));
    assertStoreIntact(uri);
  }

  /** Starts a {@link RecordingChild} on this test's sessions and waits until it is ready. */
  private ChildJvm start(String mode, String name, int threads, int exchanges)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(mode, uri, name, "" + threads, "" + exchanges));
    args.addAll(sessionIds);
    ChildJvm child = ChildJvm.start(name, childJvmOptions(), RecordingChild.class, args);
    children.add(child);
    String line = child.readLine(deadline);
    if (!"ready".equals(line)) {
      fail("%s instead of ready from %s", shown(line), child);
    }
    return child;
  }

  /** Lets the children write, all at about the same time. */
  private static void go(List<ChildJvm> writers) throws IOException {
    for (ChildJvm writer : writers) {
      writer.send("go");
    }
  }

  /** Reads acknowledged questions until {@code count} of them. */
  private List<String> readAcks(ChildJvm child, int count) throws InterruptedException {
    List<String> acked = new ArrayList<>();
    while (acked.size() < count) {
      String line = child.readLine(deadline);
      String question = acked(line);
      if (question == null) {
        fail("%s after %s of %s acknowledgements from %s", shown(line), acked.size(), count, child);
      }
      acked.add(question);
    }
    return acked;
  }

  /** Reads acknowledged questions until the end of a killed child's stdout. */
  private List<String> readLastAcks(ChildJvm child) throws InterruptedException {
    List<String> acked = new ArrayList<>();
    for (String line = child.readLine(deadline); line != null; line = child.readLine(deadline)) {
      String question = acked(line);
      if (question == null) {
        fail("%s after the kill from %s", shown(line), child);
      }
      acked.add(question);
    }
    return acked;
  }

  /** Reads acknowledged questions until {@code done}, and checks that the child ended well. */
  private List<String> readUntilDone(ChildJvm child) throws InterruptedException {
    List<String> acked = new ArrayList<>();
    for (String line = child.readLine(deadline); ; line = child.readLine(deadline)) {
      String question = acked(line);
      if (question != null) {
        acked.add(question);
      } else if (line != null && line.startsWith("done ")) {
        break;
      } else {
        fail("%s after %s acknowledgements from %s", shown(line), acked.size(), child);
      }
    }
    assertThat(child.awaitExit(deadline)).as("exit status of %s", child).isZero();
    return acked;
  }

  /** The question of an {@code ack QUESTION;} line, or null for any other line. */
  private static String acked(String line) {
    return line != null && line.startsWith("ack ") && line.endsWith(";")
        ? line.substring("ack ".length(), line.length() - 1)
        : null;
  }

  private static String shown(String line) {
    return line == null ? "end of output" : "\"" + line + "\"";
  }

  private static List<String> questions(List<String> names, int threads, int exchanges) {
    List<String> all = new ArrayList<>();
    for (String name : names) {
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < exchanges; i++) {
          all.add(name + ":" + t + ":" + i);
        }
      }
    }
    return all;
  }

  private static List<Integer> upTo(int count) {
    return IntStream.range(0, count).boxed().toList();
  }
}
