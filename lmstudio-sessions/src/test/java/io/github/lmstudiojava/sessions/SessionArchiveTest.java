package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionArchiveTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final String TRICKY =
      "Line one\nline \"two\" with \\backslash\\ and\ttab\r\nnaïve 日本語 🌍 \u2028 end";

  @TempDir Path dir;
  final List<SessionStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(SessionStore::close);
  }

  SessionStore memory() {
    SessionStore store = SessionStores.inMemory();
    opened.add(store);
    return store;
  }

  SessionStore sqlite(String name) {
    SessionStore store = SessionStores.sqlite(dir.resolve(name));
    opened.add(store);
    return store;
  }

  static List<Turn> richTurns() {
    return List.of(
        Turn.system("Answer in \"quotes\".\nAlways.").stored(0, T0).withModel(null),
        Turn.user(TRICKY).stored(0, T0.plusNanos(1)),
        Turn.assistant("")
            .withToolCalls(
                List.of(
                    new ToolCall("call_1", "weather", "{\"city\":\"Zürich\",\"note\":\"a\\nb\"}"),
                    new ToolCall("call_2", "time", "{}")))
            .withReasoning("Think: \"weather\"\nthen time")
            .withModel("qwen/qwen3-4b")
            .withUsage(120, 0)
            .withResponseId("resp_abc")
            .stored(0, T0.plusSeconds(1).plusNanos(999_999_999)),
        Turn.tool("call_1", "{\"temp\": 21}").stored(0, T0.plusSeconds(2)),
        Turn.tool("call_2", "10:00").stored(0, T0.plusSeconds(3).plusNanos(7)),
        Turn.assistant(TRICKY).withUsage(null, 33).stored(0, T0.plusSeconds(4)));
  }

  static List<Turn> unstored(List<Turn> turns) {
    return turns.stream()
        .map(
            t ->
                new Turn(
                    -1,
                    t.role(),
                    t.content(),
                    t.reasoning(),
                    t.toolCalls(),
                    t.toolCallId(),
                    t.model(),
                    t.promptTokens(),
                    t.completionTokens(),
                    t.responseId(),
                    t.createdAt()))
        .toList();
  }

  static Session seedRich(SessionStore store) {
    Session s =
        store.create(
            NewSession.withId("trip-ü \"1\"")
                .withTitle("Trip\nplanning 🌍")
                .withModel("qwen/qwen3-4b")
                .withSystemPrompt("Be \"brief\".\nVery."));
    store.append(s.id(), unstored(richTurns()));
    return store.update(store.find(s.id()).orElseThrow().withLastResponseId("resp_abc"));
  }

  static String export(SessionStore store, String id) {
    StringWriter out = new StringWriter();
    SessionArchive.export(store, id, out);
    return out.toString();
  }

  static void assertSameSession(SessionStore expected, SessionStore actual, String id) {
    Session e = expected.find(id).orElseThrow();
    Session a = actual.find(id).orElseThrow();
    assertThat(a.title()).isEqualTo(e.title());
    assertThat(a.model()).isEqualTo(e.model());
    assertThat(a.systemPrompt()).isEqualTo(e.systemPrompt());
    assertThat(a.lastResponseId()).isEqualTo(e.lastResponseId());
    assertThat(actual.history(id)).isEqualTo(expected.history(id));
  }

  @Test
  void roundTripFromMemoryThroughSqliteAndBackKeepsEveryTurnField() {
    SessionStore memory = memory();
    Session original = seedRich(memory);
    String jsonl = export(memory, original.id());

    SessionStore sqlite = sqlite("copy.db");
    assertThat(SessionArchive.importSessions(sqlite, new StringReader(jsonl)))
        .containsExactly(original.id());
    assertSameSession(memory, sqlite, original.id());
    List<Turn> history = sqlite.history(original.id());
    assertThat(history).hasSize(6);
    for (int i = 0; i < history.size(); i++) {
      Turn expected = richTurns().get(i);
      Turn actual = history.get(i);
      assertThat(actual.index()).isEqualTo(i);
      assertThat(actual.role()).isEqualTo(expected.role());
      assertThat(actual.content()).isEqualTo(expected.content());
      assertThat(actual.reasoning()).isEqualTo(expected.reasoning());
      assertThat(actual.toolCalls()).isEqualTo(expected.toolCalls());
      assertThat(actual.toolCallId()).isEqualTo(expected.toolCallId());
      assertThat(actual.model()).isEqualTo(expected.model());
      assertThat(actual.promptTokens()).isEqualTo(expected.promptTokens());
      assertThat(actual.completionTokens()).isEqualTo(expected.completionTokens());
      assertThat(actual.responseId()).isEqualTo(expected.responseId());
      assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
    }

    String again = export(sqlite, original.id());
    assertThat(withoutSessionTimes(again)).isEqualTo(withoutSessionTimes(jsonl));

    SessionStore back = memory();
    SessionArchive.importSessions(back, new StringReader(again));
    assertSameSession(memory, back, original.id());
  }

  static String withoutSessionTimes(String jsonl) {
    return jsonl.replaceAll(
        "(\\{\"type\":\"session\".*),\"created_at\":\"[^\"]+\",\"updated_at\":\"[^\"]+\"}", "$1}");
  }

  @Test
  void exportWritesOneObjectPerLineWithNullsLeftOutAndNineFractionDigits() {
    SessionStore memory = memory();
    Session s = memory.create(NewSession.withId("s1"));
    memory.append(
        "s1",
        List.of(
            new Turn(
                -1,
                Role.USER,
                "a\nb \"c\"",
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                Instant.parse("2026-03-01T10:00:00Z"))));
    String[] lines = export(memory, "s1").split("\n", -1);

    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    assertThat(lines[0])
        .startsWith("{\"type\":\"session\",\"version\":1,\"id\":\"s1\",\"created_at\":\"")
        .contains("\"created_at\":\"" + nine(s.createdAt()) + "\"")
        .doesNotContain("title", "model", "system_prompt", "last_response_id", "null");
    assertThat(lines[1])
        .isEqualTo(
            "{\"type\":\"turn\",\"index\":0,\"role\":\"user\",\"content\":\"a\\nb \\\"c\\\"\","
                + "\"created_at\":\"2026-03-01T10:00:00.000000000Z\"}");
  }

  static String nine(Instant instant) {
    String text = instant.toString();
    String seconds = text.substring(0, 19);
    return seconds + String.format(".%09dZ", instant.getNano());
  }

  @Test
  void exportAllAndImportCopySeveralSessions() {
    SessionStore memory = memory();
    seedRich(memory);
    memory.create(NewSession.withId("empty"));
    memory.create(NewSession.withId("short").withTitle("Short"));
    memory.append("short", List.of(Turn.user("Hi"), Turn.assistant("Hello!")));
    StringWriter out = new StringWriter();

    assertThat(SessionArchive.exportAll(memory, out)).isEqualTo(3);

    SessionStore sqlite = sqlite("all.db");
    List<String> ids = SessionArchive.importSessions(sqlite, new StringReader(out.toString()));
    assertThat(ids).containsExactlyInAnyOrder("trip-ü \"1\"", "empty", "short");
    assertThat(sqlite.list(0, 10)).hasSize(3);
    for (String id : ids) {
      assertSameSession(memory, sqlite, id);
    }
  }

  @Test
  void longSessionIsExportedAndImportedInPages() {
    SessionStore memory = memory();
    memory.create(NewSession.withId("long"));
    int count = SessionArchive.PAGE_SIZE * 2 + 7;
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      turns.add(i % 2 == 0 ? Turn.user("q" + i) : Turn.assistant("a" + i));
    }
    memory.append("long", turns);
    String jsonl = export(memory, "long");
    assertThat(jsonl.split("\n")).hasSize(count + 1);

    SessionStore sqlite = sqlite("long.db");
    SessionArchive.importSessions(sqlite, new StringReader(jsonl));
    assertSameSession(memory, sqlite, "long");
  }

  @Test
  void unknownFieldsAndBlankLinesAreIgnored() {
    String jsonl =
        "{\"type\":\"session\",\"version\":1,\"id\":\"s\",\"future\":{\"x\":[1,2.5,true,null]},"
            + "\"created_at\":\"2026-03-01T10:00:00Z\",\"updated_at\":\"2026-03-01T10:00:00Z\"}\n"
            + "\n"
            + "{\"type\":\"turn\",\"index\":0,\"role\":\"user\",\"content\":\"hi\",\"extra\":7,"
            + "\"created_at\":\"2026-03-01T10:00:01.5Z\"}\n";
    SessionStore store = memory();

    SessionArchive.importSessions(store, new StringReader(jsonl));

    assertThat(store.history("s"))
        .containsExactly(Turn.user("hi").stored(0, Instant.parse("2026-03-01T10:00:01.5Z")));
  }

  static final String GOOD =
      "{\"type\":\"session\",\"version\":1,\"id\":\"first\","
          + "\"created_at\":\"2026-03-01T10:00:00Z\",\"updated_at\":\"2026-03-01T10:00:00Z\"}\n"
          + "{\"type\":\"turn\",\"index\":0,\"role\":\"user\",\"content\":\"hi\"}\n";
  static final String SECOND =
      "{\"type\":\"session\",\"version\":1,\"id\":\"second\","
          + "\"created_at\":\"2026-03-01T10:00:00Z\",\"updated_at\":\"2026-03-01T10:00:00Z\"}\n"
          + "{\"type\":\"turn\",\"index\":0,\"role\":\"user\",\"content\":\"one\"}\n";

  void assertRefused(String jsonl, String... messageParts) {
    SessionStore store = memory();
    assertThatThrownBy(() -> SessionArchive.importSessions(store, new StringReader(jsonl)))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .contains(messageParts);
    assertThat(store.find("first")).isPresent();
    assertThat(store.history("first")).hasSize(1);
    assertThat(store.find("second")).isEmpty();
  }

  @Test
  void malformedLineIsRefusedWithItsNumberAndItsSessionLeftOut() {
    assertRefused(GOOD + SECOND + "{\"type\":\"turn\",\"role\":\"user\",\n", "line 5", "malformed");
    assertRefused(GOOD + SECOND + "[1,2]\n", "line 5", "not a JSON object");
    assertRefused(GOOD + SECOND + "{\"type\":\"turn\"} {}\n", "line 5");
  }

  @Test
  void unknownTypeIsRefusedWithItsNumber() {
    assertRefused(
        GOOD + SECOND + "{\"type\":\"attachment\",\"data\":\"x\"}\n",
        "line 5",
        "unknown type \"attachment\"");
  }

  @Test
  void newerVersionIsRefusedWithItsNumber() {
    assertRefused(
        GOOD + SECOND.replace("\"version\":1", "\"version\":2"),
        "line 3",
        "format version 2 is newer");
  }

  @Test
  void existingSessionIdIsRefusedWithItsNumber() {
    SessionStore store = memory();
    store.create(NewSession.withId("second").withTitle("mine"));
    store.append("second", List.of(Turn.user("keep")));

    assertThatThrownBy(() -> SessionArchive.importSessions(store, new StringReader(GOOD + SECOND)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("\"second\" already exists");
    assertThat(store.history("second")).extracting(Turn::content).containsExactly("keep");
    assertThat(store.find("second").orElseThrow().title()).isEqualTo("mine");
  }

  @Test
  void sameIdTwiceInOneFileIsRefused() {
    assertThatThrownBy(() -> SessionArchive.importSessions(memory(), new StringReader(GOOD + GOOD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("already exists");
  }

  @Test
  void badTurnsAreRefusedWithTheirNumber() {
    assertRefused(GOOD + SECOND + "{\"type\":\"turn\",\"role\":\"robot\"}\n", "line 5", "robot");
    assertRefused(
        GOOD + SECOND + "{\"type\":\"turn\",\"index\":5,\"role\":\"user\"}\n",
        "line 5",
        "out of order");
    assertRefused(
        GOOD + SECOND + "{\"type\":\"turn\",\"role\":\"tool\",\"content\":\"x\"}\n",
        "line 5",
        "toolCallId");
    assertRefused(
        GOOD + SECOND + "{\"type\":\"turn\",\"role\":\"user\",\"created_at\":\"yesterday\"}\n",
        "line 5",
        "ISO-8601");
    assertThatThrownBy(
            () ->
                SessionArchive.importSessions(
                    memory(),
                    new StringReader("{\"type\":\"turn\",\"role\":\"user\",\"content\":\"x\"}\n")))
        .hasMessageContaining("line 1")
        .hasMessageContaining("before any \"session\" line");
  }

  @Test
  void sessionLongerThanAPageIsDeletedAgainWhenALaterLineIsRefused() {
    SessionStore store = memory();
    String jsonl =
        GOOD
            + SECOND
            + "{\"type\":\"turn\",\"role\":\"assistant\",\"content\":\"two\"}\n"
            + "{\"type\":\"turn\",\"role\":\"user\",\"content\":\"three\"}\n"
            + "{\"type\":\"turn\",\"role\":\"assistant\",\"content\":\"four\"}\n"
            + "not json\n";

    assertThatThrownBy(() -> SessionArchive.importSessions(store, new StringReader(jsonl), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 8");

    assertThat(store.history("first")).hasSize(1);
    assertThat(store.find("second")).isEmpty();
  }

  @Test
  void sessionLongerThanAPageIsImportedWhole() {
    SessionStore store = memory();
    String jsonl =
        SECOND
            + "{\"type\":\"turn\",\"role\":\"assistant\",\"content\":\"two\"}\n"
            + "{\"type\":\"turn\",\"role\":\"user\",\"content\":\"three\"}\n";

    SessionArchive.importSessions(store, new StringReader(jsonl), 2);

    assertThat(store.history("second"))
        .extracting(Turn::content)
        .containsExactly("one", "two", "three");
  }
}
