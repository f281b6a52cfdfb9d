package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.CallTrace;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.StreamProtocol;
import java.io.IOException;

/**
 * The native chat stream ({@code POST /api/v1/chat}, {@code stream: true}): {@link ChatEvent}s,
 * complete at {@code chat.end}, failing after it when an {@code error} event came first.
 */
final class NativeChatProtocol implements StreamProtocol<ChatEvent, ChatResult> {
  private final ChatAccumulator accumulator = new ChatAccumulator();
  private final String what;

  NativeChatProtocol(String what) {
    this.what = what;
  }

  @Override
  public ChatEvent decode(SseEvent sse) throws IOException {
    return ChatEventDecoder.decode(sse);
  }

  @Override
  public void accept(ChatEvent event) {
    accumulator.accept(event);
  }

  @Override
  public boolean isComplete() {
    return accumulator.finalResult() != null;
  }

  @Override
  public ChatResult result() {
    if (accumulator.error() != null) {
      throw errorEventFailure();
    }
    return accumulator.finalResult();
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
      return errorEventFailure();
    }
    ChatResult partial = accumulator.partial();
    return new LmStudioStreamException(
        "The stream from "
            + what
            + " ended before chat.end (LM Studio stopped generating; a prompt longer than"
            + " the model's context can do this). Received so far: "
            + describePartial(),
        null,
        partial,
        null);
  }

  /**
   * Model loading and prompt processing may go quiet far longer than generation: they are bounded
   * by the model-load and first-event limits, generation by the idle limit.
   */
  @Override
  public void observe(ChatEvent event, CallTrace trace) {
    if (event instanceof ChatEvent.MessageDelta || event instanceof ChatEvent.ReasoningDelta) {
      trace.token();
    } else if (event instanceof ChatEvent.ModelLoadProgress) {
      trace.modelLoadProgress(((ChatEvent.ModelLoadProgress) event).progress());
    } else if (event instanceof ChatEvent.ChatEnd) {
      ChatResult result = ((ChatEvent.ChatEnd) event).result();
      trace.stats(result.modelInstanceId(), result.stats());
    }
  }

  @Override
  public LmStudioTimeoutException.Kind phaseAfter(ChatEvent event) {
    if (event instanceof ChatEvent.ModelLoadStart || event instanceof ChatEvent.ModelLoadProgress) {
      return LmStudioTimeoutException.Kind.MODEL_LOAD;
    }
    if (event instanceof ChatEvent.ChatStart
        || event instanceof ChatEvent.ModelLoadEnd
        || event instanceof ChatEvent.PromptProcessingStart
        || event instanceof ChatEvent.PromptProcessingProgress) {
      return LmStudioTimeoutException.Kind.FIRST_EVENT;
    }
    return LmStudioTimeoutException.Kind.IDLE;
  }

  @Override
  public String describePartial() {
    ChatResult partial = accumulator.partial();
    String text = partial.text();
    if (text.isEmpty()) {
      return partial.reasoning().isEmpty()
          ? "nothing"
          : partial.reasoning().length() + " characters of reasoning";
    }
    return text.length() + " characters of text";
  }

  /**
   * The failure an {@code error} event announced. LM Studio still sends its final result in {@code
   * chat.end} after the error (streaming-events reference); when it came, that result, with its
   * stats and response id, is the exception's {@link LmStudioStreamException#partialResult()}.
   */
  private RuntimeException errorEventFailure() {
    StreamError error = accumulator.error();
    return new LmStudioStreamException(
        "LM Studio reported an error during "
            + what
            + ": "
            + error.message()
            + (error.type() == null ? "" : " [" + error.type() + "]")
            + (accumulator.finalResult() == null
                ? ""
                : ". Its final result, sent with chat.end after the error, is in partialResult()."),
        error,
        accumulator.partial(),
        null);
  }
}
