package io.github.lmstudiojava.client;

/**
 * The reasoning setting of a native chat request.
 *
 * <p>LM Studio refuses a setting the model does not support; {@link ReasoningOptions#allows} tells
 * which ones it does.
 */
public enum Reasoning {
  /** No reasoning. */
  OFF("off"),
  /** Little reasoning. */
  LOW("low"),
  /** Moderate reasoning. */
  MEDIUM("medium"),
  /** Thorough reasoning. */
  HIGH("high"),
  /** Reasoning on, at the model's own level. */
  ON("on");

  private final String wireName;

  Reasoning(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The value LM Studio expects, such as {@code "low"}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }
}
