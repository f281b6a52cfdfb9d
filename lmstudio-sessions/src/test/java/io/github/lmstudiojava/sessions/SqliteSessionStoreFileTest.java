package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreFileTest {
  @TempDir Path dir;

  SqliteSessionStore open(Path file) {
    return new SqliteSessionStore(file, Duration.ofSeconds(5), Clock.systemUTC());
  }

  static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Reaches the store's writer connection, to read its per-connection settings. */
  static Connection writerOf(SqliteSessionStore store) throws ReflectiveOperationException {
    var field = SqliteSessionStore.class.getDeclaredField("writer");
    field.setAccessible(true);
    return (Connection) field.get(store);
  }

  @Test
  void pragmasAreSetOnTheStoresConnection() throws Exception {
    Path file = dir.resolve("chats.db");
    try (SqliteSessionStore store =
        new SqliteSessionStore(file, Duration.ofMillis(1234), Clock.systemUTC())) {
      Connection writer = writerOf(store);
      assertThat(pragma(writer, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(writer, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(pragma(writer, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(writer, "busy_timeout")).isEqualTo("1234");
    }
    try (Connection c = raw(file)) {
      assertThat(pragma(c, "journal_mode")).isEqualTo("wal"); // persistent in the file
    }
  }

  @Test
  void schemaHasTheTablesTheIndexAndEveryVersionOnce() throws Exception {
    Path file = dir.resolve("chats.db");
    open(file).close();

    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
                  + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        List<String> names = new java.util.ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        assertThat(names)
            .containsExactly("schema_version", "sessions", "sessions_updated_at", "turns");
      }
      try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.next()).isFalse();
      }
    }
    open(file).close(); // reopening applies nothing twice
    try (Connection c = raw(file)) {
      assertThat(pragma(c, "user_version")).isEqualTo("0");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.latestVersion());
      }
    }
  }

  @Test
  void aVersionOneFileIsMigratedWithItsSessionsAtVersionZero() throws Exception {
    Path file = dir.resolve("old.db");
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY,"
              + " applied_at INTEGER NOT NULL)");
      for (String sql : SqliteSchema.statements("schema-v1.sql")) {
        s.execute(sql);
      }
      s.execute("INSERT INTO schema_version VALUES (1, 0)");
      s.execute("INSERT INTO sessions VALUES ('old', 'T', 'm', NULL, 'resp_1', 0, 0)");
      s.execute(
          "INSERT INTO turns (session_id, idx, role, content, created_at)"
              + " VALUES ('old', 0, 'user', 'hi', 0)");
    }

    try (SessionStore store = open(file)) {
      Session old = store.find("old").orElseThrow();
      assertThat(old.version()).isZero();
      assertThat(old.lastResponseId()).isEqualTo("resp_1");
      Recorded r = store.record(old, List.of(Turn.user("q"), Turn.assistant("a")));
      assertThat(r.session().version()).isEqualTo(1);
      assertThat(store.history("old")).extracting(Turn::content).containsExactly("hi", "q", "a");
    }
  }

  @Test
  void newFileIsReadableByItsOwnerOnlyAndParentDirectoriesAreCreated() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("a/b/c/chats.db");

    try (SqliteSessionStore store = open(file)) {
      store.create(NewSession.withId("x"));
      store.append("x", List.of(Turn.user("hi")));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      Path wal = dir.resolve("a/b/c/chats.db-wal");
      assertThat(wal).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)))
          .isEqualTo("rw-------");
    }
    assertThat(dir.resolve("a/b/c")).isDirectory();
  }

  @Test
  void anExistingStoreReadableByOthersIsMadeOwnerOnlyWithItsJournalFiles() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("shared.db");
    try (SqliteSessionStore store = open(file)) {
      store.create(NewSession.withId("x"));
      store.append("x", List.of(Turn.user("secret plans")));
    }
    Path wal = dir.resolve("shared.db-wal");
    Path shm = dir.resolve("shared.db-shm");
    Files.write(wal, new byte[0]);
    for (Path p : List.of(file, wal)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }

    try (SqliteSessionStore store = open(file)) {
      assertThat(store.history("x")).hasSize(1);
      for (Path p : List.of(file, wal, shm)) {
        if (Files.exists(p)) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
              .as(p.getFileName().toString())
              .isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftByteIdentical() throws IOException {
    Path file = dir.resolve("notes.db");
    byte[] text = "These are my notes, not a database.\n".repeat(200).getBytes();
    Files.write(file, text);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not a SQLite database")
        .satisfies(
            e -> assertThat(((SessionStoreException) e).location()).isEqualTo(file.toString()));
    assertThat(Files.readAllBytes(file)).isEqualTo(text);
    assertThat(dir.resolve("notes.db-wal")).doesNotExist();
  }

  @Test
  void aFileWithASqliteHeaderButGarbageAfterIsRefusedUntouched() throws IOException {
    Path file = dir.resolve("broken.db");
    byte[] garbage = new byte[8192];
    System.arraycopy("SQLite format 3\0".getBytes(), 0, garbage, 0, 16);
    for (int i = 16; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 31);
    }
    Files.write(file, garbage);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void anotherSqliteDatabaseIsRefusedAndLeftAlone() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER)");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a session store")
        .hasMessageContaining("invoices");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aDatabaseFromANewerSchemaVersionIsRefusedAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("future.db");
    try (SqliteSessionStore store = open(file)) {
      store.create(NewSession.withId("kept"));
    }
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("upgrade");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anEmptyFileBecomesAStore() throws IOException {
    Path file = dir.resolve("empty.db");
    Files.createFile(file);

    try (SqliteSessionStore store = open(file)) {
      store.create(NewSession.withId("a"));
      assertThat(store.find("a")).isPresent();
    }
  }

  @Test
  void aPathUnderAFileIsRefusedNamingThePath() throws IOException {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file, not a directory");
    Path file = blocker.resolve("sub/chats.db");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(blocker)).isEqualTo("a file, not a directory");
  }

  @Test
  void aDirectoryIsRefusedAsAFile() {
    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void anUnwritableDirectoryIsRefusedNamingThePath() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeThat(Files.isWritable(locked))
          .as("not running as a user who ignores permissions")
          .isFalse();
      Path file = locked.resolve("chats.db");

      assertThatThrownBy(() -> open(file))
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("write");
      assertThat(file).doesNotExist();
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aReadOnlyFileIsRefusedNamingThePath() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("ro.db");
    open(file).close();
    byte[] before = Files.readAllBytes(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assumeThat(Files.isWritable(file))
        .as("not running as a user who ignores permissions")
        .isFalse();

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cannot be written");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aLockHeldTooLongFailsClearlyAndLosesNothing() throws Exception {
    Path file = dir.resolve("chats.db");
    try (SqliteSessionStore store =
        new SqliteSessionStore(file, Duration.ofMillis(200), Clock.systemUTC())) {
      store.create(NewSession.withId("a"));
      store.append("a", List.of(Turn.user("before")));

      try (Connection other = raw(file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
        s.execute("INSERT INTO sessions VALUES ('other', NULL, NULL, NULL, NULL, 0, 0, 0)");

        assertThatThrownBy(() -> store.append("a", List.of(Turn.user("blocked"))))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("locked by another process")
            .hasMessageContaining("200 ms");
        assertThatThrownBy(() -> store.create(NewSession.withId("b")))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageContaining("locked");
        // WAL: readers go on while another connection writes
        assertThat(store.history("a")).extracting(Turn::content).containsExactly("before");

        s.execute("COMMIT");
      }

      List<Turn> after = store.append("a", List.of(Turn.user("after")));
      assertThat(after).extracting(Turn::index).containsExactly(1L);
      assertThat(store.history("a")).extracting(Turn::content).containsExactly("before", "after");
      assertThat(store.find("other")).isPresent();
      assertThat(store.find("b")).isEmpty();
    }
  }

  @Test
  void aLockHeldWhileOpeningANewFileFailsClearly() throws Exception {
    Path file = dir.resolve("fresh.db");
    try (Connection other = raw(file);
        Statement s = other.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      s.execute("CREATE TABLE IF NOT EXISTS held (x)");

      assertThatThrownBy(
              () -> new SqliteSessionStore(file, Duration.ofMillis(100), Clock.systemUTC()))
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("locked");
      s.execute("ROLLBACK");
    }
    try (SqliteSessionStore store = open(file)) {
      assertThat(store.list(0, 10)).isEmpty();
    }
  }

  @Test
  void aTurnRowThisVersionCannotReadIsAStoreErrorNamingTheFile() throws Exception {
    Path file = dir.resolve("roles.db");
    try (SessionStore store = SessionStores.sqlite(file)) {
      store.create(NewSession.withId("s"));
      store.append("s", List.of(Turn.user("hi")));
    }
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE turns SET role = 'developer'");
    }

    try (SessionStore store = SessionStores.sqlite(file)) {
      assertThatThrownBy(() -> store.history("s"))
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("developer");
    }
  }

  @Test
  void aNullTurnIsRefusedWithAMessageAndNothingIsStored() {
    try (SessionStore store = SessionStores.sqlite(dir.resolve("nulls.db"))) {
      store.create(NewSession.withId("s"));
      List<Turn> turns = new java.util.ArrayList<>();
      turns.add(Turn.user("a"));
      turns.add(null);

      assertThatThrownBy(() -> store.append("s", turns)).hasMessage("turn == null");
      assertThat(store.history("s")).isEmpty();
    }
  }
}
