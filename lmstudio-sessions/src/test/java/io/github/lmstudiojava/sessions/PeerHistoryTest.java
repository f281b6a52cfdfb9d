package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerHistoryTest {
  @TempDir Path dir;

  private Path peerDatabase(String... rows) throws Exception {
    Path file = dir.resolve("peer.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE sessions (id TEXT, role TEXT, content TEXT,"
              + " created_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
      for (String row : rows) {
        s.execute("INSERT INTO sessions (id, role, content) VALUES " + row);
      }
    }
    return file;
  }

  @Test
  void copiesEachConversationWithItsSystemPromptAndLeavesTheFileAsItWas() throws Exception {
    Path file =
        peerDatabase(
            "('trip', 'system', 'Be brief.')",
            "('trip', 'user', 'Where to?')",
            "('other', 'user', 'Hello')",
            "('trip', 'assistant', 'Oslo.')",
            "('trip', 'system', 'a second system message is not a prompt')",
            "('other', 'assistant', NULL)",
            "('other', 'tool', 'ignored')");
    byte[] before = Files.readAllBytes(file);

    try (SessionStore store = SessionStores.inMemory()) {
      store.create(NewSession.withId("other").withTitle("mine"));
      assertThat(PeerHistory.isPeerDatabase(file)).isTrue();

      int copied = PeerHistory.copy(file, store);

      assertThat(copied).isEqualTo(1);
      assertThat(store.find("trip").orElseThrow().systemPrompt()).isEqualTo("Be brief.");
      assertThat(store.history("trip"))
          .extracting(Turn::role, Turn::content)
          .containsExactly(tuple(Role.USER, "Where to?"), tuple(Role.ASSISTANT, "Oslo."));
      // A session the store had already is left alone.
      assertThat(store.find("other").orElseThrow().title()).isEqualTo("mine");
      assertThat(store.history("other")).isEmpty();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void ourOwnStoresOtherDatabasesAndOtherFilesAreNotPeerDatabases() throws Exception {
    Path ours = dir.resolve("ours.db");
    SessionStores.sqlite(ours).close();
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a database");
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE sessions (id TEXT, name TEXT)");
    }

    assertThat(PeerHistory.isPeerDatabase(ours)).isFalse();
    assertThat(PeerHistory.isPeerDatabase(text)).isFalse();
    assertThat(PeerHistory.isPeerDatabase(other)).isFalse();
    assertThat(PeerHistory.isPeerDatabase(dir.resolve("missing.db"))).isFalse();
    assertThat(PeerHistory.isPeerDatabase(dir)).isFalse();
  }

  @Test
  void anUnreadableFileIsATypedErrorNamingIt() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database at all, just text");
    try (SessionStore store = SessionStores.inMemory()) {
      assertThatThrownBy(() -> PeerHistory.copy(text, store))
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining(text.toAbsolutePath().toString());
      assertThat(store.list(0, 10)).isEqualTo(List.of());
    }
  }
}
