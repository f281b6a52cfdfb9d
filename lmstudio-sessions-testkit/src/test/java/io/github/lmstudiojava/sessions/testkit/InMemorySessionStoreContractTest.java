package io.github.lmstudiojava.sessions.testkit;

import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;

class InMemorySessionStoreContractTest extends SessionStoreContract {
  @Override
  protected SessionStore newStore() {
    return SessionStores.inMemory();
  }
}
