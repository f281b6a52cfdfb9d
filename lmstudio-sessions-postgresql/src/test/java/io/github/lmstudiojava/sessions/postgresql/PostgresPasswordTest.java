package io.github.lmstudiojava.sessions.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStoreException;
import io.github.lmstudiojava.sessions.SessionStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** A password never shows: not in toString(), exceptions, their causes, nor the pool's log. */
class PostgresPasswordTest {
  private static final String SECRET = "Hunter2-never-shown";

  @Test
  void aStoreShowsItsUrlWithoutThePassword() {
    TestPostgres.Schema schema = TestPostgres.newSchema();
    String password = TestPostgres.password();
    try {
      Logged<SessionStore> opened = logged(() -> PostgresSessionStores.open(schema.url()));
      try (SessionStore store = opened.value) {
        store.create(NewSession.withId("works"));

        assertThat(store.toString())
            .startsWith("jdbc:postgresql://")
            .contains("user=")
            .contains("currentSchema=" + schema.name())
            .doesNotContain(password)
            .doesNotContain("password");
        assertThat(opened.log).contains("lmstudio-sessions-").doesNotContain(password);
      }
    } finally {
      schema.drop();
    }
  }

  @Test
  void aWrongPasswordIsReportedWithoutShowingIt() {
    String url = TestPostgres.url().replaceFirst("password=[^&]*", "password=" + SECRET);

    Logged<Throwable> failed = logged(() -> failure(() -> PostgresSessionStores.open(url)));

    assertThat(failed.value)
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("refused the login")
        .hasMessageContaining("check the user and password");
    assertThat(everything(failed.value)).doesNotContain(SECRET);
    assertThat(failed.log).doesNotContain(SECRET);
  }

  @Test
  void aDatabaseThatIsNotRunningIsNamedWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url =
        "jdbc:postgresql://lms:" + SECRET + "@127.0.0.1:" + port + "/db?password=" + SECRET;

    Logged<Throwable> failed = logged(() -> failure(() -> SessionStores.open(url)));

    assertThat(failed.value)
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("Is PostgreSQL running at 127.0.0.1:" + port)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/db");
    assertThat(((SessionStoreException) failed.value).location())
        .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/db");
    assertThat(everything(failed.value)).doesNotContain(SECRET);
    assertThat(failed.log).doesNotContain(SECRET);
  }

  @Test
  void aStoreOnACallersDataSourceShowsItsUrlWithoutThePasswordAndLeavesItOpen() throws Exception {
    TestPostgres.Schema schema = TestPostgres.newSchema();
    try {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setUrl(schema.url());
      try (SessionStore store = PostgresSessionStores.open(dataSource)) {
        store.create(NewSession.withId("s"));
        assertThat(store.toString()).doesNotContain(TestPostgres.password());
      }
      try (var c = dataSource.getConnection()) {
        assertThat(c.isValid(5)).isTrue();
      }
    } finally {
      schema.drop();
    }
  }

  /** A value and what was logged to stderr while it was made. */
  record Logged<T>(T value, String log) {}

  private static <T> Logged<T> logged(Supplier<T> action) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      T value = action.get();
      return new Logged<>(value, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
      err.print(captured.toString(StandardCharsets.UTF_8));
    }
  }

  private static Throwable failure(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }

  /** The exception's stack trace, with every cause and suppressed exception and their messages. */
  private static String everything(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
