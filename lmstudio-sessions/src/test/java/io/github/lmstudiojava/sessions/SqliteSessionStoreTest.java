package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest {
  @TempDir Path dir;
  Path file;
  final StepClock clock = new StepClock(Instant.parse("2026-03-01T10:00:00.123456789Z"));
  SqliteSessionStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("chats.db");
    store = new SqliteSessionStore(file, Duration.ofSeconds(5), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A clock that moves one second on every reading, so every change has its own time. */
  static final class StepClock extends Clock {
    private Instant next;

    StepClock(Instant start) {
      this.next = start;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void createGeneratesAnIdAndFindReturnsTheSession() {
    Session s =
        store.create(
            NewSession.of()
                .withTitle("Trip")
                .withModel("qwen/qwen3-4b")
                .withSystemPrompt("Be brief"));

    assertThat(s.id()).startsWith("ses_").hasSize(36);
    assertThat(s.title()).isEqualTo("Trip");
    assertThat(s.lastResponseId()).isNull();
    assertThat(s.createdAt().getNano()).isEqualTo(123_456_789);
    assertThat(s.updatedAt()).isEqualTo(s.createdAt());
    assertThat(store.find(s.id())).contains(s);
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void createUsesAGivenIdAndRefusesADuplicate() {
    Session s = store.create(NewSession.withId("support-42").withTitle("first"));

    assertThat(s.id()).isEqualTo("support-42");
    assertThatThrownBy(() -> store.create(NewSession.withId("support-42").withTitle("second")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("support-42");
    assertThat(store.find("support-42").orElseThrow().title()).isEqualTo("first");
    assertThat(store.list(0, 10)).hasSize(1);
  }

  @Test
  void updateReplacesMetadataKeepsCreatedAtAndMovesUpdatedAt() {
    Session s = store.create(NewSession.withId("a").withTitle("t"));

    Session updated =
        store.update(
            s.withTitle("t2").withModel("m").withSystemPrompt("p").withLastResponseId("resp_1"));

    assertThat(updated.createdAt()).isEqualTo(s.createdAt());
    assertThat(updated.updatedAt()).isAfter(s.updatedAt());
    assertThat(store.find("a")).contains(updated);
    assertThat(updated)
        .extracting(Session::title, Session::model, Session::systemPrompt, Session::lastResponseId)
        .containsExactly("t2", "m", "p", "resp_1");
  }

  @Test
  void updateOfAnUnknownSessionIsNotFound() {
    Session ghost = new Session("ghost", null, null, null, null, Instant.EPOCH, Instant.EPOCH);

    assertThatThrownBy(() -> store.update(ghost))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessageContaining("ghost")
        .hasMessageContaining(file.toAbsolutePath().toString());
    assertThat(store.find("ghost")).isEmpty();
  }

  @Test
  void appendNumbersTurnsInOrderAcrossCallsAndMovesUpdatedAt() {
    Session s = store.create(NewSession.withId("a"));

    List<Turn> first = store.append("a", List.of(Turn.user("Hi"), Turn.assistant("Hello!")));
    List<Turn> second = store.append("a", List.of(Turn.user("How are you?")));

    assertThat(first).extracting(Turn::index).containsExactly(0L, 1L);
    assertThat(second).extracting(Turn::index).containsExactly(2L);
    assertThat(first).allSatisfy(t -> assertThat(t.createdAt()).isNotNull());
    assertThat(store.history("a"))
        .extracting(Turn::index, Turn::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, "Hi"),
            org.assertj.core.groups.Tuple.tuple(1L, "Hello!"),
            org.assertj.core.groups.Tuple.tuple(2L, "How are you?"));
    assertThat(store.history("a")).containsExactlyElementsOf(concat(first, second));
    assertThat(store.find("a").orElseThrow().updatedAt()).isAfter(s.updatedAt());
  }

  @Test
  void appendToAnUnknownSessionIsNotFoundAndStoresNothing() {
    assertThatThrownBy(() -> store.append("ghost", List.of(Turn.user("x"))))
        .isInstanceOf(SessionNotFoundException.class)
        .satisfies(e -> assertThat(((SessionNotFoundException) e).sessionId()).isEqualTo("ghost"));
    assertThat(countRows("SELECT COUNT(*) FROM turns")).isZero();
  }

  @Test
  void appendIsAtomicWhenATurnCannotBeStored() {
    store.create(NewSession.withId("a"));
    store.append("a", List.of(Turn.user("kept")));
    Turn tooEarly = Turn.user("bad").stored(0, Instant.parse("1500-01-01T00:00:00Z"));
    List<Turn> batch = new ArrayList<>(List.of(Turn.user("one"), Turn.user("two"), tooEarly));

    assertThatThrownBy(() -> store.append("a", batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1500");
    assertThat(store.history("a")).extracting(Turn::content).containsExactly("kept");
    assertThat(store.append("a", List.of(Turn.user("next"))))
        .extracting(Turn::index)
        .containsExactly(1L);
  }

  @Test
  void historyHonoursOffsetAndLimit() {
    store.create(NewSession.withId("a"));
    store.append("a", IntStream.range(0, 10).mapToObj(i -> Turn.user("m" + i)).toList());

    assertThat(store.history("a", 3, 4))
        .extracting(Turn::content)
        .containsExactly("m3", "m4", "m5", "m6");
    assertThat(store.history("a", 8, 100)).extracting(Turn::index).containsExactly(8L, 9L);
    assertThat(store.history("a", 10, 5)).isEmpty();
    assertThat(store.history("a", 0, 0)).isEmpty();
    assertThatThrownBy(() -> store.history("a", -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.history("a", 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.history("ghost", 0, 5))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void listShowsNewestFirstWithTurnCountsAndPages() {
    store.create(NewSession.withId("old").withTitle("Old").withModel("m1"));
    store.create(NewSession.withId("mid").withTitle("Mid"));
    store.create(NewSession.withId("new").withTitle("New"));
    store.append("old", List.of(Turn.user("a"), Turn.assistant("b"), Turn.user("c")));

    List<SessionSummary> all = store.list(0, 10);

    assertThat(all).extracting(SessionSummary::id).containsExactly("old", "new", "mid");
    assertThat(all.get(0))
        .extracting(SessionSummary::title, SessionSummary::model, SessionSummary::turnCount)
        .containsExactly("Old", "m1", 3L);
    assertThat(all.get(1).turnCount()).isZero();
    assertThat(all.get(0).updatedAt()).isEqualTo(store.find("old").orElseThrow().updatedAt());
    assertThat(store.list(1, 1)).extracting(SessionSummary::id).containsExactly("new");
    assertThat(store.list(2, 10)).extracting(SessionSummary::id).containsExactly("mid");
    assertThat(store.list(3, 10)).isEmpty();
  }

  @Test
  void renameChangesOnlyTheTitle() {
    store.create(NewSession.withId("a").withTitle("before").withModel("m"));

    Session renamed = store.rename("a", "after");

    assertThat(store.find("a")).contains(renamed);
    assertThat(renamed.title()).isEqualTo("after");
    assertThat(renamed.model()).isEqualTo("m");
    assertThatThrownBy(() -> store.rename("ghost", "x"))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void forkCopiesTheFirstTurnsIntoANewSessionAndLeavesTheOriginal() {
    store.create(NewSession.withId("a").withTitle("T").withModel("m").withSystemPrompt("p"));
    store.update(store.find("a").orElseThrow().withLastResponseId("resp_9"));
    List<Turn> original =
        store.append("a", List.of(Turn.user("1"), Turn.assistant("2"), Turn.user("3")));

    Session fork = store.fork("a", 2, NewSession.withId("b").withModel("other"));

    assertThat(fork)
        .extracting(
            Session::id,
            Session::title,
            Session::model,
            Session::systemPrompt,
            Session::lastResponseId)
        .containsExactly("b", "T", "other", "p", null);
    assertThat(store.find("b")).contains(fork);
    assertThat(store.history("b")).containsExactlyElementsOf(original.subList(0, 2));
    assertThat(store.history("a")).containsExactlyElementsOf(original);
    assertThat(store.append("b", List.of(Turn.user("new branch"))))
        .extracting(Turn::index)
        .containsExactly(2L);
    assertThat(store.fork("a", 99, NewSession.of()).id()).startsWith("ses_");
    assertThatThrownBy(() -> store.fork("a", 1, NewSession.withId("b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.fork("ghost", 1, NewSession.of()))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.history("b")).hasSize(3);
  }

  @Test
  void deleteRemovesTheSessionAndItsTurns() throws SQLException {
    store.create(NewSession.withId("a"));
    store.create(NewSession.withId("keep"));
    store.append("a", List.of(Turn.user("x"), Turn.assistant("y")));
    store.append("keep", List.of(Turn.user("z")));

    assertThat(store.delete("a")).isTrue();
    assertThat(store.delete("a")).isFalse();

    assertThat(store.find("a")).isEmpty();
    assertThatThrownBy(() -> store.history("a")).isInstanceOf(SessionNotFoundException.class);
    assertThat(countRows("SELECT COUNT(*) FROM turns WHERE session_id = 'a'")).isZero();
    assertThat(countRows("SELECT COUNT(*) FROM turns")).isEqualTo(1);
  }

  @Test
  void everyTurnFieldRoundTripsExactlyIncludingUnicode() {
    store.create(
        NewSession.withId("ünï-😀").withTitle("Café ☕ 日本語").withSystemPrompt("\"quotes\"\n\\"));
    Instant when = Instant.parse("2025-12-31T23:59:59.987654321Z");
    Turn assistant =
        Turn.assistant("Answer with \"quotes\", \\ back\\slash, \n newline, \t tab, \u0001 and 🎉")
            .withReasoning("thinking… ∑")
            .withToolCalls(
                List.of(
                    new ToolCall("call_1", "get_weather", "{\"city\":\"Zürich\",\"n\":[1,2]}"),
                    new ToolCall("call_2", "noop", null)))
            .withModel("qwen/qwen3-4b")
            .withUsage(12, 34)
            .withResponseId("resp_abc");
    Turn timed = Turn.tool("call_1", "{\"temp\": 21}").stored(0, when);
    Turn zeroUsage = Turn.assistant("").withUsage(0, null);

    List<Turn> stored =
        store.append("ünï-😀", List.of(Turn.system("sys"), assistant, timed, zeroUsage));
    store.close();
    store = new SqliteSessionStore(file, Duration.ofSeconds(5), clock);

    List<Turn> read = store.history("ünï-😀");
    assertThat(read).containsExactlyElementsOf(stored);
    assertThat(read.get(1).toolCalls().get(1).arguments()).isEqualTo("{}");
    assertThat(read.get(2).createdAt()).isEqualTo(when);
    assertThat(read.get(2).index()).isEqualTo(2);
    assertThat(read.get(3).promptTokens()).isZero();
    assertThat(read.get(3).completionTokens()).isNull();
    assertThat(read.get(0).reasoning()).isNull();
    assertThat(store.find("ünï-😀").orElseThrow().title()).isEqualTo("Café ☕ 日本語");
    assertThat(store.find("ünï-😀").orElseThrow().systemPrompt()).isEqualTo("\"quotes\"\n\\");
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    Session s = store.create(NewSession.withId("a").withTitle("T"));
    List<Turn> turns = store.append("a", List.of(Turn.user("Hi"), Turn.assistant("Hello")));
    Session updated = store.update(store.find("a").orElseThrow().withLastResponseId("resp_1"));
    List<SessionSummary> list = store.list(0, 10);
    store.close();

    store = new SqliteSessionStore(file, Duration.ofSeconds(5), clock);

    assertThat(store.find("a")).contains(updated);
    assertThat(store.history("a")).containsExactlyElementsOf(turns);
    assertThat(store.list(0, 10)).isEqualTo(list);
    assertThat(updated.createdAt()).isEqualTo(s.createdAt());
  }

  @Test
  void closedStoreRefusesCallsAndCloseIsIdempotent() {
    store.create(NewSession.withId("a"));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.find("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.create(NewSession.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.list(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringNamesTheFile() {
    assertThat(store).hasToString("sqlite:" + file.toAbsolutePath());
  }

  static List<Turn> concat(List<Turn> a, List<Turn> b) {
    List<Turn> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  long countRows(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
