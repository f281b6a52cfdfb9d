package io.github.lmstudiojava.client;

import java.util.Objects;

/**
 * The reasoning setting of a native chat request: one of the constants, or any value a model lists
 * in {@link ReasoningOptions#allowedOptions()}, through {@link #of(String)}.
 *
 * <pre>{@code
 * ChatRequest.builder("qwen/qwen3-4b").input("Why?").reasoning(Reasoning.OFF).build();
 * ChatRequest.builder("openai/gpt-oss-20b").input("Prove it.").reasoning(Reasoning.of("xhigh")).build();
 * }</pre>
 *
 * <p>LM Studio's reference lists {@code off}, {@code low}, {@code medium}, {@code high} and {@code
 * on}; LM Studio also takes {@code xhigh} for some models and may add others, so this is a value,
 * not a closed set. LM Studio refuses a setting the model does not support, and its message lists
 * the ones it does; {@link ReasoningOptions#allows} tells beforehand.
 *
 * @param wireName the value LM Studio expects, such as {@code "low"}
 */
public record Reasoning(String wireName) {
  /** No reasoning. */
  public static final Reasoning OFF = new Reasoning("off");

  /** Little reasoning. */
  public static final Reasoning LOW = new Reasoning("low");

  /** Moderate reasoning. */
  public static final Reasoning MEDIUM = new Reasoning("medium");

  /** Thorough reasoning. */
  public static final Reasoning HIGH = new Reasoning("high");

  /** The most thorough reasoning some models offer; not in LM Studio's reference yet. */
  public static final Reasoning XHIGH = new Reasoning("xhigh");

  /** Reasoning on, at the model's own level. */
  public static final Reasoning ON = new Reasoning("on");

  /**
   * Checks the value.
   *
   * @throws IllegalArgumentException when it is blank
   */
  public Reasoning {
    Objects.requireNonNull(wireName, "wireName == null");
    if (wireName.isBlank()) {
      throw new IllegalArgumentException("reasoning setting is blank");
    }
  }

  /**
   * The setting LM Studio knows by this value, such as {@code "xhigh"}.
   *
   * @param wireName the value, as a model lists it in its allowed options
   * @return the setting
   */
  public static Reasoning of(String wireName) {
    return new Reasoning(wireName);
  }

  /** The wire name, such as {@code low}. */
  @Override
  public String toString() {
    return wireName;
  }
}
