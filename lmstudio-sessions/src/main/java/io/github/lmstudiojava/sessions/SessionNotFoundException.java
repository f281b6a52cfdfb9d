package io.github.lmstudiojava.sessions;

/** No session has the id a store was asked about. */
public final class SessionNotFoundException extends SessionStoreException {
  private static final long serialVersionUID = 1L;

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param location the store's location
   * @param sessionId the id that was not found
   */
  public SessionNotFoundException(String location, String sessionId) {
    super(location, "No session \"" + sessionId + "\" in " + location + ".", null);
    this.sessionId = sessionId;
  }

  /**
   * The id that was not found.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }
}
