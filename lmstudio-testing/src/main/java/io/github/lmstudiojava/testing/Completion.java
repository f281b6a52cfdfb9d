package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The envelope of one OpenAI-compatible completion, chat or text, whole or as chunks.
 *
 * <p>The {@code /v1} answers carry {@code stats} (empty, as LM Studio sends it there) and {@code
 * system_fingerprint} (the model key, as in LM Studio's tool-use example); the legacy {@code
 * /api/v0} answers carry the {@code stats}, {@code model_info} and {@code runtime} blocks of LM
 * Studio's REST v0 reference instead.
 *
 * @param id such as {@code chatcmpl-...} or {@code cmpl-...}
 * @param created the Unix time
 * @param target the answering model
 * @param legacy whether the request came to {@code /api/v0}
 * @param usage the token counts
 * @param finish the finish reason: {@code stop}, {@code length} or {@code tool_calls}
 */
record Completion(
    String id, long created, Inference.Target target, boolean legacy, Usage usage, String finish) {

  /** A chat completion with one choice holding this message. */
  Map<String, Object> json(Map<String, Object> message) {
    Map<String, Object> choice = Json.object("index", 0, "logprobs", null, "finish_reason", finish);
    choice.put("message", message);
    return envelope("chat.completion", choice);
  }

  /** A text completion with one choice holding this text. */
  Map<String, Object> textJson(String text) {
    Map<String, Object> choice = Json.object("index", 0, "text", text, "logprobs", null);
    choice.put("finish_reason", finish);
    return envelope("text_completion", choice);
  }

  /**
   * A chat completion chunk; a null delta gives empty {@code choices}, for the usage-only chunk.
   */
  Map<String, Object> chunk(Map<String, Object> delta, String finishReason, boolean nullUsage) {
    Map<String, Object> chunk = head("chat.completion.chunk");
    List<Object> choices = new ArrayList<>();
    if (delta != null) {
      Map<String, Object> choice = Json.object("index", 0, "delta", delta, "logprobs", null);
      choice.put("finish_reason", finishReason);
      choices.add(choice);
    }
    chunk.put("choices", choices);
    if (nullUsage) {
      chunk.put("usage", null);
    }
    return chunk;
  }

  /** A text completion chunk. */
  Map<String, Object> textChunk(String text, String finishReason) {
    Map<String, Object> chunk = head("text_completion");
    Map<String, Object> choice = Json.object("index", 0, "text", text, "logprobs", null);
    choice.put("finish_reason", finishReason);
    chunk.put("choices", List.of(choice));
    return chunk;
  }

  private Map<String, Object> head(String object) {
    Map<String, Object> head = Json.object("id", id, "object", object, "created", created);
    head.put("model", target.model().key());
    if (!legacy) {
      head.put("system_fingerprint", target.model().key());
    }
    return head;
  }

  private Map<String, Object> envelope(String object, Map<String, Object> choice) {
    Map<String, Object> json = Json.object("id", id, "object", object, "created", created);
    json.put("model", target.model().key());
    json.put("choices", List.of(choice));
    json.put("usage", usage.json());
    if (legacy) {
      json.put("stats", legacyStats());
      json.put("model_info", modelInfo());
      json.put("runtime", runtime(target.model()));
    } else {
      json.put("stats", Json.object());
      json.put("system_fingerprint", target.model().key());
    }
    return json;
  }

  private Map<String, Object> legacyStats() {
    Map<String, Object> stats =
        Json.object("tokens_per_second", 42.5, "time_to_first_token", 0.125);
    stats.put("generation_time", Math.round(usage.completion() / 42.5 * 1000) / 1000.0);
    stats.put(
        "stop_reason",
        finish.equals("length")
            ? "maxPredictedTokensReached"
            : finish.equals("tool_calls") ? "toolCalls" : "eosFound");
    return stats;
  }

  private Map<String, Object> modelInfo() {
    FakeModel model = target.model();
    Map<String, Object> info = Json.object("arch", CompatModels.arch(model));
    info.put("quant", model.quantizationName());
    info.put("format", model.format());
    info.put("context_length", target.contextLength());
    return info;
  }

  /** The runtime block of the v0 reference, for the model's format. */
  static Map<String, Object> runtime(FakeModel model) {
    String name =
        model.format().equals("mlx")
            ? "mlx-llm-mac-arm64-apple-metal-advsimd"
            : "llama.cpp-linux-x86_64-avx2";
    return Json.object(
        "name", name, "version", "1.3.0", "supported_formats", List.of(model.format()));
  }

  /**
   * Token counts, written as OpenAI's {@code usage}.
   *
   * @param prompt the prompt tokens
   * @param completion the generated tokens
   */
  record Usage(int prompt, int completion) {
    static Usage of(int prompt, int completion) {
      return new Usage(prompt, completion);
    }

    Map<String, Object> json() {
      return Json.object(
          "prompt_tokens",
          prompt,
          "completion_tokens",
          completion,
          "total_tokens",
          prompt + completion);
    }
  }
}
