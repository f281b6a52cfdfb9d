package io.github.lmstudiojava.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic but realistic recording of one native chat stream ({@code POST /api/v1/chat} with
 * {@code stream: true}), built the same way every time.
 *
 * <p>Shaped like LM Studio's output: {@code chat.start}, prompt processing with progress, a few
 * hundred reasoning deltas, thousands of message deltas carrying short token fragments (some
 * non-ASCII, some needing JSON escapes), {@code message.end}, and a {@code chat.end} whose result
 * repeats the whole output and the stats. Each event is written as {@code event: <type>} and one
 * {@code data: <json>} line followed by a blank line.
 */
final class RecordedChatStream {
  static final String MODEL = "qwen/qwen3-4b";

  private static final double[] PROMPT_PROGRESS = {0.25, 0.5, 0.75, 1.0};

  /** Fragments of the reasoning, as a tokenizer cuts them. */
  static final String[] REASONING_TOKENS = {
    "Need",
    " to",
    " explain",
    " how",
    " the",
    " user",
    " wants",
    " a",
    " clear",
    " answer",
    " about",
    " stream",
    "ing",
    ".",
    " Let",
    "'s",
    " think",
    " step",
    " by",
    " step",
    ":",
    " first",
    " the",
    " server",
    " sends",
    " events",
    ",",
    " then",
    " the",
    " client",
    " parses",
    " them",
    "\n",
    " Maybe",
    " mention",
    " \"",
    "chat.end",
    "\"",
    " and",
    " latency",
    "?",
    " OK",
    "."
  };

  /** Fragments of the answer: words, sub-words, punctuation, markdown, non-ASCII and escapes. */
  static final String[] MESSAGE_TOKENS = {
    " The",
    " stream",
    " of",
    " events",
    " arrives",
    " in",
    " order",
    ",",
    ".",
    " and",
    " each",
    " delta",
    " carries",
    " a",
    " short",
    " fragment",
    " of",
    " text",
    " token",
    "ization",
    " model",
    " server",
    "-",
    "side",
    " JSON",
    " pars",
    "er",
    ":",
    "\n",
    "\n\n",
    "- ",
    "**",
    "1",
    " `",
    "ChatStream",
    "`",
    " \"",
    "quoted",
    "\"",
    " café",
    " naïve",
    " façade",
    " Zürich",
    " 東京",
    "語",
    " —",
    " →",
    " ½",
    " 🙂",
    " C:\\",
    "tmp",
    "\t",
    "'s",
    " performance",
    " latency",
    " through",
    "put",
    " allocation",
    " per",
    " event",
    " is",
    " measured",
    " here",
    "?",
    " It",
    " depends",
    " on",
    " the",
    " hardware",
    " (",
    "GPU",
    ")",
    " 42",
    "%",
    " über",
    " señor",
    " Привет",
    "!",
    " re",
    "produc",
    "ible",
    " results",
    " matter"
  };

  final int events;
  final int reasoningDeltas;
  final int messageDeltas;
  final String reasoning;
  final String text;
  final byte[] bytes;

  private RecordedChatStream(
      int events, int reasoningDeltas, int messageDeltas, String reasoning, String text, byte[] b) {
    this.events = events;
    this.reasoningDeltas = reasoningDeltas;
    this.messageDeltas = messageDeltas;
    this.reasoning = reasoning;
    this.text = text;
    this.bytes = b;
  }

  /**
   * Builds a recording of exactly {@code events} events.
   *
   * @param events the total number of events, chat.start and chat.end included
   * @param reasoningDeltas how many of them are reasoning deltas
   * @param seed the seed of the token choice; the same seed gives the same bytes
   */
  static RecordedChatStream build(int events, int reasoningDeltas, long seed) {
    // chat.start, prompt_processing start/end, reasoning start/end, message start/end, chat.end.
    int fixed = 8 + PROMPT_PROGRESS.length;
    int messageDeltas = events - fixed - reasoningDeltas;
    if (reasoningDeltas < 1 || messageDeltas < 1) {
      throw new IllegalArgumentException("too few events: " + events);
    }
    Random random = new Random(seed);
    StringBuilder sse = new StringBuilder(events * 80);
    StringBuilder reasoning = new StringBuilder();
    StringBuilder text = new StringBuilder();

    event(sse, "chat.start", "\"model_instance_id\":" + json(MODEL));
    event(sse, "prompt_processing.start", null);
    for (double progress : PROMPT_PROGRESS) {
      event(sse, "prompt_processing.progress", "\"progress\":" + progress);
    }
    event(sse, "prompt_processing.end", null);

    event(sse, "reasoning.start", null);
    for (int i = 0; i < reasoningDeltas; i++) {
      String token = REASONING_TOKENS[i % REASONING_TOKENS.length];
      reasoning.append(token);
      event(sse, "reasoning.delta", "\"content\":" + json(token));
    }
    event(sse, "reasoning.end", null);

    event(sse, "message.start", null);
    for (int i = 0; i < messageDeltas; i++) {
      String token = MESSAGE_TOKENS[random.nextInt(MESSAGE_TOKENS.length)];
      if (random.nextInt(8) == 0) {
        // Tokenizers sometimes hand out two pieces at once: longer fragments.
        token = token + MESSAGE_TOKENS[random.nextInt(MESSAGE_TOKENS.length)];
      }
      text.append(token);
      event(sse, "message.delta", "\"content\":" + json(token));
    }
    event(sse, "message.end", null);

    String stats =
        String.format(
            Locale.ROOT,
            "{\"input_tokens\":%d,\"total_output_tokens\":%d,\"reasoning_output_tokens\":%d,"
                + "\"tokens_per_second\":%.2f,\"time_to_first_token_seconds\":%.3f}",
            1287,
            reasoningDeltas + messageDeltas,
            reasoningDeltas,
            43.73,
            0.781);
    String result =
        "{\"model_instance_id\":"
            + json(MODEL)
            + ",\"output\":[{\"type\":\"reasoning\",\"content\":"
            + json(reasoning.toString())
            + "},{\"type\":\"message\",\"content\":"
            + json(text.toString())
            + "}],\"stats\":"
            + stats
            + ",\"response_id\":\"resp_02b2017dbc06c12bfc353a2ed6c2b802f8cc682884bb5716\"}";
    event(sse, "chat.end", "\"result\":" + result);

    return new RecordedChatStream(
        events,
        reasoningDeltas,
        messageDeltas,
        reasoning.toString(),
        text.toString(),
        sse.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void event(StringBuilder sse, String type, String fields) {
    sse.append("event: ").append(type).append('\n');
    sse.append("data: {\"type\":").append(json(type));
    if (fields != null) {
      sse.append(',').append(fields);
    }
    sse.append("}\n\n");
  }

  /** A JSON string literal; non-ASCII stays raw UTF-8, as LM Studio writes it. */
  static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
