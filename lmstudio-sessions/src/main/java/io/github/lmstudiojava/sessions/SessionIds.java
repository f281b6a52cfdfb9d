package io.github.lmstudiojava.sessions;

/**
 * The rule every session id follows, in every store: 1 to {@value #MAX_LENGTH} characters, not
 * blank, no control characters, and no unpaired surrogates.
 *
 * <p>The last two matter because ids come from strangers (an MCP client, a URL): a line break in an
 * id forges log lines, and a lone surrogate cannot be stored as UTF-8, so a database would keep it
 * as {@code ?} and ids that differ in it would share one conversation.
 */
public final class SessionIds {
  /** The longest id, in UTF-16 characters. */
  public static final int MAX_LENGTH = 256;

  private SessionIds() {}

  /**
   * Checks an id.
   *
   * @param id the id
   * @return the id
   * @throws IllegalArgumentException when the id breaks the rule, saying which part
   * @throws NullPointerException when the id is null
   */
  public static String require(String id) {
    if (id == null) {
      throw new NullPointerException("sessionId == null");
    }
    if (id.isBlank() || id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a session id must be 1 to " + MAX_LENGTH + " characters, not blank");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("a session id must not contain control characters");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < id.length()
          && Character.isLowSurrogate(id.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "a session id must be valid Unicode text (it has an unpaired surrogate)");
      }
    }
    return id;
  }
}
