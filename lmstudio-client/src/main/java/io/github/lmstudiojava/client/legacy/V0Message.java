package io.github.lmstudiojava.client.legacy;

import java.util.Objects;

/**
 * One message of a {@code /api/v0/chat/completions} conversation.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text; may be null in a response that carries no text
 */
public record V0Message(String role, String content) {
  /** Checks the role is present. */
  public V0Message {
    Objects.requireNonNull(role, "role == null");
  }

  /**
   * A system message.
   *
   * @param content the instructions
   * @return the message
   */
  public static V0Message system(String content) {
    return new V0Message("system", Objects.requireNonNull(content, "content == null"));
  }

  /**
   * A user message.
   *
   * @param content the text
   * @return the message
   */
  public static V0Message user(String content) {
    return new V0Message("user", Objects.requireNonNull(content, "content == null"));
  }

  /**
   * An assistant message, to replay an earlier answer.
   *
   * @param content the text
   * @return the message
   */
  public static V0Message assistant(String content) {
    return new V0Message("assistant", Objects.requireNonNull(content, "content == null"));
  }
}
