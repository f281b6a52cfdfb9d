package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.LmStudioException;

/**
 * A session store failed: its file cannot be written, is not a database of this kind, comes from a
 * newer version, or stayed locked too long. The message names the store's location and what to do.
 *
 * <p>A store never silently recreates or truncates data to get past one of these.
 */
public class SessionStoreException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final String location;

  /**
   * Creates the exception.
   *
   * @param location the store's location, such as a file path or a URI
   * @param message what went wrong and what to do
   * @param cause the underlying failure, or null
   */
  public SessionStoreException(String location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /**
   * The store's location.
   *
   * @return a file path, a URI, or {@code memory:}
   */
  public String location() {
    return location;
  }
}
