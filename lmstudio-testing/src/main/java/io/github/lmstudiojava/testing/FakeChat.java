package io.github.lmstudiojava.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/chat}: validates like LM Studio, loads the model when needed, answers
 * deterministically from the input, and keeps stored conversations for {@code
 * previous_response_id}. Thread-safe.
 */
final class FakeChat {
  /** The largest count a {@code count to N} prompt is answered with. */
  static final int MAX_COUNT = 1_000_000;

  private static final Pattern COUNT_TO =
      Pattern.compile("count to ([0-9]+)", Pattern.CASE_INSENSITIVE);

  private final FakeModels models;
  private final boolean systemPromptOnContinuationFails;
  private final long firstTokenDelayNanos;
  private final long tokenDelayNanos;
  private final Map<String, Turn> stored = new HashMap<>();
  private long responseCount;

  /** A stored response: its turn number, its input text, and the tokens the chat holds so far. */
  private record Turn(int number, String input, int tokens) {}

  FakeChat(
      FakeModels models,
      boolean systemPromptOnContinuationFails,
      long firstTokenDelayNanos,
      long tokenDelayNanos) {
    this.models = models;
    this.systemPromptOnContinuationFails = systemPromptOnContinuationFails;
    this.firstTokenDelayNanos = firstTokenDelayNanos;
    this.tokenDelayNanos = tokenDelayNanos;
  }

  synchronized Reply chat(Map<String, Object> json) {
    String key = Params.requiredString(json, "model");
    if (json.get("input") == null) {
      throw Params.invalid("\"input\" is required", "missing_required_parameter", "input");
    }
    FakeModel model = models.find(key);
    if (model == null) {
      throw Params.unknownModel(key);
    }
    if (model.isEmbedding()) {
      throw Params.invalid(
          "\"" + key + "\" is an embedding model and cannot chat", "invalid_value", "model");
    }
    ChatInput input = ChatInput.parse(json.get("input"));
    if (input.images() > 0 && !model.vision()) {
      throw Params.invalid("\"" + key + "\" does not support images", "invalid_value", "input");
    }
    String reasoning = reasoning(model, Params.optionalString(json, "reasoning"));
    List<Map<String, Object>> toolCalls = ChatInput.toolCalls(json.get("integrations"), input);
    Turn previous = previous(Params.optionalString(json, "previous_response_id"));
    String systemPrompt = Params.optionalString(json, "system_prompt");
    if (previous != null && systemPrompt != null && systemPromptOnContinuationFails) {
      // LM Studio 0.4.20 fails a continued chat that sends a system prompt again
      // (lmstudio-bug-tracker#2219, open; also lmstudio-ai/lms#611). The report shows the
      // message only; the type is the native one for a server-side failure.
      throw new Params.Rejected(
          500,
          "internal_error",
          "Only user, assistant and tool roles are supported, got system",
          null,
          null);
    }
    Integer contextLength = Params.optionalInt(json, "context_length");
    if (contextLength != null && (contextLength < 1 || contextLength > model.maxContextLength())) {
      throw Params.invalid(
          "\"context_length\" must be between 1 and " + model.maxContextLength(),
          "invalid_value",
          "context_length");
    }
    Integer maxOutputTokens = Params.optionalInt(json, "max_output_tokens");
    boolean store = !Boolean.FALSE.equals(Params.optionalBoolean(json, "store"));
    boolean stream = Boolean.TRUE.equals(Params.optionalBoolean(json, "stream"));

    String instance = models.loadedInstance(key);
    Double loadTime = null;
    if (instance == null) {
      instance = models.load(model, contextLength);
      loadTime = FakeModels.LOAD_TIME_SECONDS;
    }
    int turn = previous == null ? 1 : previous.number() + 1;
    String message = answer(input, turn, previous);
    String thinking =
        reasoning == null
            ? null
            : "The user wrote " + input.text().length() + " characters; I will repeat them.";
    if (maxOutputTokens != null) {
      // The budget covers reasoning first, as LM Studio's does: a small one leaves no answer.
      int budget = maxOutputTokens * 4;
      if (thinking != null && thinking.length() >= budget) {
        thinking = thinking.substring(0, budget);
        message = "";
      } else if (message.length() > budget - (thinking == null ? 0 : thinking.length())) {
        message = message.substring(0, budget - (thinking == null ? 0 : thinking.length()));
      }
    }
    int inputTokens =
        tokens(systemPrompt)
            + tokens(input.text())
            + 85 * input.images()
            + (previous == null ? 0 : previous.tokens());
    int reasoningTokens = tokens(thinking);
    int outputTokens = tokens(message) + reasoningTokens;
    Map<String, Object> stats = Json.object("input_tokens", inputTokens);
    stats.put("total_output_tokens", outputTokens);
    stats.put("reasoning_output_tokens", reasoningTokens);
    stats.put("tokens_per_second", 42.5);
    stats.put("time_to_first_token_seconds", 0.125);
    if (loadTime != null) {
      stats.put("model_load_time_seconds", loadTime);
    }
    String responseId = null;
    if (store) {
      responseId = String.format(Locale.ROOT, "resp_%048x", ++responseCount);
      stored.put(responseId, new Turn(turn, input.text(), inputTokens + outputTokens));
    }
    ChatAnswer answer =
        new ChatAnswer(instance, loadTime, thinking, toolCalls, message, stats, responseId);
    return stream
        ? answer.stream(firstTokenDelayNanos, tokenDelayNanos)
        : Reply.ok(answer.result());
  }

