package io.github.lmstudiojava.sessions.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Recorded;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionConflictException;
import io.github.lmstudiojava.sessions.SessionIds;
import io.github.lmstudiojava.sessions.SessionNotFoundException;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.github.lmstudiojava.sessions.ToolCall;
import io.github.lmstudiojava.sessions.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. Extend it in a test of your own store:
 *
 * <pre>{@code
 * class PostgresSessionStoreTest extends SessionStoreContract {
 *   @Override
 *   protected SessionStore newStore() {
 *     return new PostgresSessionStore(dataSource);   // empty for each test
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store from {@link #newStore()} and closes it afterwards.
 */
public abstract class SessionStoreContract {
  /** The store under test, fresh for each test. */
  protected SessionStore store;

  /**
   * A new, empty store.
   *
   * @return the store
   */
  protected abstract SessionStore newStore();

  /** Opens the store under test. */
  @BeforeEach
  void openStore() {
    store = newStore();
  }

  /** Closes the store under test. */
  @AfterEach
  void closeStore() {
    // null when newStore() skipped the test (an assumption that failed)
    if (store != null) {
      store.close();
    }
  }

  @Test
  void createGeneratesDistinctIdsAndKeepsTheGivenValues() {
    Session a = store.create(NewSession.of().withTitle("A").withModel("m").withSystemPrompt("s"));
    Session b = store.create(NewSession.of());

    assertThat(a.id()).isNotBlank().isNotEqualTo(b.id());
    assertThat(a.title()).isEqualTo("A");
    assertThat(a.model()).isEqualTo("m");
    assertThat(a.systemPrompt()).isEqualTo("s");
    assertThat(a.lastResponseId()).isNull();
    assertThat(a.updatedAt()).isEqualTo(a.createdAt());
    assertThat(store.find(a.id())).contains(a);
  }

  @Test
  void createWithAGivenIdRefusesADuplicate() {
    store.create(NewSession.withId("support-42"));

    assertThatThrownBy(() -> store.create(NewSession.withId("support-42")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("support-42");
    assertThat(store.list(0, 10)).hasSize(1);
  }

  @Test
  void findOfAnUnknownIdIsEmpty() {
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void updateReplacesTheMetadataButNotTheCreationTime() {
    Session created = store.create(NewSession.of().withTitle("old"));

    Session updated =
        store.update(
            created
                .withTitle("new")
                .withModel("m2")
                .withSystemPrompt("be brief")
                .withLastResponseId("resp_1"));

    assertThat(updated.title()).isEqualTo("new");
    assertThat(updated.model()).isEqualTo("m2");
    assertThat(updated.systemPrompt()).isEqualTo("be brief");
    assertThat(updated.lastResponseId()).isEqualTo("resp_1");
    assertThat(updated.createdAt()).isEqualTo(created.createdAt());
    assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
    assertThat(store.find(created.id())).contains(updated);
  }

  @Test
  void appendStoresTurnsInOrderWithContiguousIndices() {
    Session s = store.create(NewSession.of());

    List<Turn> first = store.append(s.id(), List.of(Turn.user("1"), Turn.assistant("2")));
    List<Turn> second = store.append(s.id(), List.of(Turn.user("3")));

    assertThat(first).extracting(Turn::index).containsExactly(0L, 1L);
    assertThat(second).extracting(Turn::index).containsExactly(2L);
    assertThat(first).allSatisfy(t -> assertThat(t.createdAt()).isNotNull());
    assertThat(store.history(s.id())).extracting(Turn::content).containsExactly("1", "2", "3");
    assertThat(store.history(s.id())).isEqualTo(concat(first, second));
  }

  @Test
  void everyFieldOfATurnComesBackExactly() {
    Session s = store.create(NewSession.of());
    Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
    Turn assistant =
        new Turn(
            -1,
            Role.ASSISTANT,
            "Le café coûte 3 € \uD83D\uDE00\n\"quoted\"",
            "thinking…",
            List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\",\"n\":1}")),
            null,
            "qwen/qwen3-4b",
            120,
            35,
            "resp_abc",
            at);
    Turn tool = Turn.tool("call_1", "{\"sunny\":true}");

    store.append(s.id(), List.of(Turn.system("sys"), assistant, tool));

    List<Turn> history = store.history(s.id());
    assertThat(history.get(1)).isEqualTo(assistant.stored(1, at));
    assertThat(history.get(2).role()).isEqualTo(Role.TOOL);
    assertThat(history.get(2).toolCallId()).isEqualTo("call_1");
    assertThat(history.get(2).content()).isEqualTo("{\"sunny\":true}");
    assertThat(history.get(0).role()).isEqualTo(Role.SYSTEM);
  }

  @Test
  void historyHonoursOffsetAndLimit() {
    Session s = store.create(NewSession.of());
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      turns.add(Turn.user("t" + i));
    }
    store.append(s.id(), turns);

    assertThat(store.history(s.id(), 3, 4))
        .extracting(Turn::content)
        .containsExactly("t3", "t4", "t5", "t6");
    assertThat(store.history(s.id(), 8, 100)).extracting(Turn::index).containsExactly(8L, 9L);
    assertThat(store.history(s.id(), 20, 5)).isEmpty();
    assertThat(store.history(s.id(), 0, 0)).isEmpty();
    assertThatThrownBy(() -> store.history(s.id(), -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idsThatCannotBeStoredFaithfullyAreRefusedEverywhere() {
    store.create(NewSession.withId("a?b"));
    String lone = "a\uD800b";
    String[] bad = {
      lone, "a\uDC00", "line\nbreak", "tab\there", "x".repeat(SessionIds.MAX_LENGTH + 1), " "
    };

    for (String id : bad) {
      assertThatThrownBy(() -> store.create(NewSession.withId(id)))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.find(id)).as(id).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append(id, List.of(Turn.user("x"))))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.history(id, 0, 10))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(id))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.history("a?b")).isEmpty();
    assertThat(store.create(NewSession.withId("x".repeat(SessionIds.MAX_LENGTH))).id())
        .hasSize(SessionIds.MAX_LENGTH);
    assertThat(store.create(NewSession.withId("emoji \uD83D\uDE00 ok")).id())
        .isEqualTo("emoji \uD83D\uDE00 ok");
    assertThat(store.find("emoji \uD83D\uDE00 ok")).isPresent();
  }

  @Test
  void anUnknownSessionIsReportedAndNothingIsStored() {
    assertThatThrownBy(() -> store.append("nope", List.of(Turn.user("x"))))
        .isInstanceOf(SessionNotFoundException.class)
        .satisfies(e -> assertThat(((SessionNotFoundException) e).sessionId()).isEqualTo("nope"));
    assertThatThrownBy(() -> store.history("nope")).isInstanceOf(SessionNotFoundException.class);
    Instant now = Instant.now();
    assertThatThrownBy(() -> store.update(new Session("nope", "t", null, null, null, now, now)))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> store.rename("nope", "t"))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.find("nope")).isEmpty();
    assertThat(store.list(0, 10)).isEmpty();
  }

  @Test
  void listShowsTheMostRecentlyUpdatedFirstWithTurnCounts() throws InterruptedException {
    Session older = store.create(NewSession.of().withTitle("older").withModel("m"));
    pause();
    Session newer = store.create(NewSession.of().withTitle("newer"));
    pause();
    store.append(older.id(), List.of(Turn.user("a"), Turn.assistant("b")));

    List<SessionSummary> all = store.list(0, 10);

    assertThat(all).extracting(SessionSummary::id).containsExactly(older.id(), newer.id());
    assertThat(all.get(0).turnCount()).isEqualTo(2);
    assertThat(all.get(0).title()).isEqualTo("older");
    assertThat(all.get(0).model()).isEqualTo("m");
    assertThat(all.get(1).turnCount()).isZero();
    assertThat(store.list(1, 10)).extracting(SessionSummary::id).containsExactly(newer.id());
    assertThat(store.list(0, 1)).extracting(SessionSummary::id).containsExactly(older.id());
  }

  @Test
  void renameAndForkCopyWhatTheySay() {
    Session s = store.create(NewSession.of().withModel("m").withSystemPrompt("sys"));
    store.append(s.id(), List.of(Turn.user("1"), Turn.assistant("2"), Turn.user("3")));

    Session renamed = store.rename(s.id(), "Trip");
    Session fork = store.fork(s.id(), 2, NewSession.withId("branch"));

    assertThat(renamed.title()).isEqualTo("Trip");
    assertThat(fork.id()).isEqualTo("branch");
    assertThat(fork.model()).isEqualTo("m");
    assertThat(fork.systemPrompt()).isEqualTo("sys");
    assertThat(store.history("branch")).extracting(Turn::content).containsExactly("1", "2");
    assertThat(store.history(s.id())).hasSize(3);
  }

  @Test
  void deleteRemovesTheSessionAndItsTurns() {
    Session s = store.create(NewSession.of());
    store.append(s.id(), List.of(Turn.user("x")));

    assertThat(store.delete(s.id())).isTrue();
    assertThat(store.delete(s.id())).isFalse();
    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.list(0, 10)).isEmpty();
    assertThatThrownBy(() -> store.history(s.id())).isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void concurrentAppendsLoseAndReorderNothing() throws Exception {
    int threads = 8;
    int perThread = 50;
    Session shared = store.create(NewSession.withId("shared"));
    List<Session> own = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      own.add(store.create(NewSession.withId("own-" + t)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  String text = thread + ":" + i;
                  store.append(own.get(thread).id(), List.of(Turn.user(text)));
                  store.append(shared.id(), List.of(Turn.user(text), Turn.assistant(text)));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (int t = 0; t < threads; t++) {
      List<Turn> history = store.history(own.get(t).id());
      assertThat(history).hasSize(perThread);
      for (int i = 0; i < perThread; i++) {
        assertThat(history.get(i).content()).isEqualTo(t + ":" + i);
        assertThat(history.get(i).index()).isEqualTo(i);
      }
    }
    List<Turn> sharedHistory = store.history(shared.id());
    assertThat(sharedHistory).hasSize(threads * perThread * 2);
    int[] next = new int[threads];
    for (int i = 0; i < sharedHistory.size(); i += 2) {
      Turn user = sharedHistory.get(i);
      Turn assistant = sharedHistory.get(i + 1);
      assertThat(user.index()).isEqualTo(i);
      // One append's turns stay together, and each thread's appends stay in its order.
      assertThat(assistant.content()).isEqualTo(user.content());
      int thread = Integer.parseInt(user.content().substring(0, user.content().indexOf(':')));
      assertThat(user.content()).isEqualTo(thread + ":" + next[thread]++);
    }
  }

  @Test
  void everyWriteMovesTheVersionOn() {
    Session s = store.create(NewSession.withId("v").withModel("m"));
    assertThat(s.version()).isZero();
    assertThat(store.update(s.withTitle("t")).version()).isEqualTo(1);
    store.append("v", List.of(Turn.user("a")));
    assertThat(store.find("v").orElseThrow().version()).isEqualTo(2);
    assertThat(store.reset("v").version()).isEqualTo(3);
    Recorded r = store.record(store.find("v").orElseThrow(), List.of(Turn.user("b")));
    assertThat(r.session().version()).isEqualTo(4);
    assertThat(store.find("v").orElseThrow()).isEqualTo(r.session());
  }

  @Test
  void recordStoresTheTurnsAndTheNewStateTogether() {
    Session s = store.create(NewSession.withId("r").withModel("m").withSystemPrompt("Be brief."));
    store.append("r", List.of(Turn.user("earlier"), Turn.assistant("yes")));
    Session read = store.find("r").orElseThrow();

    Recorded r =
        store.record(
            read.withLastResponseId("resp_9").withModel("other"),
            List.of(Turn.user("q"), Turn.assistant("a").withResponseId("resp_9")));

    assertThat(r.turns()).extracting(Turn::index).containsExactly(2L, 3L);
    assertThat(r.turns()).extracting(Turn::content).containsExactly("q", "a");
    Session stored = store.find("r").orElseThrow();
    assertThat(stored.lastResponseId()).isEqualTo("resp_9");
    assertThat(stored.model()).isEqualTo("other");
    assertThat(stored.systemPrompt()).isEqualTo("Be brief.");
    assertThat(stored.createdAt()).isEqualTo(s.createdAt());
    assertThat(stored.version()).isEqualTo(read.version() + 1);
    assertThat(store.history("r"))
        .extracting(Turn::content)
        .containsExactly("earlier", "yes", "q", "a");
  }

  @Test
  void recordOnASessionChangedSinceItWasReadStoresNothing() {
    store.create(NewSession.withId("c").withModel("m"));
    Session read = store.find("c").orElseThrow();
    store.append("c", List.of(Turn.user("another writer")));

    assertThatThrownBy(
            () ->
                store.record(
                    read.withLastResponseId("resp_1"),
                    List.of(Turn.user("q"), Turn.assistant("a"))))
        .isInstanceOfSatisfying(
            SessionConflictException.class,
            e -> {
              assertThat(e.sessionId()).isEqualTo("c");
              assertThat(e.expectedVersion()).isEqualTo(read.version());
              assertThat(e.actualVersion()).isEqualTo(read.version() + 1);
              assertThat(e.getMessage()).contains("\"c\"").contains("nothing was stored");
            });
    Session now = store.find("c").orElseThrow();
    assertThat(now.lastResponseId()).isNull();
    assertThat(store.history("c")).extracting(Turn::content).containsExactly("another writer");
  }

  @Test
  void recordOnAnUnknownSessionIsReported() {
    Instant now = Instant.now();
    Session ghost = new Session("ghost", null, "m", null, null, now, now, 0);
    assertThatThrownBy(() -> store.record(ghost, List.of(Turn.user("q"))))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.find("ghost")).isEmpty();
  }

  @Test
  void resetClearsTheTurnsAndResponseIdButKeepsTheSettings() {
    store.create(NewSession.withId("z").withTitle("T").withModel("m").withSystemPrompt("S"));
    Session read = store.find("z").orElseThrow();
    store.record(read.withLastResponseId("resp_1"), List.of(Turn.user("q"), Turn.assistant("a")));

    Session reset = store.reset("z");

    assertThat(reset.lastResponseId()).isNull();
    assertThat(reset.title()).isEqualTo("T");
    assertThat(reset.model()).isEqualTo("m");
    assertThat(reset.systemPrompt()).isEqualTo("S");
    assertThat(store.history("z")).isEmpty();
    assertThat(store.append("z", List.of(Turn.user("again"))).get(0).index()).isZero();
    assertThat(store.list(0, 10)).extracting(SessionSummary::turnCount).containsExactly(1L);
    assertThatThrownBy(() -> store.reset("nope")).isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void listWithAPrefixShowsOnlyTheIdsThatStartWithIt() {
    store.create(NewSession.withId("alice/1"));
    store.create(NewSession.withId("alice/2"));
    store.create(NewSession.withId("alicex/1"));
    store.create(NewSession.withId("bob/1"));
    store.create(NewSession.withId("100%_x"));
    store.create(NewSession.withId("1000_x"));

    assertThat(store.list("alice/", 0, 10))
        .extracting(SessionSummary::id)
        .containsExactlyInAnyOrder("alice/1", "alice/2");
    assertThat(store.list("alice/", 1, 10)).hasSize(1);
    // Characters that are wildcards in SQL LIKE match only themselves.
    assertThat(store.list("100%_", 0, 10)).extracting(SessionSummary::id).containsExactly("100%_x");
    assertThat(store.list("", 0, 10)).hasSize(6);
    assertThat(store.list("carol/", 0, 10)).isEmpty();
  }

  @Test
  void namespacesOverThisStoreNeverSeeEachOthersSessions() {
    SessionStore alice = SessionStores.namespaced(store, "alice");
    SessionStore bob = SessionStores.namespaced(store, "bob");
    alice.create(NewSession.withId("chat").withModel("m"));
    alice.append("chat", List.of(Turn.user("alice's secret")));
    bob.create(NewSession.withId("chat").withModel("m"));

    assertThat(bob.history("chat")).isEmpty();
    assertThat(alice.history("chat")).extracting(Turn::content).containsExactly("alice's secret");
    assertThat(bob.list(0, 10)).extracting(SessionSummary::id).containsExactly("chat");
    assertThat(bob.find("alice/chat")).isEmpty();
    assertThat(bob.delete("alice/chat")).isFalse();
    assertThatThrownBy(() -> bob.history("secret"))
        .isInstanceOfSatisfying(
            SessionNotFoundException.class, e -> assertThat(e.sessionId()).isEqualTo("secret"));
    assertThat(bob.delete("chat")).isTrue();
    assertThat(alice.find("chat")).isPresent();
    assertThat(store.list(0, 10)).extracting(SessionSummary::id).containsExactly("alice/chat");
  }

  @Test
  void concurrentRecordersThatRetryOnConflictLoseAndInterleaveNothing() throws Exception {
    int threads = 8;
    int perThread = 25;
    store.create(NewSession.withId("contended").withModel("m"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                int conflicts = 0;
                for (int i = 0; i < perThread; i++) {
                  String text = thread + ":" + i;
                  while (true) {
                    Session read = store.find("contended").orElseThrow();
                    // The answer depends on what was read: its version is the history's length.
                    String answer = text + "@" + store.history("contended").size();
                    try {
                      store.record(
                          read.withLastResponseId(text),
                          List.of(Turn.user(text), Turn.assistant(answer)));
                      break;
                    } catch (SessionConflictException e) {
                      conflicts++;
                    }
                  }
                }
                return conflicts;
              }));
    }
    start.countDown();
    for (Future<Integer> future : done) {
      future.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<Turn> history = store.history("contended");
    assertThat(history).hasSize(threads * perThread * 2);
    int[] next = new int[threads];
    for (int i = 0; i < history.size(); i += 2) {
      String question = history.get(i).content();
      // Each answer follows its own question, and was made from exactly the turns before it.
      assertThat(history.get(i + 1).content()).isEqualTo(question + "@" + i);
      int thread = Integer.parseInt(question.substring(0, question.indexOf(':')));
      assertThat(question).isEqualTo(thread + ":" + next[thread]++);
    }
    Session last = store.find("contended").orElseThrow();
    assertThat(last.lastResponseId()).isEqualTo(history.get(history.size() - 2).content());
  }

  private static void pause() throws InterruptedException {
    // Stores keep times to the millisecond; two steps must not share one.
    Thread.sleep(5);
  }

  private static List<Turn> concat(List<Turn> a, List<Turn> b) {
    List<Turn> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
