package io.github.lmstudiojava.sessions;

/**
 * Opens session stores of one URI scheme for {@link SessionStores#open(String)}; found with {@link
 * java.util.ServiceLoader}, so a third party can plug in its own store without forking.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/io.github.lmstudiojava.sessions.SessionStoreProvider}.
 */
public interface SessionStoreProvider {
  /**
   * The scheme this provider opens, without the last colon, such as {@code "jdbc:postgresql"}: it
   * serves every URI that starts with the scheme and a colon.
   *
   * @return the scheme
   */
  String scheme();

  /**
   * Opens a store.
   *
   * @param uri the whole URI, such as {@code jdbc:postgresql://db:5432/chats}
   * @return the open store
   * @throws SessionStoreException when it cannot be opened
   */
  SessionStore open(String uri);
}
