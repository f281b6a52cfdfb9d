package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * An answer the fake computed, before faults and pacing turn it into a {@code MockResponse}.
 *
 * @param status the HTTP status
 * @param contentType the media type
 * @param frames the body in pieces: one piece for JSON, one per event for a stream; {@link Frames}
 *     are kept as they are, to be formatted as they are sent
 * @param delaysNanos the pause before each piece, same size as {@code frames}
 */
record Reply(int status, String contentType, List<String> frames, List<Long> delaysNanos) {
  Reply {
    frames = frames instanceof Frames ? frames : List.copyOf(frames);
    delaysNanos = List.copyOf(delaysNanos);
    if (frames.size() != delaysNanos.size()) {
      throw new IllegalArgumentException("one delay per frame");
    }
  }

  static Reply json(int status, String body) {
    return new Reply(status, "application/json; charset=utf-8", List.of(body), List.of(0L));
  }

  static Reply ok(Object json) {
    return json(200, Json.write(json));
  }

  static Reply error(int status, String type, String message, String code, String param) {
    return json(status, Json.error(type, message, code, param));
  }

  static Reply sse(List<String> frames, List<Long> delaysNanos) {
    return new Reply(200, "text/event-stream", frames, delaysNanos);
  }

  static Reply sse(List<String> frames) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      delays.add(0L);
    }
    return sse(frames, delays);
  }

  boolean isStream() {
    return contentType.startsWith("text/event-stream");
  }

  /** A JSON body split in two halves, so a fault can strike in its middle. */
  Reply splitInHalves() {
    if (isStream() || frames.size() != 1) {
      return this;
    }
    String body = frames.get(0);
    int half = body.length() / 2;
    return new Reply(
        status,
        contentType,
        List.of(body.substring(0, half), body.substring(half)),
        List.of(0L, 0L));
  }
}
