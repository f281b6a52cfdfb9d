package io.github.lmstudiojava.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a server-sent event body, such as the stream of LM Studio's {@code POST /api/v1/chat} or
 * of its OpenAI- and Anthropic-compatible endpoints.
 *
 * <pre>{@code
 * String sse = new SseBody()
 *     .chatStart("qwen/qwen3-4b")
 *     .messageStart()
 *     .messageDelta("Hello")
 *     .messageDelta(" world")
 *     .messageEnd()
 *     .chatEnd("{\"model_instance_id\":\"qwen/qwen3-4b\",\"output\":[]}")
 *     .build();
 * }</pre>
 *
 * <p>Each method appends one frame (an event, a comment or raw text). The native event helpers
 * write the data exactly as LM Studio's streaming-events reference shows, with the {@code type}
 * field repeated inside the data. OpenAI-compatible streams are data-only events ({@link #data}
 * with a chunk's JSON, then {@link #done}); Anthropic-compatible ones are named events ({@link
 * #anthropicEvent}). Not thread-safe.
 */
public final class SseBody {
  private final List<String> frames = new ArrayList<>();
  private final List<Boolean> rawFrames = new ArrayList<>();
  private boolean crlf;

  /** Creates an empty body with LF line endings. */
  public SseBody() {}

  /**
   * Appends a named event: {@code event: <name>} then {@code data: <data>}, one data line per line
   * of {@code data}, then a blank line.
   *
   * @param name the event name, such as {@code message.delta}
   * @param data the data, usually JSON
   * @return this body
   */
  public SseBody event(String name, String data) {
    return frame(eventFrame(name, data));
  }

  /**
   * Appends an unnamed event holding only data lines.
   *
   * @param data the data
   * @return this body
   */
  public SseBody data(String data) {
    return frame(dataLines(data) + "\n");
  }

  /**
   * Appends a comment line ({@code : text}), which SSE readers skip.
   *
   * @param text the comment
   * @return this body
   */
  public SseBody comment(String text) {
    Objects.requireNonNull(text, "text == null");
    return frame(": " + text + "\n");
  }

  /**
   * Appends text as it is, for malformed or unusual streams. Line endings in it are kept.
   *
   * @param text the raw text
   * @return this body
   */
  public SseBody raw(String text) {
    Objects.requireNonNull(text, "text == null");
    frames.add(text);
    rawFrames.add(true);
    return this;
  }

  /**
   * Chooses CRLF line endings instead of LF for every frame except {@link #raw} text; applies to
   * frames appended before and after this call.
   *
   * @param crlf true for {@code \r\n}
   * @return this body
   */
  public SseBody crlf(boolean crlf) {
    this.crlf = crlf;
    return this;
  }

  /**
   * Appends a native event whose data is {@code {"type":"<name>", ...fields}}.
   *
   * @param name the event name, repeated as the data's {@code type}
   * @param jsonFields more members for the data object, as JSON text without braces (such as {@code
   *     "\"progress\":0.5"}), or empty
   * @return this body
   */
  public SseBody nativeEvent(String name, String jsonFields) {
    return frame(nativeEventFrame(name, jsonFields));
  }

  /** The LF frame of {@link #nativeEvent}, for streams whose frames are made as they are sent. */
  static String nativeEventFrame(String name, String jsonFields) {
    String fields = jsonFields == null || jsonFields.isEmpty() ? "" : "," + jsonFields;
    return eventFrame(name, "{\"type\":" + Json.quote(name) + fields + "}");
  }

  private static String eventFrame(String name, String data) {
    Objects.requireNonNull(name, "name == null");
    return "event: " + name + "\n" + dataLines(data) + "\n";
  }

  /**
   * Appends {@code chat.start}.
   *
   * @param modelInstanceId the answering instance
   * @return this body
   */
  public SseBody chatStart(String modelInstanceId) {
    return nativeEvent("chat.start", "\"model_instance_id\":" + Json.quote(modelInstanceId));
  }

  /**
   * Appends {@code model_load.start}.
   *
   * @param modelInstanceId the instance being loaded
   * @return this body
   */
  public SseBody modelLoadStart(String modelInstanceId) {
    return nativeEvent("model_load.start", "\"model_instance_id\":" + Json.quote(modelInstanceId));
  }

  /**
   * Appends {@code model_load.progress}.
   *
   * @param modelInstanceId the instance being loaded
   * @param progress from 0 to 1
   * @return this body
   */
  public SseBody modelLoadProgress(String modelInstanceId, double progress) {
    return nativeEvent(
        "model_load.progress",
        "\"model_instance_id\":" + Json.quote(modelInstanceId) + ",\"progress\":" + progress);
  }

  /**
   * Appends {@code model_load.end}.
   *
   * @param modelInstanceId the loaded instance
   * @param loadTimeSeconds how long the load took
   * @return this body
   */
  public SseBody modelLoadEnd(String modelInstanceId, double loadTimeSeconds) {
    return nativeEvent(
        "model_load.end",
        "\"model_instance_id\":"
            + Json.quote(modelInstanceId)
            + ",\"load_time_seconds\":"
            + loadTimeSeconds);
  }

  /**
   * Appends {@code prompt_processing.start}.
   *
   * @return this body
   */
  public SseBody promptProcessingStart() {
    return nativeEvent("prompt_processing.start", "");
  }

  /**
   * Appends {@code prompt_processing.progress}.
   *
   * @param progress from 0 to 1
   * @return this body
   */
  public SseBody promptProcessingProgress(double progress) {
    return nativeEvent("prompt_processing.progress", "\"progress\":" + progress);
  }

  /**
   * Appends {@code prompt_processing.end}.
   *
   * @return this body
   */
  public SseBody promptProcessingEnd() {
    return nativeEvent("prompt_processing.end", "");
  }

  /**
   * Appends {@code reasoning.start}.
   *
   * @return this body
   */
  public SseBody reasoningStart() {
    return nativeEvent("reasoning.start", "");
  }

  /**
   * Appends {@code reasoning.delta}.
   *
   * @param content the reasoning fragment
   * @return this body
   */
  public SseBody reasoningDelta(String content) {
    return nativeEvent("reasoning.delta", "\"content\":" + Json.quote(content));
  }

  /**
   * Appends {@code reasoning.end}.
   *
   * @return this body
   */
  public SseBody reasoningEnd() {
    return nativeEvent("reasoning.end", "");
  }

  /**
   * Appends {@code tool_call.start}.
   *
   * @param tool the tool's name
   * @param providerInfoJson the provider as a JSON object, such as {@code
   *     {"type":"plugin","plugin_id":"mcp/playwright"}}
   * @return this body
   */
  public SseBody toolCallStart(String tool, String providerInfoJson) {
    return nativeEvent(
        "tool_call.start",
        "\"tool\":" + Json.quote(tool) + ",\"provider_info\":" + providerInfoJson);
  }

  /**
   * Appends {@code tool_call.arguments}.
   *
   * @param tool the tool's name
   * @param argumentsJson the arguments as a JSON object
   * @param providerInfoJson the provider as a JSON object
   * @return this body
   */
  public SseBody toolCallArguments(String tool, String argumentsJson, String providerInfoJson) {
    return nativeEvent(
        "tool_call.arguments",
        "\"tool\":"
            + Json.quote(tool)
            + ",\"arguments\":"
            + argumentsJson
            + ",\"provider_info\":"
            + providerInfoJson);
  }

  /**
   * Appends {@code tool_call.success}.
   *
   * @param tool the tool's name
   * @param argumentsJson the arguments as a JSON object
   * @param output the tool's raw output
   * @param providerInfoJson the provider as a JSON object
   * @return this body
   */
  public SseBody toolCallSuccess(
      String tool, String argumentsJson, String output, String providerInfoJson) {
    return nativeEvent(
        "tool_call.success",
        "\"tool\":"
            + Json.quote(tool)
            + ",\"arguments\":"
            + argumentsJson
            + ",\"output\":"
            + Json.quote(output)
            + ",\"provider_info\":"
            + providerInfoJson);
  }

  /**
   * Appends {@code tool_call.failure}.
   *
   * @param reason why the call failed
   * @param metadataJson the metadata as a JSON object, such as {@code
   *     {"type":"invalid_name","tool_name":"open_browser"}}
   * @return this body
   */
  public SseBody toolCallFailure(String reason, String metadataJson) {
    return nativeEvent(
        "tool_call.failure", "\"reason\":" + Json.quote(reason) + ",\"metadata\":" + metadataJson);
  }

  /**
   * Appends {@code message.start}.
   *
   * @return this body
   */
  public SseBody messageStart() {
    return nativeEvent("message.start", "");
  }

  /**
   * Appends {@code message.delta}.
   *
   * @param content the message fragment
   * @return this body
   */
  public SseBody messageDelta(String content) {
    return nativeEvent("message.delta", "\"content\":" + Json.quote(content));
  }

  /**
   * Appends {@code message.end}.
   *
   * @return this body
   */
  public SseBody messageEnd() {
    return nativeEvent("message.end", "");
  }

  /**
   * Appends an {@code error} event.
   *
   * @param type the error type, such as {@code invalid_request}
   * @param message the human-readable message
   * @return this body
   */
  public SseBody error(String type, String message) {
    return nativeEvent(
        "error",
        "\"error\":{\"type\":" + Json.quote(type) + ",\"message\":" + Json.quote(message) + "}");
  }

  /**
   * Appends {@code chat.end}.
   *
   * @param resultJson the result object, the same JSON a non-streamed chat returns
   * @return this body
   */
  public SseBody chatEnd(String resultJson) {
    return nativeEvent("chat.end", "\"result\":" + resultJson);
  }

  /**
   * Appends {@code data: [DONE]}, the end of an OpenAI-compatible stream.
   *
   * @return this body
   */
  public SseBody done() {
    return data("[DONE]");
  }

  /**
   * Appends an OpenAI-compatible stream error: {@code data: {"error":{"message","type","param",
   * "code"}}}, with {@code param} and {@code code} null.
   *
   * @param type the error type, such as {@code server_error}
   * @param message the message
   * @return this body
   */
  public SseBody openAiError(String type, String message) {
    return data(
        "{\"error\":{\"message\":"
            + Json.quote(message)
            + ",\"type\":"
            + Json.quote(type)
            + ",\"param\":null,\"code\":null}}");
  }

  /**
   * Appends an Anthropic-compatible event; like {@link #nativeEvent}, the name is repeated as the
   * data's {@code type}, as Anthropic's streams do.
   *
   * @param name the event name, such as {@code content_block_delta}
   * @param jsonFields more members for the data object, as JSON text without braces (such as {@code
   *     "\"index\":0"}), or empty
   * @return this body
   */
  public SseBody anthropicEvent(String name, String jsonFields) {
    return nativeEvent(name, jsonFields);
  }

  /**
   * Appends an Anthropic-compatible {@code error} event: {@code {"type":"error","error":{"type",
   * "message"}}}.
   *
   * @param type the error type, such as {@code overloaded_error}
   * @param message the message
   * @return this body
   */
  public SseBody anthropicError(String type, String message) {
    return error(type, message);
  }

  /**
   * The number of frames appended so far (events, comments and raw pieces).
   *
   * @return the count
   */
  public int size() {
    return frames.size();
  }

  /**
   * The body as text.
   *
   * @return the SSE text
   */
  public String build() {
    return String.join("", frames());
  }

  /**
   * The body as UTF-8 bytes.
   *
   * @return the SSE bytes
   */
  public byte[] bytes() {
    return build().getBytes(StandardCharsets.UTF_8);
  }

  /** The frames with the chosen line endings, for streaming them one by one. */
  List<String> frames() {
    List<String> out = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      String frame = frames.get(i);
      out.add(crlf && !rawFrames.get(i) ? frame.replace("\n", "\r\n") : frame);
    }
    return out;
  }

  /** Shows the body's text. */
  @Override
  public String toString() {
    return build();
  }

  private SseBody frame(String lfText) {
    frames.add(lfText);
    rawFrames.add(false);
    return this;
  }

  private static String dataLines(String data) {
    Objects.requireNonNull(data, "data == null");
    if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
      return "data: " + data + "\n";
    }
    StringBuilder lines = new StringBuilder();
    for (String line : data.split("\r\n|\r|\n", -1)) {
      lines.append("data: ").append(line).append('\n');
    }
    return lines.toString();
  }
}
