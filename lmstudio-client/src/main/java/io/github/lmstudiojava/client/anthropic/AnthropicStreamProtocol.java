package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.StreamProtocol;
import java.io.IOException;

/**
 * A streamed {@code /v1/messages} answer: {@link MessageStreamEvent}s, complete at {@code
 * message_stop}; an {@code error} event ends it and fails it once read.
 */
final class AnthropicStreamProtocol implements StreamProtocol<MessageStreamEvent, Message> {
  private final MessageAccumulator accumulator = new MessageAccumulator();
  private final String what;
  private boolean contentSeen;

  AnthropicStreamProtocol(String what) {
    this.what = what;
  }

  @Override
  public MessageStreamEvent decode(SseEvent sse) throws IOException {
    return AnthropicJson.event(sse);
  }

  @Override
  public void accept(MessageStreamEvent event) {
    accumulator.accept(event);
  }

  /** Anthropic's stream ends after an error event, so nothing is read after one. */
  @Override
  public boolean isComplete() {
    return accumulator.isComplete() || accumulator.error() != null;
  }

  @Override
  public Message result() {
    if (accumulator.error() != null) {
      throw errorEventFailure();
    }
    String invalid = accumulator.invalidToolInput();
    if (invalid != null) {
      throw new LmStudioStreamException(
          "LM Studio's answer to " + what + " is unusable: " + invalid,
          null,
          accumulator.message(),
          accumulator.text(),
          null);
    }
    return accumulator.message();
  }

  @Override
  public Object partial() {
    return accumulator.message();
  }

  @Override
  public String partialText() {
    return accumulator.text();
  }

  @Override
  public RuntimeException endedEarly(String what) {
    if (accumulator.error() != null) {
      return errorEventFailure();
    }
    return new LmStudioStreamException(
        "The stream from "
            + what
            + " ended before message_stop (LM Studio stopped generating; a prompt longer than"
            + " the model's context can do this). Received so far: "
            + describePartial(),
        null,
        accumulator.message(),
        accumulator.text(),
        null);
  }

  /**
   * Until the first content event, the model may still be loading or reading the prompt: the
   * first-event limit applies; after it, the idle limit.
   */
  @Override
  public LmStudioTimeoutException.Kind phaseAfter(MessageStreamEvent event) {
    if (event instanceof MessageStreamEvent.ContentBlockStart
        || event instanceof MessageStreamEvent.ContentBlockDelta
        || event instanceof MessageStreamEvent.ContentBlockStop
        || event instanceof MessageStreamEvent.MessageDelta) {
      contentSeen = true;
    }
    return contentSeen
        ? LmStudioTimeoutException.Kind.IDLE
        : LmStudioTimeoutException.Kind.FIRST_EVENT;
  }

  @Override
  public String describePartial() {
    Message partial = accumulator.message();
    String text = partial.text();
    if (!text.isEmpty()) {
      return text.length() + " characters of text";
    }
    if (!partial.toolUses().isEmpty()) {
      return partial.toolUses().size() + " tool call(s)";
    }
    String thinking = partial.thinking();
    return thinking.isEmpty() ? "nothing" : thinking.length() + " characters of thinking";
  }

  private RuntimeException errorEventFailure() {
    StreamError error = accumulator.error();
    return new LmStudioStreamException(
        "LM Studio reported an error during "
            + what
            + ": "
            + error.message()
            + (error.type() == null ? "" : " [" + error.type() + "]"),
        error,
        accumulator.message(),
        accumulator.text(),
        null);
  }
}
