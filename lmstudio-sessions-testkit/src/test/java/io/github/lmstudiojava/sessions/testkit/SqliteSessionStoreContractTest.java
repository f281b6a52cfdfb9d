package io.github.lmstudiojava.sessions.testkit;

import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreContractTest extends SessionStoreContract {
  @TempDir Path dir;

  @Override
  protected SessionStore newStore() {
    return SessionStores.sqlite(dir.resolve("sessions.db"));
  }
}
