package io.github.lmstudiojava.client.anthropic;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a Messages request: the user's or an earlier answer of the assistant.
 *
 * @param role {@code user} or {@code assistant}
 * @param content the turn's blocks; a lone text block is sent as a plain string
 */
public record InputMessage(String role, List<ContentBlock> content) {
  /** Checks the role and copies the content. */
  public InputMessage {
    Objects.requireNonNull(role, "role == null");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw new IllegalArgumentException("role must be user or assistant: " + role);
    }
    Objects.requireNonNull(content, "content == null");
    content = List.copyOf(content);
  }

  /**
   * A user turn of text.
   *
   * @param text the text
   * @return the turn
   */
  public static InputMessage user(String text) {
    return new InputMessage("user", List.of(ContentBlock.text(text)));
  }

  /**
   * A user turn of blocks: text, images, tool results.
   *
   * @param content the blocks
   * @return the turn
   */
  public static InputMessage user(ContentBlock... content) {
    return new InputMessage("user", List.of(content));
  }

  /**
   * An assistant turn of text, to replay an answer or prefill the next one.
   *
   * @param text the text
   * @return the turn
   */
  public static InputMessage assistant(String text) {
    return new InputMessage("assistant", List.of(ContentBlock.text(text)));
  }

  /**
   * An assistant turn of blocks, such as an earlier {@link Message#content()} with its tool calls.
   *
   * @param content the blocks
   * @return the turn
   */
  public static InputMessage assistant(List<ContentBlock> content) {
    return new InputMessage("assistant", content);
  }
}
