package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fits a replayed conversation into the model's context: drops the oldest exchanges until the
 * prompt, plus room for the answer, fits the context length.
 *
 * <p>The context length is read from {@code GET /api/v1/models} on every call, so a model reloaded
 * with another context length is noticed at once: the length of the instance the session names by
 * its id, else of the model's first loaded instance; when the model is not loaded, the default
 * length (LM Studio loads a model on first use with its own default, not with the model's maximum),
 * capped by the model's {@code maxContextLength}; the default alone when LM Studio does not list
 * the model.
 *
 * <p>Token counts: an assistant turn without reasoning counts the completion tokens LM Studio
 * reported for it; any other turn, and the new text, is estimated as its characters divided by 4,
 * rounded up. Every message adds {@value #MESSAGE_OVERHEAD} tokens for its role and template.
 *
 * <p>Turns are dropped by exchanges: a user turn with every turn after it up to the next user turn.
 * So an assistant tool call is never separated from its tool results, and the history sent still
 * starts with a user turn. The system prompt, system turns stored in the history, and the new text
 * are never dropped; when they alone do not fit, everything else is dropped and LM Studio decides.
 */
final class ContextWindow {
  /** Tokens counted for each message on top of its text: role markers and template. */
  static final int MESSAGE_OVERHEAD = 4;

  private final int answerReserve;
  private final int defaultContextLength;

  /** The turns to send and how many were left out. */
  record Fit(List<Turn> kept, int leftOut) {}

  ContextWindow(int answerReserve, int defaultContextLength) {
    this.answerReserve = answerReserve;
    this.defaultContextLength = defaultContextLength;
  }

  /** The context length of the model, as described in the class comment. */
  int contextLength(LmStudio lms, String model) {
    Optional<Model> found = lms.models().find(model);
    if (found.isEmpty()) {
      return defaultContextLength;
    }
    for (LoadedInstance instance : found.get().loadedInstances()) {
      if (model.equals(instance.id()) && instance.contextLength() != null) {
        return instance.contextLength();
      }
    }
    for (LoadedInstance instance : found.get().loadedInstances()) {
      if (instance.contextLength() != null) {
        return instance.contextLength();
      }
    }
    Integer max = found.get().maxContextLength();
    return max == null ? defaultContextLength : Math.min(max, defaultContextLength);
  }

  /**
   * Keeps the newest exchanges of {@code history} that fit with the system prompt and new text.
   * System turns stored in the history are instructions too: they are always kept, in place.
   */
  Fit fit(String systemPrompt, List<Turn> history, String newText, int contextLength) {
    int budget = contextLength - answerReserve;
    int total = (systemPrompt == null ? 0 : estimate(systemPrompt)) + estimate(newText);
    for (Turn turn : history) {
      total += cost(turn);
    }
    boolean[] dropped = new boolean[history.size()];
    int leftOut = 0;
    int from = 0;
    while (total > budget && from < history.size()) {
      int end = from + 1;
      while (end < history.size() && history.get(end).role() != Role.USER) {
        end++;
      }
      for (int i = from; i < end; i++) {
        if (history.get(i).role() != Role.SYSTEM) {
          total -= cost(history.get(i));
          dropped[i] = true;
          leftOut++;
        }
      }
      from = end;
    }
    List<Turn> kept = new ArrayList<>(history.size() - leftOut);
    for (int i = 0; i < history.size(); i++) {
      if (!dropped[i]) {
        kept.add(history.get(i));
      }
    }
    return new Fit(List.copyOf(kept), leftOut);
  }

  /** The estimate for text without a reported count: characters / 4, rounded up, plus overhead. */
  static int estimate(String text) {
    return (text.length() + 3) / 4 + MESSAGE_OVERHEAD;
  }

  /** A stored turn's tokens: the reported count when it is the replayed text's, else estimated. */
  static int cost(Turn turn) {
    boolean reasoned = turn.reasoning() != null && !turn.reasoning().isEmpty();
    if (turn.role() == Role.ASSISTANT && turn.completionTokens() != null && !reasoned) {
      return turn.completionTokens() + MESSAGE_OVERHEAD;
    }
    int tokens = estimate(turn.content());
    for (ToolCall call : turn.toolCalls()) {
      tokens += estimate(call.name() + call.arguments()) - MESSAGE_OVERHEAD;
    }
    return tokens;
  }
}
