package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudioHttpException;
import java.util.List;

/**
 * The native part of a {@link ChatSession}: one call to {@code /api/v1/chat} that continues LM
 * Studio's stored conversation with {@code previous_response_id}.
 */
final class NativeCall {
  private NativeCall() {}

  /**
   * Whether a call may continue natively: LM Studio holds the whole conversation (the session has a
   * response id to continue from), or there is no conversation yet.
   */
  static boolean possible(Session session, List<Turn> firstTurn, ChatOptions options) {
    return options.fitsNativeChat() && (session.lastResponseId() != null || firstTurn.isEmpty());
  }

  /**
   * The request. The system prompt goes only with the first request of a chain: LM Studio keeps it
   * with the stored conversation, and 0.4.20 answers 500 to a continued request that sends one
   * again (lmstudio-bug-tracker#2219).
   */
  static ChatRequest request(Session session, String model, String text, ChatOptions options) {
    String previous = session.lastResponseId();
    return ChatRequest.builder(model)
        .input(text)
        .systemPrompt(previous == null ? session.systemPrompt() : null)
        .temperature(options.temperature())
        .maxOutputTokens(options.maxTokens())
        .previousResponseId(previous)
        .build();
  }

  /**
   * Whether LM Studio refused to continue its stored conversation: it no longer has the response,
   * or it failed on the stored chain with the 500 of lmstudio-bug-tracker#2219 ({@code Only user,
   * assistant and tool roles are supported, got system}); a replay serves either.
   */
  static boolean forgotten(LmStudioHttpException e) {
    if ("previous_response_id".equals(e.param())) {
      return true;
    }
    String message = e.serverMessage() != null ? e.serverMessage() : e.getMessage();
    if (message == null) {
      return false;
    }
    if (e.statusCode() == 500) {
      return message.contains("roles are supported, got system");
    }
    return (e.statusCode() == 400 || e.statusCode() == 404)
        && message.contains("previous_response_id");
  }

  /** The assistant turn to store for the result. */
  static Turn answer(String model, ChatResult result) {
    ChatStats stats = result.stats();
    String reasoning = result.reasoning();
    return Turn.assistant(result.text())
        .withReasoning(reasoning == null || reasoning.isEmpty() ? null : reasoning)
        .withModel(model)
        .withUsage(
            stats == null ? null : stats.inputTokens(),
            stats == null ? null : stats.totalOutputTokens())
        .withResponseId(result.responseId());
  }

  /** The reply, once the exchange is stored. */
  static ChatReply reply(String model, ChatResult result, List<Turn> stored) {
    ChatStats stats = result.stats();
    return new ChatReply(
        result.text(),
        result.reasoning(),
        model,
        stats == null ? null : stats.inputTokens(),
        stats == null ? null : stats.totalOutputTokens(),
        0,
        stored.get(0),
        stored.get(1),
        true);
  }
}
