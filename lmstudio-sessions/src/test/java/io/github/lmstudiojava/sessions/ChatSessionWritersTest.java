package io.github.lmstudiojava.sessions;

import static io.github.lmstudiojava.sessions.ChatSessionTest.assistant;
import static io.github.lmstudiojava.sessions.ChatSessionTest.messages;
import static io.github.lmstudiojava.sessions.ChatSessionTest.system;
import static io.github.lmstudiojava.sessions.ChatSessionTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several writers on one session, the store deciding their order; and the session lifecycle. */
class ChatSessionWritersTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final SessionStore memory = SessionStores.inMemory();

  @AfterEach
  void close() {
    memory.close();
    fake.close();
  }

  /**
   * The in-memory store, where another writer appends an exchange just before each of the first
   * {@code interferences} records reaches the store, as a second process would while the model
   * answers.
   */
  private SessionStore interfering(int interferences) {
    AtomicInteger left = new AtomicInteger(interferences);
    return (SessionStore)
        Proxy.newProxyInstance(
            SessionStore.class.getClassLoader(),
            new Class<?>[] {SessionStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("record") && left.getAndDecrement() > 0) {
                Session s = (Session) args[0];
                memory.append(s.id(), List.of(Turn.user("other"), Turn.assistant("other answer")));
              }
              try {
                return method.invoke(memory, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private List<FakeRequest> chatCalls() {
    return ChatSessionTest.chatCalls(fake);
  }

  @Test
  void anAnswerOvertakenByAnotherWriterIsAskedAgainWithTheNewHistory() {
    SessionStore store = interfering(1);
    ChatSession chat =
        ChatSession.create(
            fake.client(),
            store,
            NewSession.withId("s").withModel(FakeModel.LOADED_LLM).withSystemPrompt("Be brief."));

    ChatReply reply = chat.send("Hi");

    assertThat(reply.text()).isEqualTo("You said: Hi");
    assertThat(reply.userTurn().index()).isEqualTo(2);
    List<FakeRequest> calls = chatCalls();
    assertThat(calls).hasSize(2);
    assertThat(messages(calls.get(0))).containsExactly(system("Be brief."), user("Hi"));
    assertThat(messages(calls.get(1)))
        .containsExactly(system("Be brief."), user("other"), assistant("other answer"), user("Hi"));
    assertThat(chat.history())
        .extracting(Turn::content)
        .containsExactly("other", "other answer", "Hi", "You said: Hi");
    assertThat(chat.session().version()).isEqualTo(2); // created, the other append, this record
  }

  @Test
  void withoutRetriesAConflictIsThrownAndTheAnswerNotStored() {
    SessionStore store = interfering(1);
    ChatSession chat =
        ChatSession.builder(fake.client(), store)
            .conflictRetries(0)
            .create(NewSession.withId("s").withModel(FakeModel.LOADED_LLM));

    assertThatThrownBy(() -> chat.send("Hi"))
        .isInstanceOfSatisfying(
            SessionConflictException.class,
            e -> {
              assertThat(e.sessionId()).isEqualTo("s");
              assertThat(e.getMessage()).contains("nothing was stored");
            });
    assertThat(chatCalls()).hasSize(1);
    assertThat(chat.history()).extracting(Turn::content).containsExactly("other", "other answer");
  }

  @Test
  void aStreamOvertakenEveryTimeGivesUpAfterItsRetries() {
    SessionStore store = interfering(Integer.MAX_VALUE);
    ChatSession chat =
        ChatSession.builder(fake.client(), store)
            .conflictRetries(2)
            .create(NewSession.withId("s").withModel(FakeModel.LOADED_LLM));
    List<String> chunks = new ArrayList<>();

    assertThatThrownBy(() -> chat.stream("Hi", chunk -> chunks.add(chunk.text())))
        .isInstanceOf(SessionConflictException.class);

    List<FakeRequest> calls = chatCalls();
    assertThat(calls).hasSize(3);
    assertThat(calls).allSatisfy(c -> assertThat(c.json()).containsEntry("stream", true));
    assertThat(String.join("", chunks)).isEqualTo("You said: Hi".repeat(3));
    assertThat(chat.history()).hasSize(6).noneMatch(t -> t.content().contains("Hi"));
  }

  @Test
  void openOrCreateCreatesOnceAndThenBringsModelAndPromptUpToDate() {
    ChatSession.Builder builder = ChatSession.builder(fake.client(), memory);

    assertThatThrownBy(() -> builder.openOrCreate("new", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"new\" is new: name the model");
    assertThat(memory.find("new")).isEmpty();

    ChatSession created = builder.openOrCreate("new", FakeModel.LOADED_LLM, "Be brief.");
    assertThat(created.session().model()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(created.session().systemPrompt()).isEqualTo("Be brief.");
    memory.update(created.session().withLastResponseId("resp_1"));

    ChatSession same = builder.openOrCreate("new", null, null);
    assertThat(same.session().lastResponseId()).isEqualTo("resp_1");
    assertThat(same.session().version()).isEqualTo(1);

    ChatSession changed = builder.openOrCreate("new", "other/model", "Be long.");
    assertThat(changed.session().model()).isEqualTo("other/model");
    assertThat(changed.session().systemPrompt()).isEqualTo("Be long.");
    // LM Studio's stored conversation keeps its first prompt: a new one ends native continuation.
    assertThat(changed.session().lastResponseId()).isNull();
    assertThat(memory.find("new").orElseThrow()).isEqualTo(changed.session());
    assertThatThrownBy(() -> builder.openOrCreate("bad\nid", FakeModel.LOADED_LLM, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resetForgetsTheConversationButKeepsTheSettings() {
    ChatSession chat =
        ChatSession.create(
            fake.client(),
            memory,
            NewSession.withId("s").withModel(FakeModel.LOADED_LLM).withSystemPrompt("Be brief."));
    chat.send("Remember 42");

    chat.reset();
    chat.send("What number?");

    List<FakeRequest> calls = chatCalls();
    assertThat(messages(calls.get(1))).containsExactly(system("Be brief."), user("What number?"));
    assertThat(chat.history())
        .extracting(Turn::index, Turn::content)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, "What number?"),
            org.assertj.core.groups.Tuple.tuple(1L, "You said: What number?"));
    assertThat(chat.history(1, 5))
        .extracting(Turn::content)
        .containsExactly("You said: What number?");
    assertThat(chat.session().systemPrompt()).isEqualTo("Be brief.");
  }

  @Test
  void sendsFromManyChatsOnOneSqliteSessionNeverInterleave(@TempDir Path dir) throws Exception {
    int threads = 4;
    int perThread = 5;
    try (SessionStore sqlite = SessionStores.sqlite(dir.resolve("chats.db"))) {
      sqlite.create(NewSession.withId("shared").withModel(FakeModel.LOADED_LLM));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  ChatSession chat =
                      ChatSession.builder(fake.client(), sqlite)
                          .conflictRetries(100)
                          .open("shared");
                  for (int i = 0; i < perThread; i++) {
                    chat.send("q" + thread + "." + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<Turn> history = sqlite.history("shared");
      assertThat(history).hasSize(threads * perThread * 2);
      for (int i = 0; i < history.size(); i += 2) {
        assertThat(history.get(i).role()).isEqualTo(Role.USER);
        assertThat(history.get(i + 1).content()).isEqualTo("You said: " + history.get(i).content());
      }
      assertThat(history.stream().filter(t -> t.role() == Role.USER).map(Turn::content))
          .doesNotHaveDuplicates()
          .hasSize(threads * perThread);
      // Each stored answer was asked for with exactly the history before it.
      List<List<Map<String, Object>>> asked =
          chatCalls().stream().map(ChatSessionTest::messages).toList();
      for (int i = 0; i < history.size(); i += 2) {
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Turn t : history.subList(0, i)) {
          expected.add(t.role() == Role.USER ? user(t.content()) : assistant(t.content()));
        }
        expected.add(user(history.get(i).content()));
        assertThat(asked).as("the request for turn " + i).contains(expected);
      }
    }
  }
}
