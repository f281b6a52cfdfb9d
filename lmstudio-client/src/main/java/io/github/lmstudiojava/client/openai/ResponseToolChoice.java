package io.github.lmstudiojava.client.openai;

import java.util.Objects;

/**
 * Whether and which tool the model must call ({@code tool_choice}): {@code auto}, {@code none},
 * {@code required}, or one named function.
 *
 * @param mode {@code auto}, {@code none} or {@code required}; null when {@code function} is set
 * @param function the function the model must call; null for a mode
 */
public record ResponseToolChoice(String mode, String function) {
  /** Checks that exactly one of mode and function is set. */
  public ResponseToolChoice {
    if ((mode == null) == (function == null)) {
      throw new IllegalArgumentException("exactly one of mode and function must be set");
    }
  }

  /**
   * The model decides (the default).
   *
   * @return the choice
   */
  public static ResponseToolChoice auto() {
    return new ResponseToolChoice("auto", null);
  }

  /**
   * The model calls no tool.
   *
   * @return the choice
   */
  public static ResponseToolChoice none() {
    return new ResponseToolChoice("none", null);
  }

  /**
   * The model calls at least one tool.
   *
   * @return the choice
   */
  public static ResponseToolChoice required() {
    return new ResponseToolChoice("required", null);
  }

  /**
   * The model calls this function ({@code {"type": "function", "name": ...}}).
   *
   * @param name the function name
   * @return the choice
   */
  public static ResponseToolChoice function(String name) {
    return new ResponseToolChoice(null, Objects.requireNonNull(name, "name == null"));
  }
}
