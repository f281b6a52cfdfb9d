package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreUriTest {
  @TempDir Path dir;

  @Test
  void sqliteOpensAStoreInTheFile() {
    Path file = dir.resolve("chats.db");
    try (SessionStore store = SessionStores.sqlite(file)) {
      store.create(NewSession.withId("a"));
      assertThat(store).hasToString("sqlite:" + file.toAbsolutePath());
    }
    try (SessionStore store = SessionStores.sqlite(file)) {
      assertThat(store.find("a")).isPresent();
    }
  }

  @Test
  void openUnderstandsAnAbsoluteSqliteUri() {
    Path file = dir.resolve("x/chats.db").toAbsolutePath();
    try (SessionStore store = SessionStores.open("sqlite:" + file)) {
      store.create(NewSession.withId("a"));
      store.append("a", List.of(Turn.user("hi")));
    }
    try (SessionStore store = SessionStores.sqlite(file)) {
      assertThat(store.history("a")).extracting(Turn::content).containsExactly("hi");
    }
  }

  @Test
  void sqlitePathsAreRelativeAbsoluteOrUnderHome() {
    assertThat(SessionStores.sqlitePath("sqlite:data/chats.db", "/home/u"))
        .isEqualTo(Path.of("data/chats.db"));
    assertThat(SessionStores.sqlitePath("sqlite:/var/lib/chats.db", "/home/u"))
        .isEqualTo(Path.of("/var/lib/chats.db"));
    assertThat(SessionStores.sqlitePath("sqlite:~/x.db", "/home/u"))
        .isEqualTo(Path.of("/home/u", "x.db"));
    assertThat(SessionStores.sqlitePath("sqlite:~/a/b.db", "/home/u"))
        .isEqualTo(Path.of("/home/u", "a/b.db"));
    assertThatThrownBy(() -> SessionStores.sqlitePath("sqlite:", "/home/u"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionStores.sqlitePath("sqlite:~", "/home/u"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openStillRefusesUnknownSchemesNamingSqlite() {
    assertThatThrownBy(() -> SessionStores.open("nosuch:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sqlite:");
  }
}
