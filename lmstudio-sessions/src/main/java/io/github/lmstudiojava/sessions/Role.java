package io.github.lmstudiojava.sessions;

import java.util.Locale;

/** Who wrote a turn of a conversation. */
public enum Role {
  /** Instructions that set the model's behaviour. */
  SYSTEM,
  /** The person (or program) talking to the model. */
  USER,
  /** The model. */
  ASSISTANT,
  /** The result of a tool the assistant called. */
  TOOL;

  /**
   * The lower-case name used in chat APIs and in stored data, such as {@code "assistant"}.
   *
   * @return the wire name
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role with a wire name.
   *
   * @param wireName such as {@code "user"}
   * @return the role
   * @throws IllegalArgumentException for an unknown name
   */
  public static Role of(String wireName) {
    for (Role role : values()) {
      if (role.wireName().equals(wireName)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role: " + wireName);
  }
}
