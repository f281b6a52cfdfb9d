package io.github.lmstudiojava.sessions.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStoreException;
import io.github.lmstudiojava.sessions.Turn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresMigrationTest {
  TestPostgres.Schema schema;

  @BeforeEach
  void newSchema() {
    schema = TestPostgres.newSchema();
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.drop();
    }
  }

  @Test
  void storesOpenedAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
    int servers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(servers);
    CyclicBarrier start = new CyclicBarrier(servers);
    List<Future<SessionStore>> opened = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      opened.add(
          pool.submit(
              () -> {
                start.await();
                return PostgresSessionStores.open(schema.url());
              }));
    }
    List<SessionStore> stores = new ArrayList<>();
    try {
      for (Future<SessionStore> future : opened) {
        stores.add(future.get(60, TimeUnit.SECONDS));
      }
      stores.get(0).create(NewSession.withId("shared"));
      stores.get(3).append("shared", List.of(Turn.user("hi")));

      assertThat(query("SELECT version FROM lmstudio_schema_version ORDER BY version"))
          .containsExactly("1");
      assertThat(stores.get(1).history("shared")).extracting(Turn::content).containsExactly("hi");
    } finally {
      stores.forEach(SessionStore::close);
      pool.shutdown();
    }
  }

  @Test
  void reopeningKeepsTheRowsAndMigratesNothing() throws SQLException {
    try (SessionStore store = PostgresSessionStores.open(schema.url())) {
      store.create(NewSession.withId("kept"));
      store.append("kept", List.of(Turn.user("still here")));
    }
    try (SessionStore store = PostgresSessionStores.open(schema.url())) {
      assertThat(store.history("kept")).extracting(Turn::content).containsExactly("still here");
    }
    assertThat(query("SELECT version FROM lmstudio_schema_version")).containsExactly("1");
  }

  @Test
  void tablesOfANewerVersionAreRefusedAndLeftAlone() throws SQLException {
    try (SessionStore store = PostgresSessionStores.open(schema.url())) {
      store.create(NewSession.withId("old"));
    }
    update("INSERT INTO lmstudio_schema_version (version, applied_at) VALUES (99, 0)");

    assertThatThrownBy(() -> PostgresSessionStores.open(schema.url()))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("upgrade lmstudio-sessions-postgresql")
        .hasMessageNotContaining(TestPostgres.password());
    assertThat(query("SELECT id FROM lmstudio_sessions")).containsExactly("old");
    assertThat(query("SELECT version FROM lmstudio_schema_version ORDER BY version"))
        .containsExactly("1", "99");
  }

  @Test
  void otherApplicationsTablesInTheSameSchemaAreLeftAlone() throws SQLException {
    update("CREATE TABLE app_users (id INTEGER PRIMARY KEY, name TEXT)");
    update("INSERT INTO app_users VALUES (1, 'ada')");

    try (SessionStore store = PostgresSessionStores.open(schema.url())) {
      store.create(NewSession.withId("s"));
    }

    assertThat(query("SELECT name FROM app_users")).containsExactly("ada");
    assertThat(
            query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema.name()
                    + "' ORDER BY table_name"))
        .containsExactly(
            "app_users", "lmstudio_schema_version", "lmstudio_sessions", "lmstudio_turns");
  }

  @Test
  void aSessionsTableThatAnotherProgramMadeIsRefused() throws SQLException {
    update("CREATE TABLE lmstudio_sessions (something_else TEXT)");

    assertThatThrownBy(() -> PostgresSessionStores.open(schema.url()))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("another program made it")
        .hasMessageContaining("currentSchema=NAME");
    assertThat(
            query(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                    + schema.name()
                    + "' AND table_name = 'lmstudio_sessions'"))
        .containsExactly("something_else");
    assertThat(
            query(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema.name()
                    + "'"))
        .containsExactly("1");
  }

  private void update(String sql) throws SQLException {
    try (Connection c = schema.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = schema.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
