package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/responses}: the output is a reasoning item for the reasoning model, one {@code
 * mcp_call} per {@code type: "mcp"} tool (LM Studio calls remote MCP tools itself; the fake's call
 * returns {@code <tool> found: <input>}), then either {@code function_call} items when function
 * tools are asked for, or a message whose text is {@code You said: <input>} (plus {@code (turn N,
 * following "<previous input>")} in a chain continued with {@code previous_response_id}). Stored
 * responses ({@code store}, default true) can be continued. Thread-safe.
 *
 * <p>LM Studio's docs name only some stream events; the object and event shapes follow OpenAI's
 * Responses reference ({@link ResponseEvents}).
 */
final class OpenAiResponses {
  private final Inference inference;
  private final Map<String, Turn> stored = new HashMap<>();

  /** A stored response: its turn number, its input text, and the tokens the chain holds so far. */
  private record Turn(int number, String input, int tokens) {}

  OpenAiResponses(Inference inference) {
    this.inference = inference;
  }

  @SuppressWarnings("unchecked")
  synchronized Reply create(Map<String, Object> json) {
    Inference.Target target = inference.llm(Params.requiredString(json, "model"));
    if (json.get("input") == null) {
      throw Params.invalid("\"input\" is required", "missing_required_parameter", "input");
    }
    String instructions = Params.optionalString(json, "instructions");
    Conversation conversation = Conversation.ofResponsesInput(json.get("input"), instructions);
    CompatTools tools = CompatTools.openAi(json.get("tools"), json.get("tool_choice"), false);
    Turn previous = previous(Params.optionalString(json, "previous_response_id"));
    boolean store = !Boolean.FALSE.equals(Params.optionalBoolean(json, "store"));
    boolean stream = Boolean.TRUE.equals(Params.optionalBoolean(json, "stream"));
    Object reasoningOption = json.get("reasoning");
    String effort =
        reasoningOption instanceof Map
            ? (String) ((Map<String, Object>) reasoningOption).get("effort")
            : null;
    int inputTokens =
        Inference.tokens(conversation.promptText()) + (previous == null ? 0 : previous.tokens());
    Params.Rejected overflow = Inference.overflow(inputTokens, target);
    if (overflow != null && !stream) {
      throw overflow;
    }

    long n = inference.next();
    String id = Inference.id("resp_", n);
    List<Map<String, Object>> output = new ArrayList<>();
    String reasoning = Inference.reasoning(target.model(), effort, conversation);
    if (reasoning != null) {
      Map<String, Object> item = Json.object("id", itemId("rs_", n, output), "type", "reasoning");
      item.put("summary", List.of());
      item.put("content", List.of(Json.object("type", "reasoning_text", "text", reasoning)));
      output.add(item);
    }
    for (Map<String, Object> mcp : mcpTools(json.get("tools"))) {
      output.add(mcpCall(mcp, conversation.userText(), itemId("mcp_", n, output)));
    }
    List<CompatTools.Call> calls = tools.calls(conversation);
    for (CompatTools.Call call : calls) {
      Map<String, Object> item =
          Json.object("id", itemId("fc_", n, output), "type", "function_call");
      item.put("status", "completed");
      item.put("call_id", Inference.id("call_", n) + "_" + output.size());
      item.put("name", call.name());
      item.put("arguments", call.arguments());
      output.add(item);
    }
    if (calls.isEmpty()) {
      String text = conversation.answer();
      int turn = previous == null ? 1 : previous.number() + 1;
      if (previous != null) {
        text += " (turn " + turn + ", following \"" + previous.input() + "\")";
      }
      Map<String, Object> item = Json.object("id", itemId("msg_", n, output), "type", "message");
      item.put("status", "completed");
      item.put("role", "assistant");
      item.put(
          "content",
          List.of(Json.object("type", "output_text", "text", text, "annotations", List.of())));
      output.add(item);
    }
    int outputTokens = Inference.tokens(Json.write(output));
    Map<String, Object> response = Json.object("id", id, "object", "response");
    response.put("created_at", Inference.CREATED + n);
    response.put("status", "completed");
    response.put("error", null);
    response.put("incomplete_details", null);
    response.put("instructions", instructions);
    response.put("model", target.model().key());
    response.put("output", output);
    response.put("parallel_tool_calls", true);
    response.put("previous_response_id", json.get("previous_response_id"));
    response.put("reasoning", Json.object("effort", effort, "summary", null));
    response.put("store", store);
    response.put("tool_choice", json.get("tool_choice") == null ? "auto" : json.get("tool_choice"));
    response.put("tools", json.get("tools") == null ? List.of() : json.get("tools"));
    Map<String, Object> usage = Json.object("input_tokens", inputTokens);
    usage.put("input_tokens_details", Json.object("cached_tokens", 0));
    usage.put("output_tokens", outputTokens);
    usage.put(
        "output_tokens_details", Json.object("reasoning_tokens", Inference.tokens(reasoning)));
    usage.put("total_tokens", inputTokens + outputTokens);
    response.put("usage", usage);
    if (overflow != null) {
      return ResponseEvents.failed(response, overflow).reply(0, 0);
    }
    if (store) {
      int turn = previous == null ? 1 : previous.number() + 1;
      stored.put(id, new Turn(turn, conversation.userText(), inputTokens + outputTokens));
    }
    return stream ? ResponseEvents.stream(response).reply(inference) : Reply.ok(response);
  }

  private static String itemId(String prefix, long n, List<Map<String, Object>> output) {
    return Inference.id(prefix, n) + "_" + output.size();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> mcpTools(Object tools) {
    List<Map<String, Object>> mcp = new ArrayList<>();
    if (tools instanceof List) {
      for (Object tool : (List<Object>) tools) {
        if (tool instanceof Map && "mcp".equals(((Map<String, Object>) tool).get("type"))) {
          mcp.add((Map<String, Object>) tool);
        }
      }
    }
    return mcp;
  }

  /** One call of the MCP tool: the first allowed tool, with {@code {"query": <input>}}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mcpCall(Map<String, Object> tool, String input, String id) {
    String label = Params.requiredString(tool, "server_label");
    Object allowed = tool.get("allowed_tools");
    String name =
        allowed instanceof List && !((List<Object>) allowed).isEmpty()
            ? String.valueOf(((List<Object>) allowed).get(0))
            : ChatInput.DEFAULT_TOOL;
    Map<String, Object> item = Json.object("id", id, "type", "mcp_call", "server_label", label);
    item.put("name", name);
    item.put("arguments", Json.write(Json.object("query", input)));
    item.put("output", name + " found: " + input);
    item.put("error", null);
    return item;
  }

  private Turn previous(String id) {
    if (id == null) {
      return null;
    }
    Turn turn = stored.get(id);
    if (turn == null) {
      throw new Params.Rejected(
          400,
          "invalid_request",
          "Previous response with id '" + id + "' not found.",
          "previous_response_not_found",
          "previous_response_id");
    }
    return turn;
  }
}
