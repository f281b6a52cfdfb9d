package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionConflictException;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.ToolCall;
import io.github.lmstudiojava.sessions.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j {@link ChatMemoryStore} kept in a {@link SessionStore} (SQLite, PostgreSQL, memory,
 * or yours): each memory id is a session, each message a turn, so the conversations are also
 * readable with {@code ChatSession}, the MCP server's {@code chat} tool and its resources.
 *
 * <pre>{@code
 * SessionStore sessions = SessionStores.open("sqlite:~/.myapp/sessions.db");
 * ChatMemory memory = MessageWindowChatMemory.builder()
 *     .id("user-42")
 *     .maxMessages(20)
 *     .chatMemoryStore(new LmStudioChatMemoryStore(sessions))
 *     .build();
 * }</pre>
 *
 * <p>A memory id's text ({@code String.valueOf(id)}) is the session id, so it must be one the store
 * accepts. System, user, AI and tool result messages are kept with their text, the AI's thinking
 * and tool calls; a user message with anything but text (an image, say) is refused with an {@link
 * IllegalArgumentException}, not stored in part. When the new messages extend the stored ones, only
 * the new ones are appended, in one write; otherwise (a window that dropped its oldest messages)
 * the session is cleared and written again, in two writes.
 */
public final class LmStudioChatMemoryStore implements ChatMemoryStore {
  private final SessionStore store;

  /**
   * A memory store over a session store, which stays the caller's to close.
   *
   * @param store the session store
   */
  public LmStudioChatMemoryStore(SessionStore store) {
    this.store = Objects.requireNonNull(store, "store == null");
  }

  @Override
  public List<ChatMessage> getMessages(Object memoryId) {
    String id = id(memoryId);
    if (store.find(id).isEmpty()) {
      return new ArrayList<>();
    }
    return messages(store.history(id));
  }

  @Override
  public void updateMessages(Object memoryId, List<ChatMessage> messages) {
    String id = id(memoryId);
    List<Turn> turns = new ArrayList<>(messages.size());
    for (ChatMessage message : messages) {
      turns.add(turn(message));
    }
    for (int attempt = 1; ; attempt++) {
      Session session = store.find(id).orElseGet(() -> create(id));
      List<Turn> stored = store.history(id);
      if (!extends_(turns, stored)) {
        store.reset(id);
        if (!turns.isEmpty()) {
          store.append(id, turns);
        }
        return;
      }
      if (turns.size() == stored.size()) {
        return;
      }
      try {
        // Only if nobody wrote to the session since it was read.
        store.record(session, turns.subList(stored.size(), turns.size()));
        return;
      } catch (SessionConflictException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private Session create(String id) {
    try {
      return store.create(NewSession.withId(id));
    } catch (IllegalArgumentException e) {
      // Another writer may have created it meanwhile; otherwise the store refuses the id itself.
      return store.find(id).orElseThrow(() -> e);
    }
  }

  @Override
  public void deleteMessages(Object memoryId) {
    store.delete(id(memoryId));
  }

  private static String id(Object memoryId) {
    Objects.requireNonNull(memoryId, "memoryId == null");
    return String.valueOf(memoryId);
  }

  private static boolean extends_(List<Turn> turns, List<Turn> stored) {
    if (stored.size() > turns.size()) {
      return false;
    }
    for (int i = 0; i < stored.size(); i++) {
      if (!same(turns.get(i), stored.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Turn a, Turn b) {
    return a.role() == b.role()
        && a.content().equals(b.content())
        && Objects.equals(a.reasoning(), b.reasoning())
        && a.toolCalls().equals(b.toolCalls())
        && Objects.equals(a.toolCallId(), b.toolCallId());
  }

  static Turn turn(ChatMessage message) {
    if (message instanceof SystemMessage) {
      return Turn.system(((SystemMessage) message).text());
    }
    if (message instanceof UserMessage) {
      UserMessage user = (UserMessage) message;
      if (!user.hasSingleText()) {
        throw new IllegalArgumentException(
            "a session store keeps the text of user messages; this one holds "
                + user.contents().size()
                + " parts, not only one text");
      }
      return Turn.user(user.singleText());
    }
    if (message instanceof AiMessage) {
      AiMessage ai = (AiMessage) message;
      Turn turn = Turn.assistant(ai.text() == null ? "" : ai.text());
      if (ai.thinking() != null) {
        turn = turn.withReasoning(ai.thinking());
      }
      if (ai.hasToolExecutionRequests()) {
        List<ToolCall> calls = new ArrayList<>();
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
          calls.add(new ToolCall(request.id(), request.name(), request.arguments()));
        }
        turn = turn.withToolCalls(calls);
      }
      return turn;
    }
    if (message instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
      return Turn.tool(result.id(), result.text());
    }
    throw new IllegalArgumentException(
        "a session store keeps system, user, AI and tool result messages, not " + message.type());
  }

  static List<ChatMessage> messages(List<Turn> turns) {
    List<ChatMessage> messages = new ArrayList<>(turns.size());
    Map<String, String> toolNames = new HashMap<>();
    for (Turn turn : turns) {
      if (turn.role() == Role.SYSTEM) {
        messages.add(SystemMessage.from(turn.content()));
      } else if (turn.role() == Role.USER) {
        messages.add(UserMessage.from(turn.content()));
      } else if (turn.role() == Role.ASSISTANT) {
        AiMessage.Builder ai = AiMessage.builder();
        if (!turn.content().isEmpty() || turn.toolCalls().isEmpty()) {
          ai.text(turn.content());
        }
        if (turn.reasoning() != null) {
          ai.thinking(turn.reasoning());
        }
        if (!turn.toolCalls().isEmpty()) {
          List<ToolExecutionRequest> requests = new ArrayList<>();
          for (ToolCall call : turn.toolCalls()) {
            toolNames.put(call.id(), call.name());
            requests.add(
                ToolExecutionRequest.builder()
                    .id(call.id())
                    .name(call.name())
                    .arguments(call.arguments())
                    .build());
          }
          ai.toolExecutionRequests(requests);
        }
        messages.add(ai.build());
      } else {
        messages.add(
            ToolExecutionResultMessage.from(
                turn.toolCallId(), toolNames.get(turn.toolCallId()), turn.content()));
      }
    }
    return messages;
  }
}
