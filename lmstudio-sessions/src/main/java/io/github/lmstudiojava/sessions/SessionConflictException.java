package io.github.lmstudiojava.sessions;

/**
 * Another writer changed a session between the moment a caller read it and the moment it tried to
 * {@link SessionStore#record record} an exchange on it: nothing was stored. Read the session again
 * and decide anew (a {@link ChatSession} asks the model again, with the new history).
 */
public final class SessionConflictException extends SessionStoreException {
  private static final long serialVersionUID = 1L;

  private final String sessionId;
  private final long expectedVersion;
  private final long actualVersion;

  /**
   * Creates the exception.
   *
   * @param location the store's location
   * @param sessionId the session
   * @param expectedVersion the version the caller read
   * @param actualVersion the version the store has now
   */
  public SessionConflictException(
      String location, String sessionId, long expectedVersion, long actualVersion) {
    super(
        location,
        "Session \""
            + sessionId
            + "\" in "
            + location
            + " changed while this exchange was prepared (version "
            + expectedVersion
            + " was read, it is now at "
            + actualVersion
            + "); nothing was stored. Read it again and retry.",
        null);
    this.sessionId = sessionId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /**
   * The session.
   *
   * @return its id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * The version the caller read.
   *
   * @return the version
   */
  public long expectedVersion() {
    return expectedVersion;
  }

  /**
   * The version the store had when it refused.
   *
   * @return the version
   */
  public long actualVersion() {
    return actualVersion;
  }
}
