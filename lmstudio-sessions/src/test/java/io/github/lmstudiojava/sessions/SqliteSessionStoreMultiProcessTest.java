package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreMultiProcessTest {
  static final int TURNS = 300;
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);
  static final List<String> CHILDREN = List.of("a", "b");

  @TempDir Path dir;

  @Test
  void twoProcessesAppendingToOneFileLoseDuplicateAndReorderNothing() throws Exception {
    Path file = dir.resolve("chats.db");
    try (SessionStore store = SessionStores.sqlite(file, BUSY_TIMEOUT)) {
      store.create(NewSession.withId("shared"));
    }

    List<Process> processes = new ArrayList<>();
    try {
      for (String name : CHILDREN) {
        processes.add(
            ChildJvm.builder(
                    AppendChild.class,
                    stderr(name),
                    file.toString(),
                    name,
                    "shared",
                    Integer.toString(TURNS),
                    Long.toString(BUSY_TIMEOUT.toMillis()))
                .start());
      }
      List<BufferedReader> outputs = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(processes.get(i).getInputStream(), StandardCharsets.UTF_8));
        outputs.add(out);
        assertThat(out.readLine())
            .as("child %s, stderr: %s", CHILDREN.get(i), ChildJvm.read(stderr(CHILDREN.get(i))))
            .isEqualTo("ready");
      }
      // Both have the file open: let them write at the same time.
      for (Process process : processes) {
        OutputStream in = process.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      for (int i = 0; i < processes.size(); i++) {
        String name = CHILDREN.get(i);
        Process process = processes.get(i);
        assertThat(process.waitFor(40, TimeUnit.SECONDS))
            .as("child %s ended in time, stderr: %s", name, ChildJvm.read(stderr(name)))
            .isTrue();
        assertThat(process.exitValue())
            .as("exit status of child %s, stderr: %s", name, ChildJvm.read(stderr(name)))
            .isZero();
        assertThat(outputs.get(i).readLine()).isEqualTo("done");
      }
    } finally {
      for (Process process : processes) {
        ChildJvm.kill(process);
      }
    }

    assertThat(integrityCheck(file)).isEqualTo("ok");
    try (SessionStore store = SessionStores.sqlite(file, BUSY_TIMEOUT)) {
      List<Turn> shared = store.history("shared");
      assertThat(shared).extracting(Turn::index).containsExactlyElementsOf(indices(2 * TURNS));
      for (String name : CHILDREN) {
        assertThat(shared)
            .extracting(Turn::content)
            .filteredOn(text -> text.startsWith(name + ":"))
            .as("turns of child %s in the shared session", name)
            .containsExactlyElementsOf(texts(name, TURNS));
        List<Turn> own = store.history("own-" + name);
        assertThat(own).extracting(Turn::index).containsExactlyElementsOf(indices(TURNS));
        assertThat(own).extracting(Turn::content).containsExactlyElementsOf(texts(name, TURNS));
      }
      assertThat(store.list(0, 10))
          .extracting(SessionSummary::id)
          .containsExactlyInAnyOrder("shared", "own-a", "own-b");
    }
  }

  private Path stderr(String name) {
    return dir.resolve(name + ".stderr");
  }

  static List<String> texts(String name, int count) {
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(name + ":" + i);
    }
    return texts;
  }

  static List<Long> indices(long count) {
    return LongStream.range(0, count).boxed().toList();
  }

  /** {@code PRAGMA integrity_check} on a connection of its own, all its rows joined. */
  static String integrityCheck(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return String.join("\n", rows);
    }
  }
}
