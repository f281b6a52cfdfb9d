package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.testkit.SessionStoreContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

class PostgresSessionStoreContractTest extends SessionStoreContract {
  private static final List<TestPostgres.Schema> SCHEMAS = new CopyOnWriteArrayList<>();

  @Override
  protected SessionStore newStore() {
    TestPostgres.Schema schema = TestPostgres.newSchema();
    SCHEMAS.add(schema);
    return PostgresSessionStores.open(schema.url());
  }

  @AfterAll
  static void dropSchemas() {
    SCHEMAS.forEach(TestPostgres.Schema::drop);
  }
}
