package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} and the legacy {@code POST /api/v0/chat/completions}: the
 * answer is {@code You said: <last user text>}, tool calls when offered tools are asked for, the
 * tool results after a history ending in tool messages, or a JSON value matching a {@code
 * json_schema} response format. The reasoning model puts its reasoning on {@code message.reasoning}
 * and {@code delta.reasoning}, as LM Studio does since 0.3.23.
 *
 * <p>Chunk and usage shapes beyond LM Studio's examples follow OpenAI's chat completion chunk
 * reference: {@code stream_options.include_usage} adds a chunk with empty {@code choices} and the
 * usage before {@code data: [DONE]}, and gives every other chunk {@code "usage": null}.
 */
final class OpenAiChat {
  private final Inference inference;

  OpenAiChat(Inference inference) {
    this.inference = inference;
  }

  Reply complete(Map<String, Object> json, boolean legacy) {
    Inference.Target target = inference.llm(Params.requiredString(json, "model"));
    Conversation conversation = Conversation.ofChatMessages(json.get("messages"));
    CompatTools tools = CompatTools.openAi(json.get("tools"), json.get("tool_choice"), true);
    Map<String, Object> schema = responseSchema(json.get("response_format"));
    Integer maxTokens = Params.optionalInt(json, "max_tokens");
    String effort = Params.optionalString(json, "reasoning_effort");
    boolean stream = Boolean.TRUE.equals(Params.optionalBoolean(json, "stream"));
    boolean includeUsage = stream && includeUsage(json.get("stream_options"));
    if (conversation.images() > 0 && !target.model().vision()) {
      throw Params.invalid(
          "\"" + target.model().key() + "\" does not support images", "invalid_value", "messages");
    }
    int promptTokens = Inference.tokens(conversation.promptText()) + 85 * conversation.images();
    Params.Rejected overflow = Inference.overflow(promptTokens, target);
    if (overflow != null) {
      return overflow(overflow, target, legacy, promptTokens, stream);
    }

    List<CompatTools.Call> calls = tools.calls(conversation);
    String reasoning = Inference.reasoning(target.model(), effort, conversation);
    String content = null;
    String finish = "tool_calls";
    if (calls.isEmpty()) {
      content = schema != null ? Json.write(SchemaValues.generate(schema)) : conversation.answer();
      finish = "stop";
      // The budget covers reasoning first, as on the native endpoint: a small one leaves no answer.
      int budget = maxTokens == null || maxTokens < 0 ? Integer.MAX_VALUE : maxTokens * 4;
      if (reasoning != null && reasoning.length() >= budget) {
        reasoning = reasoning.substring(0, budget);
        content = "";
        finish = "length";
      } else if (budget != Integer.MAX_VALUE
          && content.length() > budget - (reasoning == null ? 0 : reasoning.length())) {
        content = content.substring(0, budget - (reasoning == null ? 0 : reasoning.length()));
        finish = "length";
      }
    }
    int completionTokens = Inference.tokens(content) + Inference.tokens(reasoning);
    for (CompatTools.Call call : calls) {
      completionTokens += Inference.tokens(call.arguments());
    }
    long n = inference.next();
    Completion answer =
        new Completion(
            Inference.id("chatcmpl-", n),
            Inference.CREATED + n,
            target,
            legacy,
            Completion.Usage.of(promptTokens, completionTokens),
            finish);
    List<Map<String, Object>> toolCalls = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      toolCalls.add(
          Json.object(
              "id",
              String.valueOf(365_174_485L + 1000 * n + i),
              "type",
              "function",
              "function",
              Json.object("name", calls.get(i).name(), "arguments", calls.get(i).arguments())));
    }
    return stream
        ? stream(answer, reasoning, content, toolCalls, includeUsage)
        : Reply.ok(answer.json(message(reasoning, content, toolCalls)));
  }

  /**
   * A prompt longer than the loaded context. Streamed, LM Studio 0.4.21 answers 200 with an {@code
   * error} event whose data holds the message twice (lmstudio-bug-tracker#2322, open; seen by
   * aaif-goose/goose#11318); unstreamed, a 400. With {@link
   * FakeLmStudio.Builder#emptyAnswerOnContextOverflow}, as LM Studio 0.3.x did on the GGUF path:
   * 200 and nothing, a stream of {@code data: [DONE]} alone or an empty message whose usage counts
   * only the prompt (lmstudio-bug-tracker#2339).
   */
  private Reply overflow(
      Params.Rejected overflow,
      Inference.Target target,
      boolean legacy,
      int promptTokens,
      boolean stream) {
    if (inference.emptyAnswerOnOverflow) {
      if (stream) {
        return new TokenStream().done().reply(0, 0);
      }
      long n = inference.next();
      Completion empty =
          new Completion(
              Inference.id("chatcmpl-", n),
              Inference.CREATED + n,
              target,
              legacy,
              Completion.Usage.of(promptTokens, 0),
              "stop");
      return Reply.ok(empty.json(message(null, "", List.of())));
    }
    if (!stream) {
      throw overflow;
    }
    String message =
        "Input does not fit in context length. The prompt has "
            + promptTokens
            + " tokens, more than the "
            + target.contextLength()
            + " tokens the model is loaded with. Load it with a larger context length or send a"
            + " shorter prompt.";
    Map<String, Object> data = Json.object("error", Json.object("message", message));
    data.put("message", message);
    return new TokenStream().event("error", data).reply(0, 0);
  }

  private static Map<String, Object> message(
      String reasoning, String content, List<Map<String, Object>> toolCalls) {
    Map<String, Object> message = Json.object("role", "assistant");
    if (toolCalls.isEmpty()) {
      message.put("content", content);
    }
    if (reasoning != null) {
      message.put("reasoning", reasoning);
    }
    if (!toolCalls.isEmpty()) {
      message.put("tool_calls", toolCalls);
    }
    return message;
  }

  private Reply stream(
      Completion answer,
      String reasoning,
      String content,
      List<Map<String, Object>> toolCalls,
      boolean includeUsage) {
    TokenStream sse = new TokenStream();
    List<Map<String, Object>> deltas = new ArrayList<>();
    if (reasoning != null) {
      for (String piece : ChatAnswer.pieces(reasoning)) {
        deltas.add(Json.object("reasoning", piece));
      }
    }
    if (content != null) {
      for (String piece : ChatAnswer.pieces(content)) {
        deltas.add(Json.object("content", piece));
      }
    }
    for (int i = 0; i < toolCalls.size(); i++) {
      Map<String, Object> call = toolCalls.get(i);
      @SuppressWarnings("unchecked")
      Map<String, Object> function = (Map<String, Object>) call.get("function");
      // The id, type and name come once, with empty arguments; the arguments follow in fragments.
      Map<String, Object> first = Json.object("index", i, "id", call.get("id"), "type", "function");
      first.put("function", Json.object("name", function.get("name"), "arguments", ""));
      deltas.add(Json.object("tool_calls", List.of(first)));
      for (String fragment : CompatTools.fragments((String) function.get("arguments"))) {
        Map<String, Object> next =
            Json.object("index", i, "function", Json.object("arguments", fragment));
        deltas.add(Json.object("tool_calls", List.of(next)));
      }
    }
    for (int i = 0; i < deltas.size(); i++) {
      Map<String, Object> delta = deltas.get(i);
      if (i == 0) {
        Map<String, Object> withRole = Json.object("role", "assistant");
        withRole.putAll(delta);
        delta = withRole;
      }
      sse.dataToken(answer.chunk(delta, null, includeUsage));
    }
    sse.data(answer.chunk(Json.object(), answer.finish(), includeUsage));
    if (includeUsage) {
      Map<String, Object> usageChunk = answer.chunk(null, null, false);
      usageChunk.put("usage", answer.usage().json());
      sse.data(usageChunk);
    }
    return sse.done().reply(inference);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> responseSchema(Object format) {
    if (format == null) {
      return null;
    }
    Object type = format instanceof Map ? ((Map<String, Object>) format).get("type") : null;
    if ("text".equals(type)) {
      return null;
    }
    if (!"json_schema".equals(type)) {
      throw Params.invalid(
          "'response_format.type' must be 'json_schema' or 'text'",
          "invalid_value",
          "response_format");
    }
    Object jsonSchema = ((Map<String, Object>) format).get("json_schema");
    Object schema =
        jsonSchema instanceof Map ? ((Map<String, Object>) jsonSchema).get("schema") : null;
    if (!(schema instanceof Map)) {
      throw Params.invalid(
          "'response_format.json_schema.schema' must be an object",
          "invalid_value",
          "response_format");
    }
    return (Map<String, Object>) schema;
  }

  @SuppressWarnings("unchecked")
  private static boolean includeUsage(Object options) {
    return options instanceof Map
        && Boolean.TRUE.equals(((Map<String, Object>) options).get("include_usage"));
  }
}
