package io.github.lmstudiojava.testing;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/completions} and the legacy {@code POST /api/v0/completions}: the completion of a
 * prompt is {@code " You said: <prompt>"}, cut at {@code max_tokens} (finish reason {@code
 * length}). Streams send {@code text_completion} chunks, then {@code data: [DONE]}, as OpenAI's
 * completions reference shows.
 */
final class OpenAiCompletions {
  private final Inference inference;

  OpenAiCompletions(Inference inference) {
    this.inference = inference;
  }

  @SuppressWarnings("unchecked")
  Reply complete(Map<String, Object> json, boolean legacy) {
    Inference.Target target = inference.llm(Params.requiredString(json, "model"));
    Object prompt = json.get("prompt");
    if (prompt instanceof List
        && ((List<Object>) prompt).size() == 1
        && ((List<Object>) prompt).get(0) instanceof String) {
      prompt = ((List<Object>) prompt).get(0);
    }
    if (!(prompt instanceof String)) {
      throw Params.invalid("\"prompt\" must be a string", "invalid_type", "prompt");
    }
    Integer maxTokens = Params.optionalInt(json, "max_tokens");
    boolean stream = Boolean.TRUE.equals(Params.optionalBoolean(json, "stream"));
    int promptTokens = Inference.tokens((String) prompt);
    Params.Rejected overflow = Inference.overflow(promptTokens, target);
    if (overflow != null) {
      throw overflow;
    }
    String text = " You said: " + prompt;
    String finish = "stop";
    if (maxTokens != null && maxTokens >= 0 && maxTokens * 4 < text.length()) {
      text = text.substring(0, maxTokens * 4);
      finish = "length";
    }
    long n = inference.next();
    Completion answer =
        new Completion(
            Inference.id("cmpl-", n),
            Inference.CREATED + n,
            target,
            legacy,
            Completion.Usage.of(promptTokens, Inference.tokens(text)),
            finish);
    if (!stream) {
      return Reply.ok(answer.textJson(text));
    }
    TokenStream sse = new TokenStream();
    for (String piece : ChatAnswer.pieces(text)) {
      sse.dataToken(answer.textChunk(piece, null));
    }
    sse.data(answer.textChunk("", finish));
    return sse.done().reply(inference);
  }
}
