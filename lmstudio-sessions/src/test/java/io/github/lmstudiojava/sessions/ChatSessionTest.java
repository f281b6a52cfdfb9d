package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeReply;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatSessionTest {
  private static final NewSession SPEC =
      NewSession.withId("s1").withModel(FakeModel.LOADED_LLM).withSystemPrompt("Be brief.");

  private final FakeLmStudio fake = FakeLmStudio.start();
  private final SessionStore store = SessionStores.inMemory();

  @AfterEach
  void close() {
    store.close();
    fake.close();
  }

  @Test
  void secondCallReplaysTheFirstTurnsThroughChatCompletions() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);

    ChatReply first = chat.send("Hi");
    ChatReply second = chat.send("Again");

    assertThat(first.text()).isEqualTo("You said: Hi");
    assertThat(second.text()).isEqualTo("You said: Again");
    assertThat(second.nativeCall()).isFalse();
    assertThat(second.turnsLeftOut()).isZero();
    assertThat(second.model()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(second.promptTokens()).isPositive();
    assertThat(second.completionTokens()).isEqualTo(4); // "You said: Again": 15 chars
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
    FakeRequest firstCall = fake.takeRequest();
    assertThat(firstCall.line()).isEqualTo("POST /v1/chat/completions");
    assertThat(messages(firstCall)).containsExactly(system("Be brief."), user("Hi"));
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
    FakeRequest secondCall = fake.takeRequest();
    assertThat(secondCall.line()).isEqualTo("POST /v1/chat/completions");
    assertThat(secondCall.json()).containsEntry("model", FakeModel.LOADED_LLM);
    assertThat(messages(secondCall))
        .containsExactly(system("Be brief."), user("Hi"), assistant("You said: Hi"), user("Again"));
    assertThat(chat.history())
        .extracting(Turn::role, Turn::content)
        .containsExactly(
            tuple(Role.USER, "Hi"),
            tuple(Role.ASSISTANT, "You said: Hi"),
            tuple(Role.USER, "Again"),
            tuple(Role.ASSISTANT, "You said: Again"));
    assertThat(second.userTurn().index()).isEqualTo(2);
    assertThat(second.assistantTurn()).isEqualTo(chat.history().get(3));
    assertThat(second.assistantTurn().completionTokens()).isEqualTo(4);
  }

  @Test
  void conversationContinuesWithANewClientAndANewChatSession() {
    // The in-memory store stands in for a durable one: it outlives the client and the chat, as a
    // file does a process. The same lifecycle on SQLite belongs with the SQLite store.
    try (LmStudio before = fake.clientBuilder().build()) {
      ChatSession.create(before, store, SPEC).send("Remember 42");
    }

    try (LmStudio after = fake.clientBuilder().build()) {
      ChatSession chat = ChatSession.open(after, store, "s1");
      ChatReply reply = chat.send("What number?");

      assertThat(reply.text()).isEqualTo("You said: What number?");
      assertThat(chat.session().systemPrompt()).isEqualTo("Be brief.");
      assertThat(chat.history()).hasSize(4);
    }
    fake.takeRequest();
    fake.takeRequest();
    fake.takeRequest();
    FakeRequest resumed = fake.takeRequest();
    assertThat(resumed.line()).isEqualTo("POST /v1/chat/completions");
    assertThat(messages(resumed))
        .containsExactly(
            system("Be brief."),
            user("Remember 42"),
            assistant("You said: Remember 42"),
            user("What number?"));
  }

  @Test
  void failingCallStoresNothingAndSaysSo() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);
    chat.send("Hi");
    failNextChat(FakeReply.status(500));

    assertThatThrownBy(() -> chat.send("Lost"))
        .isInstanceOf(ChatSessionException.class)
        .hasMessageContaining("nothing was stored in session \"s1\"")
        .hasCauseInstanceOf(LmStudioHttpException.class);

    assertThat(chatCalls()).hasSize(2);
    assertThat(messages(chatCalls().get(1))).endsWith(user("Lost"));
    assertThat(chat.history()).extracting(Turn::content).containsExactly("Hi", "You said: Hi");
    chat.send("Next");
    assertThat(messages(chatCalls().get(2)))
        .containsExactly(system("Be brief."), user("Hi"), assistant("You said: Hi"), user("Next"));
  }

  @Test
  void streamStoresTheTurnsOnlyOnceTheStreamCompleted() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);
    List<String> pieces = new ArrayList<>();
    List<Integer> storedWhileStreaming = new ArrayList<>();

    ChatReply reply =
        chat.stream(
            "Stream me",
            chunk -> {
              pieces.add(chunk.text());
              storedWhileStreaming.add(store.history("s1").size());
            });

    assertThat(String.join("", pieces)).isEqualTo("You said: Stream me");
    assertThat(storedWhileStreaming).isNotEmpty().containsOnly(0);
    assertThat(reply.text()).isEqualTo("You said: Stream me");
    assertThat(reply.completionTokens()).isEqualTo(5);
    assertThat(chat.history())
        .extracting(Turn::content)
        .containsExactly("Stream me", "You said: Stream me");
    FakeRequest sent = chatCalls().get(0);
    assertThat(sent.json())
        .containsEntry("stream", true)
        .containsEntry("stream_options", Map.of("include_usage", true));
    assertThat(messages(sent)).containsExactly(system("Be brief."), user("Stream me"));
  }

  @Test
  void brokenStreamStoresNothing() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);
    chat.send("Hi");
    failNextChat(FakeReply.cutAfter(2));
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    assertThatThrownBy(() -> chat.stream("Cut short", chunks::add))
        .isInstanceOf(ChatSessionException.class)
        .hasMessageContaining("nothing was stored")
        .hasCauseInstanceOf(LmStudioStreamException.class);

    assertThat(chunks).isNotEmpty();
    assertThat(messages(chatCalls().get(1))).endsWith(user("Cut short"));
    assertThat(chat.history()).extracting(Turn::content).containsExactly("Hi", "You said: Hi");
  }

  @Test
  void listenerFailureCancelsTheStreamAndStoresNothing() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);
    IllegalStateException boom = new IllegalStateException("listener failed");

    assertThatThrownBy(
            () ->
                chat.stream(
                    "Hi",
                    chunk -> {
                      throw boom;
                    }))
        .isSameAs(boom);

    assertThat(chat.history()).isEmpty();
  }

  @Test
  void settersUpdateTheStoredSessionAndTheNextCall() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);

    chat.model(FakeModel.UNLOADED_LLM).systemPrompt(null);
    chat.send("Hi");

    assertThat(store.find("s1").orElseThrow().model()).isEqualTo(FakeModel.UNLOADED_LLM);
    assertThat(store.find("s1").orElseThrow().systemPrompt()).isNull();
    assertThat(chatCalls().get(0).json()).containsEntry("model", FakeModel.UNLOADED_LLM);
    assertThat(messages(chatCalls().get(0))).containsExactly(user("Hi"));
  }

  @Test
  void settersKeepWhatAnotherWriterChangedMeanwhile() {
    ChatSession chat = ChatSession.create(fake.client(), store, SPEC);
    store.rename("s1", "renamed elsewhere");

    chat.model(FakeModel.REASONING);

    assertThat(store.find("s1").orElseThrow().title()).isEqualTo("renamed elsewhere");
    assertThat(store.find("s1").orElseThrow().model()).isEqualTo(FakeModel.REASONING);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void sessionWithoutModelIsRefused() {
    assertThatThrownBy(() -> ChatSession.create(fake.client(), store, NewSession.withId("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model");
  }

  /** Answers the next context lookup with the fake's own model list, then fails the chat call. */
  private void failNextChat(FakeReply fault) {
    String models;
    try {
      models =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(fake.url() + "/api/v1/models"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    fake.enqueue(FakeReply.json(models));
    fake.enqueue(fault);
  }

  private List<FakeRequest> chatCalls() {
    return chatCalls(fake);
  }

  static List<FakeRequest> chatCalls(FakeLmStudio fake) {
    return fake.requests().stream()
        .filter(r -> r.line().equals("POST /v1/chat/completions"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> messages(FakeRequest request) {
    return (List<Map<String, Object>>) request.json().get("messages");
  }

  static Map<String, Object> system(String text) {
    return Map.of("role", "system", "content", text);
  }

  static Map<String, Object> user(String text) {
    return Map.of("role", "user", "content", text);
  }

  static Map<String, Object> assistant(String text) {
    return Map.of("role", "assistant", "content", text);
  }
}
