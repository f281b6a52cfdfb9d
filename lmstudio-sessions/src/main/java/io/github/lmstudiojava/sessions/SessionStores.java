package io.github.lmstudiojava.sessions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens session stores.
 *
 * <pre>{@code
 * SessionStore chats = SessionStores.sqlite(Path.of("chats.db"));
 * SessionStore memory = SessionStores.inMemory();
 * SessionStore fromConfig = SessionStores.open(System.getenv("SESSIONS_URI"));   // sqlite:~/chats.db
 * }</pre>
 */
public final class SessionStores {
  /** How long a write waits for a lock another process holds, unless told otherwise. */
  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private SessionStores() {}

  /**
   * A store in a SQLite file, which survives restarts; several processes may share the file.
   *
   * <p>A missing file is created, with its parent directories, readable by its owner only on POSIX
   * file systems. An existing file is never recreated or truncated. A write waits up to 5 seconds
   * for a lock another process holds.
   *
   * @param path the database file
   * @return the open store; close it when done
   * @throws SessionStoreException when the file cannot be created or written, is not a SQLite
   *     database, or was written by a newer version of this library
   */
  public static SessionStore sqlite(Path path) {
    return sqlite(path, DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * A store in a SQLite file whose writes wait up to {@code busyTimeout} for a lock another process
   * holds, then fail with a {@link SessionStoreException}.
   *
   * @param path the database file
   * @param busyTimeout how long to wait for a lock
   * @return the open store; close it when done
   * @throws SessionStoreException when the file cannot be created or written, is not a SQLite
   *     database, or was written by a newer version of this library
   */
  public static SessionStore sqlite(Path path, Duration busyTimeout) {
    return new SqliteSessionStore(path, busyTimeout, Clock.systemUTC());
  }

  /**
   * A store in memory, gone when the process ends.
   *
   * @return the store
   */
  public static SessionStore inMemory() {
    return new InMemorySessionStore(Clock.systemUTC());
  }

  /**
   * One user's part of a shared store: sessions created through it are kept in {@code store} under
   * the id {@code namespace/id}, and it finds, lists, changes and deletes only those. Two
   * namespaces never see each other's sessions; the ids inside one namespace may be up to {@link
   * SessionIds#MAX_LENGTH} less the namespace's length, less one, characters long.
   *
   * <p>Closing the view does not close {@code store}, which other namespaces may share.
   *
   * @param store the shared store
   * @param namespace 1 to 48 letters, digits, {@code .}, {@code _}, {@code @} or {@code -}
   * @return the view
   * @throws IllegalArgumentException when the namespace breaks that rule
   */
  public static SessionStore namespaced(SessionStore store, String namespace) {
    return new NamespacedSessionStore(store, namespace);
  }

  /**
   * Opens a store named by a URI: {@code memory:}; {@code sqlite:PATH}, where the path may be
   * relative, absolute, or start with {@code ~/} for the home directory; or a URI a {@link
   * SessionStoreProvider} found with {@link ServiceLoader} serves, such as {@code
   * jdbc:postgresql://db:5432/chats?user=lms} with {@code lmstudio-sessions-postgresql} on the
   * class path. A provider serves the URIs that start with its {@link SessionStoreProvider#scheme()
   * scheme} and a colon; the longest matching scheme wins.
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
    if (scheme.equals("sqlite")) {
      return sqlite(sqlitePath(uri, System.getProperty("user.home")));
    }
    SessionStoreProvider best = null;
    for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
      String served = provider.scheme();
      if (uri.startsWith(served + ":")
          && (best == null || served.length() > best.scheme().length())) {
        best = provider;
      }
    }
    if (best != null) {
      return best.open(uri);
    }
    throw new IllegalArgumentException(
        "no session store serves \""
            + scheme
            + ":\" (in "
            + uri
            + "); known: memory:, sqlite:, and the"
            + " schemes of SessionStoreProvider implementations on the class path");
  }

  /** The file a {@code sqlite:} URI names, with a leading {@code ~} meaning {@code home}. */
  static Path sqlitePath(String uri, String home) {
    String path = uri.substring("sqlite:".length());
    if (path.isEmpty()) {
      throw new IllegalArgumentException("no file in \"" + uri + "\"; use sqlite:PATH");
    }
    if (path.equals("~")) {
      throw new IllegalArgumentException("\"" + uri + "\" names the home directory, not a file");
    }
    if (path.startsWith("~/") || path.startsWith("~" + java.io.File.separator)) {
      return Path.of(home, path.substring(2));
    }
    return Path.of(path);
  }
}