  /**
   * The deterministic answer: {@code You said: <text>}, then {@code (with N images)} when images
   * were sent, then {@code (turn N, following "<previous input>")} in a continued chat.
   */
  static String answer(ChatInput input, int turn, Turn previous) {
    String counted = counting(input.text());
    if (counted != null) {
      return counted;
    }
    StringBuilder answer = new StringBuilder("You said: ").append(input.text());
    if (input.images() > 0) {
      answer.append(" (with ").append(input.images());
      answer.append(input.images() == 1 ? " image)" : " images)");
    }
    if (previous != null) {
      answer.append(" (turn ").append(turn).append(", following \"");
      answer.append(previous.input()).append("\")");
    }
    return answer.toString();
  }

  /**
   * The answer to {@code count to N} (any case, N from 1 to {@value #MAX_COUNT}): {@code "1 2 3 ...
   * N"}, streamed as N deltas ({@code "1"}, {@code " 2"}, ...), for benchmarks that need a long
   * answer; null for any other text.
   */
  static String counting(String text) {
    Matcher matcher = COUNT_TO.matcher(text.strip());
    if (!matcher.matches() || matcher.group(1).length() > 7) {
      return null;
    }
    int count = Integer.parseInt(matcher.group(1));
    if (count < 1 || count > MAX_COUNT) {
      return null;
    }
    StringBuilder answer = new StringBuilder(count * 7).append('1');
    for (int i = 2; i <= count; i++) {
      answer.append(' ').append(i);
    }
    return answer.toString();
  }

  private Turn previous(String id) {
    if (id == null) {
      return null;
    }
    Turn turn = stored.get(id);
    if (turn == null) {
      throw Params.invalid(
          "No stored response with id \"" + id + "\"", "invalid_value", "previous_response_id");
    }
    return turn;
  }

  /**
   * The reasoning setting in effect, or null when the model will not reason. A setting the model
   * does not list is refused with LM Studio's own message, which also shows that the settings
   * include {@code xhigh} (abdulmominsakib/localmind#75, Deno2026/comfyui-deno-custom-nodes#24);
   * {@code off} for a model without reasoning settings is taken as the no-op it is.
   */
  private static String reasoning(FakeModel model, String requested) {
    List<String> allowed = model.reasoningOptions();
    if (requested != null && !allowed.contains(requested)) {
      if (allowed.isEmpty() && !requested.equals("off")) {
        throw Params.invalid(
            "Model '" + model.key() + "' does not expose reasoning configuration.",
            "invalid_value",
            "reasoning");
      }
      if (!allowed.isEmpty()) {
        throw Params.invalid(
            "Reasoning setting '"
                + requested
                + "' is not supported by model '"
                + model.key()
                + "'. Supported settings: '"
                + String.join("', '", allowed)
                + "'.",
            "invalid_value",
            "reasoning");
      }
    }
    String effective = requested != null ? requested : model.reasoningDefault();
    return allowed.isEmpty() || "off".equals(effective) ? null : effective;
  }

  /** A deterministic token count: one token per four characters, rounded up. */
  static int tokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }
}
