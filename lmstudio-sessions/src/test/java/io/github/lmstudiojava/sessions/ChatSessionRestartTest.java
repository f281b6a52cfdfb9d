package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversation on SQLite continues after the store, the client and the chat are all closed. */
class ChatSessionRestartTest {
  private final FakeLmStudio fake = FakeLmStudio.start();

  @TempDir Path dir;

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void conversationContinuesAfterTheStoreIsClosedAndReopened() {
    Path file = dir.resolve("chats.db");
    try (SessionStore store = SessionStores.sqlite(file);
        LmStudio lms = fake.clientBuilder().build()) {
      ChatSession.create(
              lms,
              store,
              NewSession.withId("trip").withModel(FakeModel.LOADED_LLM).withSystemPrompt("Brief."))
          .send("Remember 42");
    }

    ChatReply reply;
    List<?> history;
    try (SessionStore store = SessionStores.open("sqlite:" + file);
        LmStudio lms = fake.clientBuilder().build()) {
      ChatSession chat = ChatSession.open(lms, store, "trip");
      reply = chat.send("What number?");
      history = chat.history();
    }

    assertThat(reply.text()).isEqualTo("You said: What number?");
    assertThat(history).hasSize(4);
    FakeRequest resumed = null;
    for (FakeRequest request : fake.requests()) {
      if (request.line().equals("POST /v1/chat/completions")) {
        resumed = request;
      }
    }
    assertThat(resumed).isNotNull();
    assertThat(resumed.json().get("messages"))
        .isEqualTo(
            List.of(
                Map.of("role", "system", "content", "Brief."),
                Map.of("role", "user", "content", "Remember 42"),
                Map.of("role", "assistant", "content", "You said: Remember 42"),
                Map.of("role", "user", "content", "What number?")));
  }
}
