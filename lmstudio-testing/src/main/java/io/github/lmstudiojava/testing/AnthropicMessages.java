package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/messages}, LM Studio's Anthropic-compatible endpoint: the reasoning model starts
 * with a {@code thinking} block (unless {@code thinking.type} is {@code disabled}); then come
 * {@code tool_use} blocks when offered tools are asked for (stop reason {@code tool_use}), or a
 * text block: {@code You said: <last user text>}, the tool results after {@code tool_result}
 * blocks, cut at {@code max_tokens} (stop reason {@code max_tokens}).
 *
 * <p>LM Studio's docs name the stream events but show no payloads; these follow Anthropic's
 * Messages streaming reference: {@code message_start}, per block {@code content_block_start},
 * {@code content_block_delta}s ({@code thinking_delta}, {@code text_delta} or {@code
 * input_json_delta} fragments) and {@code content_block_stop}, a {@code ping} after the first block
 * starts, then {@code message_delta} (stop reason, output tokens) and {@code message_stop}.
 */
final class AnthropicMessages {
  private final Inference inference;

  AnthropicMessages(Inference inference) {
    this.inference = inference;
  }

  @SuppressWarnings("unchecked")
  Reply create(Map<String, Object> json) {
    Inference.Target target = inference.llm(Params.requiredString(json, "model"));
    Integer maxTokens = Params.optionalInt(json, "max_tokens");
    if (maxTokens == null) {
      throw Params.invalid(
          "max_tokens: Field required", "missing_required_parameter", "max_tokens");
    }
    Conversation conversation = Conversation.ofAnthropic(json.get("messages"), json.get("system"));
    CompatTools tools = CompatTools.anthropic(json.get("tools"), json.get("tool_choice"));
    boolean stream = Boolean.TRUE.equals(Params.optionalBoolean(json, "stream"));
    Object thinkingOption = json.get("thinking");
    String effort =
        thinkingOption instanceof Map
                && "disabled".equals(((Map<String, Object>) thinkingOption).get("type"))
            ? "off"
            : null;
    int inputTokens = Inference.tokens(conversation.promptText());
    Params.Rejected overflow = Inference.overflow(inputTokens, target);
    if (overflow != null) {
      if (!stream) {
        throw overflow;
      }
      Map<String, Object> error = Dialect.anthropicError(400, overflow.getMessage());
      return new TokenStream().event("error", error).reply(0, 0);
    }

    long n = inference.next();
    List<Map<String, Object>> content = new ArrayList<>();
    String thinking = Inference.reasoning(target.model(), effort, conversation);
    if (thinking != null) {
      content.add(Json.object("type", "thinking", "thinking", thinking, "signature", ""));
    }
    List<CompatTools.Call> calls = tools.calls(conversation);
    String stopReason = calls.isEmpty() ? "end_turn" : "tool_use";
    for (int i = 0; i < calls.size(); i++) {
      Map<String, Object> block = Json.object("type", "tool_use");
      block.put("id", Inference.id("toolu_", n) + "_" + i);
      block.put("name", calls.get(i).name());
      block.put("input", calls.get(i).input());
      content.add(block);
    }
    if (calls.isEmpty()) {
      String text = conversation.answer();
      if (maxTokens * 4 < text.length()) {
        text = text.substring(0, Math.max(0, maxTokens * 4));
        stopReason = "max_tokens";
      }
      content.add(Json.object("type", "text", "text", text));
    }
    int outputTokens = Inference.tokens(Json.write(content));
    Map<String, Object> message = Json.object("id", Inference.id("msg_", n), "type", "message");
    message.put("role", "assistant");
    message.put("model", target.model().key());
    message.put("content", content);
    message.put("stop_reason", stopReason);
    message.put("stop_sequence", null);
    message.put("usage", Json.object("input_tokens", inputTokens, "output_tokens", outputTokens));
    return stream ? stream(message).reply(inference) : Reply.ok(message);
  }

  @SuppressWarnings("unchecked")
  private static TokenStream stream(Map<String, Object> message) {
    TokenStream sse = new TokenStream();
    Map<String, Object> start = Json.object();
    start.putAll(message);
    start.put("content", List.of());
    start.put("stop_reason", null);
    Map<String, Object> usage = (Map<String, Object>) message.get("usage");
    start.put("usage", Json.object("input_tokens", usage.get("input_tokens"), "output_tokens", 0));
    sse.event("message_start", Json.object("type", "message_start", "message", start));
    List<Map<String, Object>> blocks = (List<Map<String, Object>>) message.get("content");
    for (int i = 0; i < blocks.size(); i++) {
      Map<String, Object> block = blocks.get(i);
      String type = (String) block.get("type");
      Map<String, Object> empty = Json.object();
      empty.putAll(block);
      List<Map<String, Object>> deltas = new ArrayList<>();
      if (type.equals("thinking")) {
        empty.put("thinking", "");
        for (String piece : ChatAnswer.pieces((String) block.get("thinking"))) {
          deltas.add(Json.object("type", "thinking_delta", "thinking", piece));
        }
      } else if (type.equals("tool_use")) {
        empty.put("input", Json.object());
        for (String fragment : CompatTools.fragments(Json.write(block.get("input")))) {
          deltas.add(Json.object("type", "input_json_delta", "partial_json", fragment));
        }
      } else {
        empty.put("text", "");
        for (String piece : ChatAnswer.pieces((String) block.get("text"))) {
          deltas.add(Json.object("type", "text_delta", "text", piece));
        }
      }
      sse.event(
          "content_block_start",
          Json.object("type", "content_block_start", "index", i, "content_block", empty));
      if (i == 0) {
        sse.event("ping", Json.object("type", "ping"));
      }
      for (Map<String, Object> delta : deltas) {
        sse.eventToken(
            "content_block_delta",
            Json.object("type", "content_block_delta", "index", i, "delta", delta));
      }
      sse.event("content_block_stop", Json.object("type", "content_block_stop", "index", i));
    }
    Map<String, Object> delta =
        Json.object("stop_reason", message.get("stop_reason"), "stop_sequence", null);
    sse.event(
        "message_delta",
        Json.object(
            "type",
            "message_delta",
            "delta",
            delta,
            "usage",
            Json.object("output_tokens", usage.get("output_tokens"))));
    sse.event("message_stop", Json.object("type", "message_stop"));
    return sse;
  }
}
