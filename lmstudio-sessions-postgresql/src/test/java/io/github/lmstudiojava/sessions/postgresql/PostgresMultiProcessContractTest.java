package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.testkit.MultiProcessContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Two JVMs of eight threads recording to the same sessions in PostgreSQL, and a JVM killed while it
 * records, each test in a schema of its own.
 */
class PostgresMultiProcessContractTest extends MultiProcessContract {
  private TestPostgres.Schema schema;

  @Override
  protected String storeUri() {
    if (schema == null) {
      schema = TestPostgres.newSchema();
    }
    return schema.url();
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      schema.drop();
    }
  }
}
