package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStoreProvider;
import io.github.lmstudiojava.sessions.SessionStores;

/**
 * Lets {@link SessionStores#open(String)} open {@code jdbc:postgresql:} URIs with {@link
 * PostgresSessionStores#open(String)}; registered for {@link java.util.ServiceLoader}, so having
 * this module on the class path is enough.
 */
public final class PostgresSessionStoreProvider implements SessionStoreProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public PostgresSessionStoreProvider() {}

  /**
   * The scheme this provider serves.
   *
   * @return {@code jdbc:postgresql}
   */
  @Override
  public String scheme() {
    return "jdbc:postgresql";
  }

  /**
   * Opens a store.
   *
   * @param uri such as {@code jdbc:postgresql://127.0.0.1:5432/chats?user=lms&password=...}
   * @return the open store
   */
  @Override
  public SessionStore open(String uri) {
    return PostgresSessionStores.open(uri);
  }
}
