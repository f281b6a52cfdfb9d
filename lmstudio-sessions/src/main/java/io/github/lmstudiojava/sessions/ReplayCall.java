package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.client.openai.CompletionUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay part of a {@link ChatSession}: the stored history, fitted into the model's context,
 * sent through {@code /v1/chat/completions}.
 */
final class ReplayCall {
  private ReplayCall() {}

  /** The request of a replayed call, and how many of the oldest turns it leaves out. */
  record Prompt(ChatCompletionRequest.Builder request, int leftOut) {}

  /**
   * The request: the session's system prompt, then the turns that fit (reasoning is not replayed),
   * then the new text.
   *
   * @throws io.github.lmstudiojava.client.LmStudioException when the model's context length cannot
   *     be read
   */
  static Prompt prompt(
      LmStudio lms,
      ContextWindow window,
      Session session,
      List<Turn> history,
      String model,
      String text,
      ChatOptions options) {
    int contextLength = window.contextLength(lms, model);
    ContextWindow.Fit fit = window.fit(session.systemPrompt(), history, text, contextLength);
    List<ChatMessage> messages = new ArrayList<>();
    if (session.systemPrompt() != null) {
      messages.add(ChatMessage.system(session.systemPrompt()));
    }
    for (Turn turn : fit.kept()) {
      messages.add(TurnMessages.message(turn));
    }
    messages.add(ChatMessage.user(text));
    ChatCompletionRequest.Builder request =
        ChatCompletionRequest.builder(model)
            .messages(messages)
            .temperature(options.temperature())
            .maxTokens(options.maxTokens())
            .draftModel(options.draftModel())
            .ttl(options.ttl());
    return new Prompt(request, fit.leftOut());
  }

  /** The model that answered: the one the completion names, else the one asked. */
  static String answeredBy(String model, ChatCompletion c) {
    return c.model() != null ? c.model() : model;
  }

  /** The assistant turn to store for the completion. */
  static Turn answer(String model, ChatCompletion c) {
    CompletionUsage usage = c.usage();
    return Turn.assistant(c.text())
        .withReasoning(c.reasoning().isEmpty() ? null : c.reasoning())
        .withToolCalls(TurnMessages.toolCalls(c))
        .withModel(answeredBy(model, c))
        .withUsage(
            usage == null ? null : usage.promptTokens(),
            usage == null ? null : usage.completionTokens());
  }

  /** The reply, once the exchange is stored. */
  static ChatReply reply(String model, ChatCompletion c, int leftOut, List<Turn> stored) {
    CompletionUsage usage = c.usage();
    return new ChatReply(
        c.text(),
        c.reasoning(),
        answeredBy(model, c),
        usage == null ? null : usage.promptTokens(),
        usage == null ? null : usage.completionTokens(),
        leftOut,
        stored.get(0),
        stored.get(1),
        false);
  }
}
