package io.github.lmstudiojava.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a result from stream events, so a stream that fails before {@code chat.end} still hands
 * over everything it received.
 */
final class ChatAccumulator {
  private final List<Object> items = new ArrayList<>();
  private String modelInstanceId;
  private StringBuilder message;
  private StringBuilder reasoning;
  private ChatResult finalResult;
  private StreamError error;

  void accept(ChatEvent event) {
    if (event instanceof ChatEvent.MessageDelta) {
      if (message == null) {
        message = new StringBuilder();
        items.add(message);
        reasoning = null;
      }
      message.append(((ChatEvent.MessageDelta) event).content());
    } else if (event instanceof ChatEvent.ReasoningDelta) {
      if (reasoning == null) {
        reasoning = new StringBuilder();
        items.add(new ReasoningText(reasoning));
        message = null;
      }
      reasoning.append(((ChatEvent.ReasoningDelta) event).content());
    } else if (event instanceof ChatEvent.MessageStart || event instanceof ChatEvent.MessageEnd) {
      message = null;
    } else if (event instanceof ChatEvent.ReasoningStart
        || event instanceof ChatEvent.ReasoningEnd) {
      reasoning = null;
    } else if (event instanceof ChatEvent.ToolCallSuccess) {
      ChatEvent.ToolCallSuccess s = (ChatEvent.ToolCallSuccess) event;
      closeText();
      items.add(new OutputItem.ToolCall(s.tool(), s.arguments(), s.output(), s.providerInfo()));
    } else if (event instanceof ChatEvent.ToolCallFailure) {
      ChatEvent.ToolCallFailure f = (ChatEvent.ToolCallFailure) event;
      closeText();
      items.add(new OutputItem.InvalidToolCall(f.reason(), f.metadata()));
    } else if (event instanceof ChatEvent.ChatStart) {
      modelInstanceId = ((ChatEvent.ChatStart) event).modelInstanceId();
    } else if (event instanceof ChatEvent.ModelLoadStart && modelInstanceId == null) {
      modelInstanceId = ((ChatEvent.ModelLoadStart) event).modelInstanceId();
    } else if (event instanceof ChatEvent.Error) {
      error = ((ChatEvent.Error) event).error();
    } else if (event instanceof ChatEvent.ChatEnd) {
      finalResult = ((ChatEvent.ChatEnd) event).result();
    }
  }

  private void closeText() {
    message = null;
    reasoning = null;
  }

  StreamError error() {
    return error;
  }

  ChatResult finalResult() {
    return finalResult;
  }

  /** LM Studio's own result when {@code chat.end} arrived, else one rebuilt from the deltas. */
  ChatResult partial() {
    if (finalResult != null) {
      return finalResult;
    }
    List<OutputItem> output = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof StringBuilder) {
        output.add(new OutputItem.Message(item.toString()));
      } else if (item instanceof ReasoningText) {
        output.add(new OutputItem.Reasoning(((ReasoningText) item).text.toString()));
      } else {
        output.add((OutputItem) item);
      }
    }
    return new ChatResult(modelInstanceId, output, null, null);
  }

  /** Marks a reasoning buffer apart from a message buffer in {@link #items}. */
  private static final class ReasoningText {
    final StringBuilder text;

    ReasoningText(StringBuilder text) {
      this.text = text;
    }
  }
}
