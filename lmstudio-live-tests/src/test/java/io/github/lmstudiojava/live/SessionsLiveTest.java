package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.sessions.ChatOptions;
import io.github.lmstudiojava.sessions.ChatReply;
import io.github.lmstudiojava.sessions.ChatSession;
import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ChatSession}: two turns replayed from an in-memory store, two native on SQLite. */
@Tag("live")
class SessionsLiveTest {
  private final LmStudio lms = Live.client();

  @Test
  void aReplayedSessionSendsTheFirstExchangeWithTheSecond() {
    Live.Pick llm = Live.llm(lms);
    ChatOptions options = ChatOptions.defaults().withMaxTokens(llm.maxTokens());

    try (SessionStore store = SessionStores.inMemory()) {
      ChatSession chat =
          ChatSession.create(
              lms,
              store,
              NewSession.of().withModel(llm.name()).withSystemPrompt("Answer in a few words."));
      ChatReply first = chat.send("My name is Ada. Say hello.", options);
      ChatReply second = chat.send("What is my name?", options);

      assertThat(first.nativeCall()).isFalse();
      assertThat(second.nativeCall()).isFalse();
      Live.assertAnswered(llm, first.text(), first.reasoning());
      Live.assertAnswered(llm, second.text(), second.reasoning());
      assertThat(second.turnsLeftOut()).isZero();
      assertThat(second.promptTokens()).isGreaterThan(first.promptTokens());
      assertThat(second.completionTokens()).isPositive();
      assertRoles(store.history(chat.id()));
    }
  }

  @Test
  void aNativeSessionContinuesFromTheLastResponseAndSurvivesReopeningItsFile(@TempDir Path dir) {
    Live.Pick llm = Live.llm(lms);
    ChatOptions options = ChatOptions.defaults().withMaxTokens(llm.maxTokens());
    Path file = dir.resolve("sessions.db");
    String id;
    ChatReply first;
    ChatReply second;

    try (SessionStore store = SessionStores.sqlite(file)) {
      ChatSession chat =
          ChatSession.builder(lms, store)
              .nativeMode(true)
              .create(NewSession.of().withModel(llm.name()));
      id = chat.id();
      first = chat.send("My name is Ada. Say hello.", options);
      second = chat.send("What is my name?", options);
    }

    assertThat(first.nativeCall()).isTrue();
    assertThat(second.nativeCall()).isTrue();
    Live.assertAnswered(llm, second.text(), second.reasoning());
    assertThat(first.assistantTurn().responseId()).isNotBlank();
    assertThat(second.assistantTurn().responseId())
        .isNotBlank()
        .isNotEqualTo(first.assistantTurn().responseId());
    assertThat(second.promptTokens()).isGreaterThan(first.promptTokens());
    try (SessionStore reopened = SessionStores.sqlite(file)) {
      ChatSession again = ChatSession.open(lms, reopened, id);
      assertThat(again.session().lastResponseId()).isEqualTo(second.assistantTurn().responseId());
      assertRoles(again.history());
    }
  }

  private static void assertRoles(List<Turn> history) {
    assertThat(history)
        .extracting(Turn::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
  }
}
