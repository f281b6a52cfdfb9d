package io.github.lmstudiojava.sessions;

import static io.github.lmstudiojava.sessions.ChatSessionTest.chatCalls;
import static io.github.lmstudiojava.sessions.ChatSessionTest.messages;
import static io.github.lmstudiojava.sessions.ChatSessionTest.system;
import static io.github.lmstudiojava.sessions.ChatSessionTest.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fitting the replayed history into the context. Every text below is 76 characters (19 tokens by
 * the estimate, plus 4 per message: 23) or 36 characters (13), so the sums are easy to follow.
 */
class ChatSessionContextTest {
  private static final String TINY = "acme/tiny-1b";
  private static final String SYSTEM = "S".repeat(36); // 13
  private static final String NEW_TEXT = "q".repeat(36); // 13

  private final SessionStore store = SessionStores.inMemory();
  private FakeLmStudio fake;

  @AfterEach
  void close() {
    store.close();
    if (fake != null) {
      fake.close();
    }
  }

  private ChatSession chatWithContext(int loadedContextLength) {
    FakeModel tiny =
        FakeModel.llm(TINY).loaded(true).loadedContextLength(loadedContextLength).build();
    fake = FakeLmStudio.builder().models(tiny).start();
    store.create(NewSession.withId("s1").withModel(TINY).withSystemPrompt(SYSTEM));
    store.append(
        "s1",
        List.of(
            Turn.user(text('z')), // exchange 0: 46
            Turn.assistant(text('y')),
            Turn.user(text('a')), // exchange 1 (a tool call): 23 + 6 + 23 + 23 = 75
            Turn.assistant("").withToolCalls(List.of(new ToolCall("call_1", "lookup", "{}"))),
            Turn.tool("call_1", text('t')),
            Turn.assistant(text('b')),
            Turn.user(text('c')), // exchange 2: 46
            Turn.assistant(text('d'))));
    return ChatSession.builder(fake.client(), store).answerReserve(10).open("s1");
  }

  private static String text(char c) {
    return String.valueOf(c).repeat(76);
  }

  @Test
  void oldestExchangeIsLeftOutWhenThePromptWouldExceedTheLoadedContext() {
    // 13 + 46 + 75 + 46 + 13 = 193 tokens; 160 - 10 reserved leaves 150: exchange 0 goes.
    ChatSession chat = chatWithContext(160);

    ChatReply reply = chat.send(NEW_TEXT);

    assertThat(reply.turnsLeftOut()).isEqualTo(2);
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
    List<Map<String, Object>> sent = messages(fake.takeRequest());
    assertThat(sent)
        .extracting(m -> m.get("role"))
        .containsExactly(
            "system", "user", "assistant", "tool", "assistant", "user", "assistant", "user");
    assertThat(sent.get(0)).isEqualTo(system(SYSTEM));
    assertThat(sent.get(1)).isEqualTo(user(text('a')));
    assertThat(sent.get(2)).containsKey("tool_calls");
    assertThat(sent.get(3))
        .containsEntry("tool_call_id", "call_1")
        .containsEntry("content", text('t'));
    assertThat(sent.get(7)).isEqualTo(user(NEW_TEXT));
    assertThat(chat.history()).hasSize(10);
  }

  @Test
  void toolCallIsNeverSeparatedFromItsResult() {
    // Budget 130: without exchange 0, 147 is still too much. Dropping only exchange 1's user turn
    // (124) would fit, but would send a tool call without the question that led to it: the whole
    // exchange goes, tool call and result together.
    ChatSession chat = chatWithContext(140);

    ChatReply reply = chat.send(NEW_TEXT);

    assertThat(reply.turnsLeftOut()).isEqualTo(6);
    assertThat(reply.text()).isEqualTo("You said: " + NEW_TEXT);
    List<Map<String, Object>> sent = messages(chatCalls(fake).get(0));
    assertThat(sent)
        .containsExactly(
            system(SYSTEM), user(text('c')), ChatSessionTest.assistant(text('d')), user(NEW_TEXT));
  }

  @Test
  void everythingFitsInALargeContext() {
    ChatSession chat = chatWithContext(203);

    ChatReply reply = chat.send(NEW_TEXT);

    assertThat(reply.turnsLeftOut()).isZero();
    assertThat(messages(chatCalls(fake).get(0))).hasSize(10);
  }

  @Test
  void reportedCompletionTokensCountInsteadOfTheEstimate() {
    fake = FakeLmStudio.start();
    store.create(NewSession.withId("s2").withModel(FakeModel.LOADED_LLM));
    // "ok" is estimated at 5 tokens, but LM Studio counted 5000 for it (say, a long answer since
    // edited): the reported count wins, and the 4096-token context cannot hold it.
    store.append("s2", List.of(Turn.user("hi"), Turn.assistant("ok").withUsage(12, 5000)));
    ChatSession chat = ChatSession.open(fake.client(), store, "s2");

    ChatReply reply = chat.send("next");

    assertThat(reply.turnsLeftOut()).isEqualTo(2);
    assertThat(messages(chatCalls(fake).get(0))).containsExactly(user("next"));
  }

  @Test
  void modelNotLoadedUsesTheDefaultContextLength() {
    fake = FakeLmStudio.start();
    store.create(NewSession.withId("s3").withModel(FakeModel.UNLOADED_LLM));
    store.append("s3", List.of(Turn.user("a".repeat(200)), Turn.assistant("b".repeat(200))));
    ChatSession small =
        ChatSession.builder(fake.client(), store)
            .defaultContextLength(100)
            .answerReserve(0)
            .open("s3");

    ChatReply reply = small.send("hi"); // 54 + 54 + 5 = 113 tokens > 100

    assertThat(reply.turnsLeftOut()).isEqualTo(2);
    assertThat(messages(chatCalls(fake).get(0))).containsExactly(user("hi"));
    ChatReply roomy = ChatSession.open(fake.client(), store, "s3").send("again");
    assertThat(roomy.turnsLeftOut()).isZero(); // now loaded, with the fake's 4096 tokens
  }

  @Test
  void aSessionOnOneInstanceFitsItsHistoryToThatInstancesContext() {
    fake = FakeLmStudio.start();
    // A second instance of the loaded model, with far less context than the first (4096).
    String second =
        fake.client()
            .models()
            .load(
                io.github.lmstudiojava.client.LoadRequest.builder(FakeModel.LOADED_LLM)
                    .contextLength(100)
                    .build())
            .instanceId();
    store.create(NewSession.withId("s4").withModel(second));
    store.append("s4", List.of(Turn.user("a".repeat(200)), Turn.assistant("b".repeat(200))));

    ChatReply reply =
        ChatSession.builder(fake.client(), store).answerReserve(0).open("s4").send("hi");

    assertThat(second).isEqualTo(FakeModel.LOADED_LLM + ":2");
    assertThat(reply.turnsLeftOut()).isEqualTo(2); // 113 tokens > 100
    assertThat(chatCalls(fake).get(0).json()).containsEntry("model", second);
  }
}
