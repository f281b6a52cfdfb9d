package io.github.lmstudiojava.client;

import java.util.Objects;

/**
 * The call could not be made, or was dropped, at the connection level: nothing listens at the URL,
 * the host cannot be reached, something other than LM Studio answers there, or LM Studio closed the
 * connection during the call.
 *
 * <p>{@link #reason()} tells these apart, because what to do differs: start the server, fix the
 * URL, or look at why a running server dropped the call. The message names the URL that was tried
 * and says which it was.
 */
public final class LmStudioConnectionException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  /** Why the connection failed. */
  public enum Reason {
    /**
     * The connection was refused: nothing listens at the URL, so LM Studio's server is not running
     * there (or listens on another port).
     */
    REFUSED,
    /** The host name could not be resolved, or there is no route to the host. */
    UNREACHABLE,
    /**
     * A server answers at the URL, but it is not LM Studio's API server (an HTML page, say): the
     * URL points at something else.
     */
    NOT_LM_STUDIO,
    /**
     * LM Studio accepted the connection and then closed or reset it during the call, before its
     * answer was complete: the server is running, but it (or something between) dropped the call;
     * it may have crashed or restarted. The request may or may not have been processed.
     */
    CLOSED
  }

  private final String url;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param url the base URL that was tried
   * @param reason why the connection failed
   * @param message what happened and how to fix it
   * @param cause the I/O failure, or null
   */
  public LmStudioConnectionException(String url, Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  /**
   * The base URL that was tried.
   *
   * @return the URL, for example {@code http://localhost:1234}
   */
  public String url() {
    return url;
  }

  /**
   * Why the connection failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
