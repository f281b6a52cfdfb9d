package io.github.lmstudiojava.client.anthropic;

import java.util.Objects;

/**
 * How the model may use the request's tools: {@link #auto()}, {@link #any()}, {@link #tool(String)}
 * or {@link #none()}.
 *
 * @param type {@code auto}, {@code any}, {@code tool} or {@code none}
 * @param name the tool to call, for {@code tool}; otherwise null
 * @param disableParallelToolUse true to allow at most one tool call; null to leave it out
 */
public record ToolChoice(String type, String name, Boolean disableParallelToolUse) {
  /** Checks that {@code tool} names a tool and the others do not. */
  public ToolChoice {
    Objects.requireNonNull(type, "type == null");
    if (type.equals("tool") != (name != null)) {
      throw new IllegalArgumentException("a name goes with type tool, and only with it");
    }
  }

  /**
   * The model decides whether to call tools.
   *
   * @return the choice
   */
  public static ToolChoice auto() {
    return new ToolChoice("auto", null, null);
  }

  /**
   * The model must call one of the tools.
   *
   * @return the choice
   */
  public static ToolChoice any() {
    return new ToolChoice("any", null, null);
  }

  /**
   * The model must call this tool.
   *
   * @param name the tool's name
   * @return the choice
   */
  public static ToolChoice tool(String name) {
    return new ToolChoice("tool", Objects.requireNonNull(name, "name == null"), null);
  }

  /**
   * The model must not call tools.
   *
   * @return the choice
   */
  public static ToolChoice none() {
    return new ToolChoice("none", null, null);
  }

  /**
   * A copy that allows at most one tool call, or lifts that limit.
   *
   * @param disable true for at most one call
   * @return the choice
   */
  public ToolChoice disableParallelToolUse(boolean disable) {
    return new ToolChoice(type, name, disable);
  }
}
