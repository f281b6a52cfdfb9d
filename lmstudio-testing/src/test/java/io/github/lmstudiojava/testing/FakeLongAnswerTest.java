package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code count to N} prompt that asks the fake for a long answer. */
class FakeLongAnswerTest {
  private static final ChatRequest HELLO = ChatRequest.of(FakeModel.LOADED_LLM, "Hello world");

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void countToNStreamsOneDeltaPerNumber() {
    int deltas = 0;
    String last = null;
    try (ChatStream stream =
        fake.client().streamChat(ChatRequest.of(FakeModel.LOADED_LLM, "Count to 100000"))) {
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.MessageDelta) {
          deltas++;
          last = ((ChatEvent.MessageDelta) event).content();
        }
      }
      assertThat(stream.result().text()).startsWith("1 2 3 ").endsWith(" 99999 100000");
    }
    assertThat(deltas).isEqualTo(100_000);
    assertThat(last).isEqualTo(" 100000");
    assertThat(fake.takeRequest().json())
        .containsEntry("input", "Count to 100000")
        .containsEntry("stream", true);
  }

  @Test
  void countToNAlsoAnswersTheCompatibleChat() {
    ChatCompletion completion =
        fake.client().openai().chatCompletion(FakeModel.LOADED_LLM, "count to 5");

    assertThat(completion.text()).isEqualTo("1 2 3 4 5");
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void countBeyondTheLimitIsAnsweredAsAnyText() {
    assertThat(fake.client().chat(FakeModel.LOADED_LLM, "count to 1000001").text())
        .isEqualTo("You said: count to 1000001");
    assertThat(fake.takeRequest().json()).containsEntry("input", "count to 1000001");
  }
}
