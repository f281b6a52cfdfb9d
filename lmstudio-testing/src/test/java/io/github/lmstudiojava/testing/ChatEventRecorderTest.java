package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatEventRecorderTest {
  @Test
  void recordsAPushedStreamAndReleasesOnChatEnd() {
    try (FakeLmStudio fake = FakeLmStudio.start()) {
      ChatEventRecorder recorder = new ChatEventRecorder();

      fake.client().streamChat(ChatRequest.of(FakeModel.REASONING, "Think"), recorder);
      ChatResult result = recorder.awaitChatEnd(Duration.ofSeconds(10));

      assertThat(recorder.types()).startsWith("chat.start").endsWith("chat.end");
      assertThat(recorder.text()).isEqualTo(result.text()).isEqualTo("You said: Think");
      assertThat(recorder.reasoning()).isEqualTo(result.reasoning()).isNotEmpty();
      assertThat(recorder.eventsOf(ChatEvent.ChatStart.class))
          .containsExactly(new ChatEvent.ChatStart(FakeModel.REASONING));
      assertThat(recorder.awaitEvents(3, Duration.ofSeconds(1))).hasSizeGreaterThan(3);
      assertThat(fake.takeRequest().json()).containsEntry("stream", true);
    }
  }

  @Test
  void awaitingFailsWhenTheEventsDoNotCome() {
    ChatEventRecorder recorder = new ChatEventRecorder();
    recorder.onEvent(new ChatEvent.MessageDelta("only"));

    assertThatThrownBy(() -> recorder.awaitChatEnd(Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("message.delta");
    assertThatThrownBy(() -> recorder.awaitEvents(2, Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 1 of 2");
    assertThat(recorder.awaitEvents(1, Duration.ZERO)).hasSize(1);
  }
}
