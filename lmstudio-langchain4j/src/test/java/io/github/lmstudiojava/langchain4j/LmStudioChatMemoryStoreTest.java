package io.github.lmstudiojava.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmStudioChatMemoryStoreTest {
  private static final ToolExecutionRequest CALL =
      ToolExecutionRequest.builder()
          .id("call_1")
          .name("get_weather")
          .arguments("{\"city\":\"Paris\"}")
          .build();

  @TempDir Path dir;

  private SessionStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private LmStudioChatMemoryStore memory() {
    store = SessionStores.sqlite(dir.resolve("sessions.db"));
    return new LmStudioChatMemoryStore(store);
  }

  private static List<ChatMessage> conversation() {
    return List.of(
        SystemMessage.from("Be brief."),
        UserMessage.from("What is the weather in Paris?"),
        AiMessage.builder()
            .thinking("I should ask the tool.")
            .toolExecutionRequests(List.of(CALL))
            .build(),
        ToolExecutionResultMessage.from(CALL, "Sunny, 24 C"),
        AiMessage.from("Sunny and warm."));
  }

  @Test
  void everyKindOfMessageComesBackAsItWent() {
    LmStudioChatMemoryStore memory = memory();

    memory.updateMessages("user-42", conversation());

    assertThat(memory.getMessages("user-42")).isEqualTo(conversation());
    List<Turn> turns = store.history("user-42");
    assertThat(turns)
        .extracting(Turn::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(turns.get(2).toolCalls())
        .singleElement()
        .satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
    assertThat(turns.get(2).reasoning()).isEqualTo("I should ask the tool.");
    assertThat(turns.get(3).toolCallId()).isEqualTo("call_1");
  }

  @Test
  void aLongerListIsAppendedAndAShorterOneRewritten() {
    LmStudioChatMemoryStore memory = memory();
    List<ChatMessage> all = conversation();

    memory.updateMessages(7, all.subList(0, 2));
    List<Turn> before = store.history("7");
    memory.updateMessages(7, all);

    List<Turn> after = store.history("7");
    assertThat(after).hasSize(5);
    assertThat(after.subList(0, 2)).isEqualTo(before);

    memory.updateMessages(7, all.subList(3, 5));
    // The tool result's call is no longer stored: its name does not come back.
    assertThat(memory.getMessages(7))
        .containsExactly(
            ToolExecutionResultMessage.from("call_1", null, "Sunny, 24 C"), all.get(4));
    assertThat(store.history("7")).extracting(Turn::index).containsExactly(0L, 1L);
  }

  @Test
  void aMessageWindowKeepsItsLastMessagesAcrossRestarts() {
    LmStudioChatMemoryStore memory = memory();
    MessageWindowChatMemory window =
        MessageWindowChatMemory.builder().id("ada").maxMessages(3).chatMemoryStore(memory).build();
    window.add(UserMessage.from("one"));
    window.add(AiMessage.from("two"));
    window.add(UserMessage.from("three"));
    window.add(AiMessage.from("four"));
    store.close();

    store = SessionStores.sqlite(dir.resolve("sessions.db"));
    MessageWindowChatMemory reopened =
        MessageWindowChatMemory.builder()
            .id("ada")
            .maxMessages(3)
            .chatMemoryStore(new LmStudioChatMemoryStore(store))
            .build();

    assertThat(reopened.messages())
        .containsExactly(AiMessage.from("two"), UserMessage.from("three"), AiMessage.from("four"));
  }

  @Test
  void anUnknownIdIsEmptyAndDeletingForgets() {
    LmStudioChatMemoryStore memory = memory();

    assertThat(memory.getMessages("nobody")).isEmpty();
    memory.updateMessages("ada", conversation());
    memory.deleteMessages("ada");

    assertThat(memory.getMessages("ada")).isEmpty();
    assertThat(store.find("ada")).isEmpty();
  }

  @Test
  void aUserMessageWithAnImageIsRefusedAndNothingIsStored() {
    LmStudioChatMemoryStore memory = memory();
    memory.updateMessages("ada", List.of(UserMessage.from("hello")));

    assertThatThrownBy(
            () ->
                memory.updateMessages(
                    "ada",
                    List.of(
                        UserMessage.from("hello"),
                        UserMessage.from(
                            TextContent.from("What is this?"),
                            ImageContent.from("iVBORw0KGgo=", "image/png")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text of user messages");
    assertThat(memory.getMessages("ada")).containsExactly(UserMessage.from("hello"));
  }

  @Test
  void anIdTheStoreRefusesIsRefused() {
    LmStudioChatMemoryStore memory = memory();

    assertThatThrownBy(() -> memory.updateMessages("bad id\n", List.of(UserMessage.from("hi"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.list(0, 10)).isEmpty();
  }
}
