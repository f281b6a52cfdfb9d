package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.Errors;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.StreamProtocol;
import java.io.IOException;

/**
 * An OpenAI-style chunk stream ({@code /v1/chat/completions}, {@code /v1/completions} with {@code
 * stream: true}): unnamed events, each a JSON chunk, ending with {@code data: [DONE]}.
 *
 * <p>An error object in the stream ({@code data: {"error": {...}}}, or an {@code error} event, as
 * OpenAI's own SDK reads them) ends it with a {@link LmStudioStreamException} carrying the error
 * and what arrived before. A stream that stops without {@code [DONE]} is whole when every choice
 * has its finish reason, and fails otherwise.
 *
 * @param <E> the chunk type
 * @param <R> the result type
 */
abstract class ChunkStreamProtocol<E, R> implements StreamProtocol<E, R> {
  private final JsonAdapter<E> adapter;
  private final String what;
  private boolean done;
  private StreamError error;

  ChunkStreamProtocol(JsonAdapter<E> adapter, String what) {
    this.adapter = adapter;
    this.what = what;
  }

  /** The result so far. */
  abstract R build();

  /** Whether every choice received so far has its finish reason. */
  abstract boolean allFinished();

  /**
   * Whether the stream, once complete, carried no answer at all; then it fails instead of giving an
   * empty result. False unless the stream kind can tell.
   */
  boolean generatedNothing() {
    return false;
  }

  /** The likely cause and the cure, for the failure of a stream that generated nothing. */
  String nothingGeneratedHint() {
    return "";
  }

  @Override
  public E decode(SseEvent sse) throws IOException {
    String data = sse.data();
    if (data.strip().equals("[DONE]")) {
      done = true;
      return null;
    }
    StreamError found =
        "error".equals(sse.event()) || data.contains("\"error\"") ? error(sse) : null;
    if (found != null) {
      error = found;
      return null;
    }
    try {
      E chunk = adapter.fromJson(data);
      if (chunk == null) {
        throw new JsonDataException("null");
      }
      return chunk;
    } catch (IOException | JsonDataException e) {
      String shown = data.length() > 200 ? data.substring(0, 200) + "..." : data;
      throw new JsonDataException("chunk " + shown + ": " + e.getMessage(), e);
    }
  }

  private static StreamError error(SseEvent sse) {
    StreamError parsed = Errors.parseError(sse.data());
    if (parsed == null && "error".equals(sse.event())) {
      return new StreamError(null, sse.data(), null, null);
    }
    return parsed;
  }

  @Override
  public boolean isComplete() {
    return done || error != null;
  }

  @Override
  public R result() {
    if (error != null) {
      throw errorFailure();
    }
    if (generatedNothing()) {
      throw new LmStudioStreamException(
          "The stream from "
              + what
              + " ended without generating anything: no text, reasoning or tool call. "
              + nothingGeneratedHint(),
          null,
          build(),
          "",
          null);
    }
    return build();
  }

  @Override
  public Object partial() {
    return build();
  }

  @Override
  public RuntimeException endedEarly(String request) {
    if (error != null) {
      return errorFailure();
    }
    if (allFinished()) {
      return null;
    }
    return new LmStudioStreamException(
        "The stream from "
            + request
            + " ended before [DONE] with a choice still unfinished (LM Studio stopped generating;"
            + " a prompt longer than the model's context can do this). Received so far: "
            + describePartial(),
        null,
        build(),
        partialText(),
        null);
  }

  private LmStudioStreamException errorFailure() {
    return new LmStudioStreamException(
        "LM Studio reported an error during "
            + what
            + ": "
            + error.message()
            + (error.type() == null ? "" : " [" + error.type() + "]")
            + ". Received so far: "
            + describePartial(),
        error,
        build(),
        partialText(),
        null);
  }
}
