package io.github.lmstudiojava.client.openai;

import java.util.Objects;

/**
 * Whether and which tool the model must call ({@code tool_choice}): {@link #AUTO}, {@link #NONE},
 * {@link #REQUIRED} (LM Studio enforces it on llama.cpp models only), or one named function.
 *
 * @param mode {@code auto}, {@code none} or {@code required}; null when a function is named
 * @param function the function the model must call; null for a mode
 */
public record ChatToolChoice(String mode, String function) {
  /** The model decides whether to call tools: sent as {@code "auto"}. */
  public static final ChatToolChoice AUTO = new ChatToolChoice("auto", null);

  /** The model must not call tools: sent as {@code "none"}. */
  public static final ChatToolChoice NONE = new ChatToolChoice("none", null);

  /** The model must call at least one tool: sent as {@code "required"}. */
  public static final ChatToolChoice REQUIRED = new ChatToolChoice("required", null);

  /** Checks that exactly one of mode and function is given. */
  public ChatToolChoice {
    if ((mode == null) == (function == null)) {
      throw new IllegalArgumentException("give either mode or function: " + mode + ", " + function);
    }
  }

  /**
   * The model must call this function: sent as {@code {"type": "function", "function": {"name":
   * ...}}}.
   *
   * @param name the function's name
   * @return the choice
   */
  public static ChatToolChoice function(String name) {
    return new ChatToolChoice(null, Objects.requireNonNull(name, "name == null"));
  }
}
