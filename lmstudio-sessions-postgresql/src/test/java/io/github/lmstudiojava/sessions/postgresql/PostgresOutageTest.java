package io.github.lmstudiojava.sessions.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Recorded;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStoreException;
import io.github.lmstudiojava.sessions.Turn;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresOutageTest {
  /** Far more than the store's limits (5 s for a connection): only a hang takes this long. */
  private static final Duration NO_HANG = Duration.ofSeconds(60);

  TestPostgres.Schema schema;
  Relay relay;
  String relayed;

  @BeforeEach
  void relayToTheDatabase() throws Exception {
    schema = TestPostgres.newSchema();
    Matcher m = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)(/.*)$").matcher(schema.url());
    assertThat(m.matches()).as("a jdbc:postgresql://HOST:PORT/... URL").isTrue();
    relay = new Relay(m.group(1), Integer.parseInt(m.group(2)));
    relayed = "jdbc:postgresql://127.0.0.1:" + relay.port() + m.group(3);
  }

  @AfterEach
  void close() throws Exception {
    // both null when there is no PostgreSQL and the test was skipped
    if (relay != null) {
      relay.close();
    }
    if (schema != null) {
      schema.drop();
    }
  }

  @Test
  void whileTheDatabaseIsAwayCallsFailSayingWhereAndAfterwardsTheSameStoreWorks() {
    try (SessionStore store = PostgresSessionStores.open(relayed)) {
      store.create(NewSession.withId("s").withModel("m"));
      store.append("s", List.of(Turn.user("before"), Turn.assistant("acknowledged")));
      Session read = store.find("s").orElseThrow();
      Recorded recorded = store.record(read.withLastResponseId("resp_1"), List.of(Turn.user("q")));

      relay.cut();

      String where = "127.0.0.1:" + relay.port();
      for (Runnable call :
          List.<Runnable>of(
              () -> store.append("s", List.of(Turn.user("lost"))),
              () -> store.history("s"),
              () -> store.list(0, 10))) {
        assertTimeoutPreemptively(
            NO_HANG,
            () ->
                assertThatThrownBy(call::run)
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("Cannot reach PostgreSQL at " + where)
                    .hasMessageContaining("Is PostgreSQL running at " + where)
                    .hasMessageNotContaining(TestPostgres.password()));
      }

      relay.restore();

      assertThat(store.history("s"))
          .extracting(Turn::content)
          .containsExactly("before", "acknowledged", "q");
      assertThat(store.find("s").orElseThrow()).isEqualTo(recorded.session());
      assertThat(store.append("s", List.of(Turn.assistant("after"))).get(0).index()).isEqualTo(3);
    }
  }

  @Test
  void aStoreCannotBeOpenedWhileTheDatabaseIsAway() {
    relay.cut();

    assertTimeoutPreemptively(
        NO_HANG,
        () ->
            assertThatThrownBy(() -> PostgresSessionStores.open(relayed))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("while opening it")
                .hasMessageContaining("Is PostgreSQL running at 127.0.0.1:" + relay.port())
                .hasMessageNotContaining(TestPostgres.password()));
  }
}
