package io.github.lmstudiojava.sessions;

import java.util.Objects;

/**
 * The model's answer to one {@link ChatSession} call, with the two turns stored for it.
 *
 * @param text the answer text; empty when the model only called tools
 * @param reasoning the model's reasoning, apart from the answer; empty when there is none
 * @param model the model that answered
 * @param promptTokens tokens LM Studio counted for the prompt; null when it reported none
 * @param completionTokens tokens it generated, reasoning included; null when it reported none
 * @param turnsLeftOut how many of the oldest stored turns were not sent, to fit the context
 * @param userTurn the stored user turn
 * @param assistantTurn the stored assistant turn
 * @param nativeCall true when the call continued natively with {@code previous_response_id}, false
 *     when the history was replayed through {@code /v1/chat/completions}
 */
public record ChatReply(
    String text,
    String reasoning,
    String model,
    Integer promptTokens,
    Integer completionTokens,
    int turnsLeftOut,
    Turn userTurn,
    Turn assistantTurn,
    boolean nativeCall) {

  /** Checks the values. */
  public ChatReply {
    text = text == null ? "" : text;
    reasoning = reasoning == null ? "" : reasoning;
    Objects.requireNonNull(userTurn, "userTurn == null");
    Objects.requireNonNull(assistantTurn, "assistantTurn == null");
    if (turnsLeftOut < 0) {
      throw new IllegalArgumentException("turnsLeftOut < 0: " + turnsLeftOut);
    }
  }

  /**
   * Whether a reasoning model spent its whole output budget on reasoning and gave no answer: raise
   * {@code maxTokens} in {@link ChatOptions}, or ask for less reasoning.
   *
   * @return true when there is reasoning and no answer text
   */
  public boolean reasoningWithoutAnswer() {
    return text.isBlank() && !reasoning.isBlank();
  }
}
