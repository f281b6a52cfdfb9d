package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.client.openai.ChatToolCall;
import java.util.ArrayList;
import java.util.List;

/** Converts between stored turns and chat completion messages, for replay. */
final class TurnMessages {
  private TurnMessages() {}

  /** The message that replays a turn; an assistant turn's reasoning is not replayed. */
  static ChatMessage message(Turn turn) {
    switch (turn.role()) {
      case SYSTEM:
        return ChatMessage.system(turn.content());
      case USER:
        return ChatMessage.user(turn.content());
      case TOOL:
        return ChatMessage.tool(turn.toolCallId(), turn.content());
      default:
        List<ChatToolCall> calls = new ArrayList<>();
        for (ToolCall call : turn.toolCalls()) {
          calls.add(ChatToolCall.of(call.id(), call.name(), call.arguments()));
        }
        // A turn made only of tool calls is sent without content, as the model wrote it.
        String content = calls.isEmpty() || !turn.content().isEmpty() ? turn.content() : null;
        return new ChatMessage.AssistantMessage(content, calls);
    }
  }

  /** The tool calls of a completion, as stored. */
  static List<ToolCall> toolCalls(ChatCompletion completion) {
    List<ToolCall> calls = new ArrayList<>();
    for (ChatToolCall call : completion.toolCalls()) {
      calls.add(new ToolCall(call.id(), call.name(), call.arguments()));
    }
    return calls;
  }
}
