package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.LmStudioException;

/**
 * A {@link ChatSession} call to LM Studio failed, so nothing was stored: the session's history is
 * as it was before the call. The cause is LM Studio's typed failure (such as an {@link
 * io.github.lmstudiojava.client.LmStudioHttpException} or a broken stream); the same text can be
 * sent again.
 */
public final class ChatSessionException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the session the call was for
   * @param cause LM Studio's failure
   */
  public ChatSessionException(String sessionId, LmStudioException cause) {
    super(
        "The call failed, so nothing was stored in session \""
            + sessionId
            + "\": "
            + cause.getMessage(),
        cause);
    this.sessionId = sessionId;
  }

  /**
   * The session the call was for.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }
}
