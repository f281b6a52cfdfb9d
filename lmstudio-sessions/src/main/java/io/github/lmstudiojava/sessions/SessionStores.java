package io.github.lmstudiojava.sessions;

import java.time.Clock;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens session stores.
 *
 * <pre>{@code
 * SessionStore memory = SessionStores.inMemory();
 * SessionStore fromConfig = SessionStores.open(System.getenv("SESSIONS_URI"));   // memory: ...
 * }</pre>
 */
public final class SessionStores {
  private SessionStores() {}

  /**
   * A store in memory, gone when the process ends.
   *
   * @return the store
   */
  public static SessionStore inMemory() {
    return new InMemorySessionStore(Clock.systemUTC());
  }

  /**
   * Opens a store named by a URI: {@code memory:}, or a scheme of a {@link SessionStoreProvider}
   * found with {@link ServiceLoader}.
   *
   * @param uri the store's URI
   * @return the open store
   * @throws IllegalArgumentException when no store serves the URI's scheme
   * @throws SessionStoreException when the store cannot be opened
   */
  public static SessionStore open(String uri) {
    Objects.requireNonNull(uri, "uri == null");
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "not a session store URI: \"" + uri + "\"; use memory: or a registered scheme");
    }
    String scheme = uri.substring(0, colon);
    if (scheme.equals("memory")) {
      return inMemory();
    }
    for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(uri);
      }
    }
    throw new IllegalArgumentException(
        "no session store serves \""
            + scheme
            + ":\" (in "
            + uri
            + "); known: memory:, and the"
            + " schemes of SessionStoreProvider implementations on the class path");
  }
}
