package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the fake model answers to one chat request, written either as one JSON result or as the
 * native event stream whose {@code chat.end} carries the same result.
 *
 * @param modelInstanceId the answering instance
 * @param loadTimeSeconds how long loading took for this request, or null when it was loaded
 * @param reasoning the reasoning text, or null when the model did not reason
 * @param toolCalls the tool calls, each an output item of type {@code tool_call}
 * @param message the message text
 * @param stats the stats object
 * @param responseId the stored response's id, or null when {@code store} was false
 */
record ChatAnswer(
    String modelInstanceId,
    Double loadTimeSeconds,
    String reasoning,
    List<Map<String, Object>> toolCalls,
    String message,
    Map<String, Object> stats,
    String responseId) {

  /** Whether there is a message: a reasoning model whose budget ran out in reasoning has none. */
  private boolean hasMessage() {
    return !message.isEmpty() || reasoning == null;
  }

  /** The result object, the same for {@code POST /api/v1/chat} and {@code chat.end}. */
  Map<String, Object> result() {
    List<Object> output = new ArrayList<>();
    if (reasoning != null) {
      output.add(Json.object("type", "reasoning", "content", reasoning));
    }
    output.addAll(toolCalls);
    if (hasMessage()) {
      output.add(Json.object("type", "message", "content", message));
    }
    Map<String, Object> result =
        Json.object("model_instance_id", modelInstanceId, "output", output, "stats", stats);
    if (responseId != null) {
      result.put("response_id", responseId);
    }
    return result;
  }

  /**
   * The answer as a native event stream, pausing before each token as configured. The deltas and
   * the closing {@code chat.end} are formatted as they are sent.
   */
  Reply stream(long firstTokenDelayNanos, long tokenDelayNanos) {
    List<List<String>> parts = new ArrayList<>();
    List<Boolean> tokens = new ArrayList<>();
    SseBody sse = new SseBody().chatStart(modelInstanceId);
    if (loadTimeSeconds != null) {
      sse.modelLoadStart(modelInstanceId)
          .modelLoadProgress(modelInstanceId, 0.5)
          .modelLoadProgress(modelInstanceId, 1.0)
          .modelLoadEnd(modelInstanceId, loadTimeSeconds);
    }
    sse.promptProcessingStart()
        .promptProcessingProgress(0.5)
        .promptProcessingProgress(1.0)
        .promptProcessingEnd();
    if (reasoning != null) {
      sse = deltas(parts, tokens, sse.reasoningStart(), "reasoning.delta", reasoning);
      sse.reasoningEnd();
    }
    for (Map<String, Object> call : toolCalls) {
      String tool = (String) call.get("tool");
      String arguments = Json.write(call.get("arguments"));
      String provider = Json.write(call.get("provider_info"));
      sse.toolCallStart(tool, provider)
          .toolCallArguments(tool, arguments, provider)
          .toolCallSuccess(tool, arguments, (String) call.get("output"), provider);
    }
    if (hasMessage()) {
      deltas(parts, tokens, sse.messageStart(), "message.delta", message);
      parts.add(
          Frames.later(2, () -> new SseBody().messageEnd().chatEnd(Json.write(result())).frames()));
    } else {
      parts.add(sse.frames());
      tokens.add(false);
      parts.add(Frames.later(1, () -> new SseBody().chatEnd(Json.write(result())).frames()));
    }
    tokens.add(false);

    List<Long> delays = new ArrayList<>();
    boolean first = true;
    for (int i = 0; i < parts.size(); i++) {
      for (int j = 0; j < parts.get(i).size(); j++) {
        if (tokens.get(i)) {
          delays.add(first ? firstTokenDelayNanos : tokenDelayNanos);
          first = false;
        } else {
          delays.add(0L);
        }
      }
    }
    return Reply.sse(Frames.concat(parts), delays);
  }

  /**
   * Adds the frames of {@code before} as one part, then one {@code name} event per piece of {@code
   * text} as a part of tokens; returns a new body for the frames after.
   */
  private static SseBody deltas(
      List<List<String>> parts, List<Boolean> tokens, SseBody before, String name, String text) {
    parts.add(before.frames());
    tokens.add(false);
    parts.add(
        Frames.mapped(
            pieces(text),
            piece -> SseBody.nativeEventFrame(name, "\"content\":" + Json.quote(piece))));
    tokens.add(true);
    return new SseBody();
  }

  /** Splits text into word-sized deltas, each space kept with the word after it. */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    if (pieces.isEmpty()) {
      pieces.add("");
    }
    return pieces;
  }
}
