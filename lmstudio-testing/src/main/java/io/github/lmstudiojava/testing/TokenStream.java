package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event stream being built, which remembers which frames carry generated tokens so they can be
 * paced like a model's output.
 */
final class TokenStream {
  private final SseBody sse = new SseBody();
  private final List<Integer> tokenFrames = new ArrayList<>();

  /** Appends a data-only event ({@code data: <json>}), as OpenAI-compatible streams send. */
  TokenStream data(Object json) {
    sse.data(Json.write(json));
    return this;
  }

  /** Appends a data-only event that carries generated tokens. */
  TokenStream dataToken(Object json) {
    tokenFrames.add(sse.size());
    return data(json);
  }

  /** Appends a named event whose data already holds its {@code type}. */
  TokenStream event(String name, Map<String, Object> data) {
    sse.event(name, Json.write(data));
    return this;
  }

  /** Appends a named event that carries generated tokens. */
  TokenStream eventToken(String name, Map<String, Object> data) {
    tokenFrames.add(sse.size());
    return event(name, data);
  }

  /** Appends {@code data: [DONE]}. */
  TokenStream done() {
    sse.done();
    return this;
  }

  /** The stream, with the first token frame delayed by one pause and later ones by the other. */
  Reply reply(long firstTokenDelayNanos, long tokenDelayNanos) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < sse.size(); i++) {
      delays.add(0L);
    }
    for (int i = 0; i < tokenFrames.size(); i++) {
      delays.set(tokenFrames.get(i), i == 0 ? firstTokenDelayNanos : tokenDelayNanos);
    }
    return Reply.sse(sse.frames(), delays);
  }

  Reply reply(Inference inference) {
    return reply(inference.firstTokenDelayNanos, inference.tokenDelayNanos);
  }
}
