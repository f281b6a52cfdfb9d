package io.github.lmstudiojava.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A recorded OpenAI-compatible chat completion stream ({@code POST /v1/chat/completions} with
 * {@code stream: true} and {@code stream_options.include_usage}) as LM Studio writes it: one {@code
 * data:} line per chunk, a first chunk with the role, reasoning deltas on {@code delta.reasoning},
 * content deltas, a last chunk with the finish reason, a usage-only chunk and {@code data: [DONE]}.
 * The same bytes for the same seed.
 */
final class RecordedChatCompletion {
  static final String MODEL = RecordedChatStream.MODEL;

  final int chunks;
  final int reasoningDeltas;
  final int contentDeltas;
  final String reasoning;
  final String text;
  final byte[] bytes;

  private RecordedChatCompletion(
      int chunks, int reasoningDeltas, int contentDeltas, String reasoning, String text, byte[] b) {
    this.chunks = chunks;
    this.reasoningDeltas = reasoningDeltas;
    this.contentDeltas = contentDeltas;
    this.reasoning = reasoning;
    this.text = text;
    this.bytes = b;
  }

  /**
   * Builds a recording of exactly {@code chunks} chunks (plus {@code [DONE]}).
   *
   * @param chunks the chunks in all: role, reasoning and content deltas, finish, usage
   * @param reasoningDeltas how many carry reasoning
   * @param seed the seed that picks the content tokens
   */
  static RecordedChatCompletion build(int chunks, int reasoningDeltas, long seed) {
    int contentDeltas = chunks - 3 - reasoningDeltas;
    if (reasoningDeltas < 1 || contentDeltas < 1) {
      throw new IllegalArgumentException("too few chunks: " + chunks);
    }
    Random random = new Random(seed);
    StringBuilder sse = new StringBuilder(chunks * 200);
    StringBuilder reasoning = new StringBuilder();
    StringBuilder text = new StringBuilder();

    chunk(sse, "{\"role\":\"assistant\",\"content\":\"\"}", "null");
    for (int i = 0; i < reasoningDeltas; i++) {
      String token =
          RecordedChatStream.REASONING_TOKENS[i % RecordedChatStream.REASONING_TOKENS.length];
      reasoning.append(token);
      chunk(sse, "{\"reasoning\":" + RecordedChatStream.json(token) + "}", "null");
    }
    String[] tokens = RecordedChatStream.MESSAGE_TOKENS;
    for (int i = 0; i < contentDeltas; i++) {
      String token = tokens[random.nextInt(tokens.length)];
      if (random.nextInt(8) == 0) {
        token = token + tokens[random.nextInt(tokens.length)];
      }
      text.append(token);
      chunk(sse, "{\"content\":" + RecordedChatStream.json(token) + "}", "null");
    }
    chunk(sse, "{}", "\"stop\"");
    sse.append(
            "data: {\"id\":\"chatcmpl-h1p7x0fd3j9rksn0q7l4ue\",\"object\":\"chat.completion.chunk\",")
        .append("\"created\":1760000000,\"model\":\"")
        .append(MODEL)
        .append("\",\"system_fingerprint\":\"")
        .append(MODEL)
        .append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":1287,\"completion_tokens\":")
        .append(reasoningDeltas + contentDeltas)
        .append(",\"total_tokens\":")
        .append(1287 + reasoningDeltas + contentDeltas)
        .append("}}\n\n");
    sse.append("data: [DONE]\n\n");
    return new RecordedChatCompletion(
        chunks,
        reasoningDeltas,
        contentDeltas,
        reasoning.toString(),
        text.toString(),
        sse.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void chunk(StringBuilder sse, String delta, String finishReason) {
    sse.append(
            "data: {\"id\":\"chatcmpl-h1p7x0fd3j9rksn0q7l4ue\",\"object\":\"chat.completion.chunk\",")
        .append("\"created\":1760000000,\"model\":\"")
        .append(MODEL)
        .append("\",\"system_fingerprint\":\"")
        .append(MODEL)
        .append("\",\"choices\":[{\"index\":0,\"delta\":")
        .append(delta)
        .append(",\"logprobs\":null,\"finish_reason\":")
        .append(finishReason)
        .append("}]}\n\n");
  }
}
