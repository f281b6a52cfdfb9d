package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server keeps its chat sessions in PostgreSQL when {@code --sessions} names one: the database
 * of {@code LMSTUDIO_TEST_POSTGRES_URL} ({@code scripts/postgres-for-tests} starts one), in a
 * schema of this test's own. Without it the test is skipped, except on CI, where it fails.
 */
class PostgresSessionsIT {
  String url;
  String schema;
  String password;
  FakeLmStudio fake;

  @BeforeEach
  void newSchema() {
    url = TestPostgres.urlOrNull();
    assumeTrue(url != null, TestPostgres.VARIABLE + " is not set: no PostgreSQL to test against");
    password = TestPostgres.password(url);
    schema = TestPostgres.schemaName();
    TestPostgres.newSchema(url, schema);
    fake = FakeLmStudio.builder().start();
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (fake != null) {
      fake.close();
    }
    if (schema != null) {
      TestPostgres.execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void chatSessionsAreKeptInPostgresqlAndItsPasswordIsNeverLogged() throws Exception {
    String sessions = url + "&currentSchema=" + schema;
    List<String> stderr = new ArrayList<>();
    try (RawServer server =
        new RawServer(
            Map.of("LM_STUDIO_URL", fake.url()),
            List.of("--sessions", sessions, "--log-level", "debug"))) {
      server.initialize();
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"chat\","
              + "\"arguments\":{\"action\":\"send\",\"session_id\":\"pg-1\",\"model\":\""
              + FakeModel.LOADED_LLM
              + "\",\"message\":\"The code word is heron.\"}}}");
      assertThat(server.answer(1).toString()).contains("You said: The code word is heron.");
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"chat\","
              + "\"arguments\":{\"action\":\"history\",\"session_id\":\"pg-1\"}}}");
      assertThat(server.answer(2).toString())
          .contains("The code word is heron.")
          .contains("You said: The code word is heron.");
      assertThat(server.finish()).isZero();
      stderr.addAll(server.stderr);
    }

    assertThat(query(sessions, "SELECT role || ': ' || content FROM lmstudio_turns ORDER BY idx"))
        .hasSize(2)
        .first()
        .isEqualTo("user: The code word is heron.");
    assertThat(stderr).anyMatch(l -> l.contains("sessions in jdbc:postgresql://"));
    if (password != null) {
      assertThat(stderr).noneMatch(l -> l.contains(password));
    }
  }

  private static List<String> query(String url, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
