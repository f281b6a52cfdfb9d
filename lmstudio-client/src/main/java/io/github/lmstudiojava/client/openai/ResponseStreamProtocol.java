package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.StreamProtocol;
import java.io.IOException;

/**
 * A streamed response ({@code POST /v1/responses}, {@code stream: true}): {@link ResponseEvent}s,
 * complete at {@code response.completed}, {@code response.incomplete} or {@code response.failed}.
 *
 * <p>{@code response.completed} and {@code response.incomplete} give their response as the result
 * (an incomplete response is a result, as in OpenAI's API). {@code response.failed}, or an {@code
 * error} event before the stream ends, fails the stream with a {@link LmStudioStreamException}
 * carrying the error and the partial response.
 */
final class ResponseStreamProtocol implements StreamProtocol<ResponseEvent, ResponseResult> {
  private final ResponseAccumulator accumulator = new ResponseAccumulator();
  private final String what;
  private LmStudioStreamException failure;

  ResponseStreamProtocol(String what) {
    this.what = what;
  }

  @Override
  public ResponseEvent decode(SseEvent sse) throws IOException {
    return ResponseEventDecoder.decode(sse);
  }

  @Override
  public void accept(ResponseEvent event) {
    accumulator.accept(event);
  }

  @Override
  public boolean isComplete() {
    return accumulator.terminal() != null;
  }

  @Override
  public ResponseResult result() {
    if (accumulator.terminal() instanceof ResponseEvent.Failed || accumulator.error() != null) {
      throw failure();
    }
    return accumulator.partial();
  }

  @Override
  public Object partial() {
    return accumulator.partial();
  }

  @Override
  public String partialText() {
    return accumulator.partial().text();
  }

  @Override
  public RuntimeException endedEarly(String what) {
    if (accumulator.error() != null) {
      return failure();
    }
    ResponseResult partial = accumulator.partial();
    return new LmStudioStreamException(
        "The stream from "
            + what
            + " ended before response.completed (LM Studio stopped generating; a prompt longer"
            + " than the model's context can do this). Received so far: "
            + describePartial(),
        null,
        partial,
        partial.text(),
        null);
  }

  /** Prompt processing follows {@code response.created}; it may go quiet longer than generation. */
  @Override
  public LmStudioTimeoutException.Kind phaseAfter(ResponseEvent event) {
    if (event instanceof ResponseEvent.Created || event instanceof ResponseEvent.InProgress) {
      return LmStudioTimeoutException.Kind.FIRST_EVENT;
    }
    return LmStudioTimeoutException.Kind.IDLE;
  }

  @Override
  public String describePartial() {
    ResponseResult partial = accumulator.partial();
    if (!partial.text().isEmpty()) {
      return partial.text().length() + " characters of text";
    }
    if (!partial.reasoning().isEmpty()) {
      return partial.reasoning().length() + " characters of reasoning";
    }
    return partial.functionCalls().isEmpty()
        ? "nothing"
        : partial.functionCalls().size() + " function call(s)";
  }

  /** The stream's failure, made once so every later call throws the same exception. */
  private LmStudioStreamException failure() {
    if (failure == null) {
      failure = newFailure();
    }
    return failure;
  }

  private LmStudioStreamException newFailure() {
    ResponseResult partial = accumulator.partial();
    StreamError error = accumulator.error();
    if (accumulator.terminal() instanceof ResponseEvent.Failed && partial.error() != null) {
      error = partial.error();
    }
    if (error == null) {
      error = new StreamError(null, "the response failed without details", null, null);
    }
    String label = error.code() != null ? error.code() : error.type();
    return new LmStudioStreamException(
        "LM Studio reported an error during "
            + what
            + ": "
            + error.message()
            + (label == null ? "" : " [" + label + "]"),
        error,
        partial,
        partial.text(),
        null);
  }
}
