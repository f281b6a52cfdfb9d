package io.github.lmstudiojava.sessions.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteMultiProcessContractTest extends MultiProcessContract {
  @TempDir Path dir;

  @Override
  protected String storeUri() {
    return "sqlite:" + dir.resolve("chats.db");
  }

  /** {@code PRAGMA integrity_check} on a connection of its own, all its rows joined. */
  @Override
  protected void assertStoreIntact(String uri) {
    try (Connection c = DriverManager.getConnection("jdbc:" + uri);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      assertThat(String.join("\n", rows)).as("integrity of %s", uri).isEqualTo("ok");
    } catch (SQLException e) {
      throw new AssertionError("cannot check " + uri, e);
    }
  }
}
