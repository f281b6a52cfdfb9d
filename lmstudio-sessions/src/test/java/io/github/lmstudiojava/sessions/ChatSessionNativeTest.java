package io.github.lmstudiojava.sessions;

import static io.github.lmstudiojava.sessions.ChatSessionTest.assistant;
import static io.github.lmstudiojava.sessions.ChatSessionTest.chatCalls;
import static io.github.lmstudiojava.sessions.ChatSessionTest.messages;
import static io.github.lmstudiojava.sessions.ChatSessionTest.system;
import static io.github.lmstudiojava.sessions.ChatSessionTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeReply;
import io.github.lmstudiojava.testing.FakeRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatSessionNativeTest {
  private static final NewSession SPEC =
      NewSession.withId("s1").withModel(FakeModel.LOADED_LLM).withSystemPrompt("Be brief.");

  private final FakeLmStudio fake = FakeLmStudio.start();
  private final SessionStore store = SessionStores.inMemory();

  @AfterEach
  void close() {
    store.close();
    fake.close();
  }

  private ChatSession nativeChat(FakeLmStudio server) {
    return ChatSession.builder(server.client(), store).nativeMode(true).open("s1");
  }

  @Test
  void nativeModeContinuesWithPreviousResponseId() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);

    ChatReply first = chat.send("Hi");
    ChatReply second = chat.send("Again");

    FakeRequest firstCall = fake.takeRequest();
    assertThat(firstCall.line()).isEqualTo("POST /api/v1/chat");
    assertThat(firstCall.json())
        .containsEntry("model", FakeModel.LOADED_LLM)
        .containsEntry("input", "Hi")
        .containsEntry("system_prompt", "Be brief.")
        .doesNotContainKey("previous_response_id");
    String firstId = first.assistantTurn().responseId();
    assertThat(firstId).startsWith("resp_");
    assertThat(first.nativeCall()).isTrue();
    FakeRequest secondCall = fake.takeRequest();
    assertThat(secondCall.line()).isEqualTo("POST /api/v1/chat");
    assertThat(secondCall.json())
        .containsEntry("input", "Again")
        .containsEntry("previous_response_id", firstId)
        .doesNotContainKey("system_prompt");
    assertThat(second.text()).isEqualTo("You said: Again (turn 2, following \"Hi\")");
    assertThat(second.promptTokens()).isPositive();
    assertThat(chat.session().lastResponseId()).isEqualTo(second.assistantTurn().responseId());
    assertThat(store.find("s1").orElseThrow().lastResponseId())
        .isEqualTo(second.assistantTurn().responseId());
    assertThat(chat.history()).extracting(Turn::content).contains("Hi", "Again");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void aReasoningModelThatSpendsItsWholeBudgetThinkingIsSaidToHaveGivenNoAnswer() {
    ChatSession chat =
        ChatSession.builder(fake.client(), store)
            .nativeMode(true)
            .create(NewSession.withId("thinker").withModel(FakeModel.REASONING));

    ChatReply spent = chat.send("Why?", ChatOptions.defaults().withMaxTokens(5));
    ChatReply answered = chat.send("Why?");

    assertThat(fake.takeRequest().json()).containsEntry("max_output_tokens", 5.0);
    assertThat(spent.text()).isEmpty();
    assertThat(spent.reasoning()).isNotBlank();
    assertThat(spent.reasoningWithoutAnswer()).isTrue();
    assertThat(answered.text()).isNotBlank();
    assertThat(answered.reasoningWithoutAnswer()).isFalse();
  }

  @Test
  void forgottenResponseFallsBackToReplayTransparently() {
    nativeChat(createdOn(fake)).send("Hi");

    try (FakeLmStudio restarted = FakeLmStudio.start()) { // a new LM Studio remembers nothing
      ChatSession chat = nativeChat(restarted);
      ChatReply reply = chat.send("Still there?");

      assertThat(reply.text()).isEqualTo("You said: Still there?");
      assertThat(reply.nativeCall()).isFalse();
      FakeRequest refused = restarted.takeRequest();
      assertThat(refused.line()).isEqualTo("POST /api/v1/chat");
      assertThat(refused.json()).containsKey("previous_response_id");
      assertThat(restarted.takeRequest().line()).isEqualTo("GET /api/v1/models");
      FakeRequest replayed = restarted.takeRequest();
      assertThat(replayed.line()).isEqualTo("POST /v1/chat/completions");
      assertThat(messages(replayed))
          .containsExactly(
              system("Be brief."), user("Hi"), assistant("You said: Hi"), user("Still there?"));
      assertThat(chat.session().lastResponseId()).isNull();
      assertThat(chat.history()).hasSize(4);

      // The replayed turn is not in LM Studio's stored chain: later calls replay too.
      chat.send("And now?");
      assertThat(chatCalls(restarted)).hasSize(2);
      assertThat(restarted.requests())
          .filteredOn(r -> r.line().equals("POST /api/v1/chat"))
          .hasSize(1);
    }
  }

  @Test
  void aFailureToContinueTheStoredChainFallsBackToReplay() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);
    chat.send("Hi");
    // What LM Studio 0.4.20 answers when a continued chat meets a system message
    // (lmstudio-bug-tracker#2219).
    fake.enqueueChat(
        FakeReply.error(
            500,
            "internal_error",
            "Only user, assistant and tool roles are supported, got system"));

    ChatReply reply = chat.send("Again");

    assertThat(reply.nativeCall()).isFalse();
    assertThat(reply.text()).isEqualTo("You said: Again");
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly(
            "POST /api/v1/chat",
            "POST /api/v1/chat",
            "GET /api/v1/models",
            "POST /v1/chat/completions");
    assertThat(messages(fake.lastRequest()))
        .containsExactly(system("Be brief."), user("Hi"), assistant("You said: Hi"), user("Again"));
    assertThat(chat.session().lastResponseId()).isNull();
    assertThat(chat.history()).hasSize(4);
  }

  @Test
  void aNewSystemPromptEndsTheStoredChainAndTheNextCallReplaysWithIt() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);
    chat.send("Hi");

    chat.systemPrompt("Be long.");
    ChatReply reply = chat.send("Again");

    assertThat(chat.session().systemPrompt()).isEqualTo("Be long.");
    assertThat(reply.nativeCall()).isFalse();
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly("POST /api/v1/chat", "GET /api/v1/models", "POST /v1/chat/completions");
    assertThat(messages(fake.lastRequest()))
        .containsExactly(system("Be long."), user("Hi"), assistant("You said: Hi"), user("Again"));
  }

  @Test
  void theSameSystemPromptKeepsTheStoredChain() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);
    ChatReply first = chat.send("Hi");

    chat.systemPrompt("Be brief.");
    ChatReply second = chat.send("Again");

    assertThat(second.nativeCall()).isTrue();
    assertThat(fake.lastRequest().json())
        .containsEntry("previous_response_id", first.assistantTurn().responseId())
        .doesNotContainKey("system_prompt");
  }

  @Test
  void otherNativeFailuresStoreNothingAndAreNotReplayed() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);
    chat.model("acme/missing");

    assertThatThrownBy(() -> chat.send("Hi"))
        .isInstanceOf(ChatSessionException.class)
        .hasMessageContaining("nothing was stored")
        .hasCauseInstanceOf(ModelNotFoundException.class);

    assertThat(chat.history()).isEmpty();
    assertThat(fake.requests()).extracting(FakeRequest::line).containsExactly("POST /api/v1/chat");
  }

  private FakeLmStudio createdOn(FakeLmStudio server) {
    store.create(SPEC);
    return server;
  }

  @Test
  void nativeModeSendsTemperatureAndTokenLimitButReplaysForADraftModelOrTtl() {
    ChatSession chat = ChatSession.builder(fake.client(), store).nativeMode(true).create(SPEC);

    chat.send("Hi", ChatOptions.defaults().withTemperature(0.2).withMaxTokens(64));
    chat.send("Faster", ChatOptions.defaults().withDraftModel("tiny/draft").withTtl(300));

    FakeRequest nativeCall = fake.takeRequest();
    assertThat(nativeCall.line()).isEqualTo("POST /api/v1/chat");
    assertThat(nativeCall.json())
        .containsEntry("temperature", 0.2)
        .containsEntry("max_output_tokens", 64.0)
        .doesNotContainKeys("draft_model", "ttl");
    FakeRequest models = fake.takeRequest(); // the replay reads the context length first
    assertThat(models.line()).isEqualTo("GET /api/v1/models");
    FakeRequest replayed = fake.takeRequest();
    assertThat(replayed.line()).isEqualTo("POST /v1/chat/completions");
    assertThat(replayed.json())
        .containsEntry("draft_model", "tiny/draft")
        .containsEntry("ttl", 300.0)
        .doesNotContainKeys("temperature", "max_tokens");
    assertThat(messages(replayed)).hasSize(4);
  }
}
