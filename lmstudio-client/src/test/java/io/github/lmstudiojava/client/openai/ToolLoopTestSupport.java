package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.quote;

import io.github.lmstudiojava.client.Description;
import java.util.List;
import java.util.Map;

/** Tools, canned replies and expected request parts for the tool loop tests. */
final class ToolLoopTestSupport {
  private ToolLoopTestSupport() {}

  /** The arguments of the record-typed forecast tool. */
  record Forecast(@Description("city name") String city, int days) {}

  /** What the forecast tool returns, sent to the model as JSON. */
  record Weather(String city, double celsius, boolean sunny) {}

  /** The tools array a loop with the forecast tool sends, as JSON text. */
  static final String FORECAST_TOOL =
      """
      {"type": "function", "function": {"name": "get_forecast",
        "description": "Weather forecast for a city",
        "parameters": {"type": "object",
          "properties": {"city": {"type": "string", "description": "city name"},
                         "days": {"type": "integer"}},
          "required": ["city", "days"], "additionalProperties": false}}}
      """;

  /** The explicit schema of the time tool. */
  static final Map<String, Object> TIME_SCHEMA =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("zone", Map.of("type", "string")),
          "required",
          List.of("zone"));

  static final String TIME_TOOL =
      """
      {"type": "function", "function": {"name": "get_time",
        "description": "Current time in a time zone",
        "parameters": {"type": "object", "properties": {"zone": {"type": "string"}},
          "required": ["zone"]}}}
      """;

  static FunctionTool forecastTool(java.util.function.Function<Forecast, Object> handler) {
    return FunctionTool.of("get_forecast", "Weather forecast for a city", Forecast.class, handler);
  }

  static FunctionTool timeTool(java.util.function.Function<Map<String, Object>, Object> handler) {
    return FunctionTool.of("get_time", "Current time in a time zone", TIME_SCHEMA, handler);
  }

  /** One tool call as it appears in a reply's or request's {@code tool_calls}. */
  static String call(String id, String name, String arguments) {
    return "{"
        + (id == null ? "" : "\"id\": \"" + id + "\", ")
        + "\"type\": \"function\", \"function\": {\"name\": \""
        + name
        + "\", \"arguments\": "
        + quote(arguments)
        + "}}";
  }

  /** A non-streamed reply calling tools. */
  static String toolReply(String... calls) {
    return "{\"id\": \"chatcmpl-t\", \"object\": \"chat.completion\", \"created\": 1700000000,"
        + " \"model\": \"m\", \"choices\": [{\"index\": 0, \"finish_reason\": \"tool_calls\","
        + " \"message\": {\"role\": \"assistant\", \"content\": null, \"tool_calls\": ["
        + String.join(", ", calls)
        + "]}}]}";
  }

  /** A non-streamed final answer. */
  static String answer(String text) {
    return "{\"id\": \"chatcmpl-a\", \"object\": \"chat.completion\", \"created\": 1700000001,"
        + " \"model\": \"m\", \"choices\": [{\"index\": 0, \"finish_reason\": \"stop\","
        + " \"message\": {\"role\": \"assistant\", \"content\": "
        + quote(text)
        + "}}], \"usage\": {\"prompt_tokens\": 50, \"completion_tokens\": 9, \"total_tokens\": 59}}";
  }

  /** A user message as sent. */
  static String user(String text) {
    return "{\"role\": \"user\", \"content\": " + quote(text) + "}";
  }

  /** An assistant message with tool calls as sent back. */
  static String assistantCalls(String... calls) {
    return "{\"role\": \"assistant\", \"tool_calls\": [" + String.join(", ", calls) + "]}";
  }

  /** A tool message as sent. */
  static String toolMessage(String callId, String content) {
    return "{\"role\": \"tool\", \"content\": "
        + quote(content)
        + ", \"tool_call_id\": \""
        + callId
        + "\"}";
  }

  /** A request body: model, the messages and the tools, plus any extra members. */
  static String body(List<String> messages, List<String> tools, String extra) {
    return "{\"model\": \"m\", \"messages\": ["
        + String.join(", ", messages)
        + "], \"tools\": ["
        + String.join(", ", tools)
        + "]"
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }
}
