package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Reasoning;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code LmStudio.Builder.limitToParallelSlots}: chats beyond an instance's parallel slots (4 in
 * the fake) wait in the client, not in LM Studio.
 */
class ParallelSlotsTest {
  private final FakeLmStudio fake =
      FakeLmStudio.builder().tokenDelay(Duration.ofMillis(50)).start();
  private final List<ChatStream> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(ChatStream::close);
    fake.close();
  }

  private LmStudio client(boolean limit, Duration call) {
    return LmStudio.builder()
        .baseUrl(fake.url())
        .timeouts(Timeouts.defaults().withCall(call))
        .limitToParallelSlots(limit)
        .build();
  }

  private static ChatRequest hello() {
    return ChatRequest.of(FakeModel.LOADED_LLM, "one two three four five six");
  }

  private long chatsSent() {
    return fake.requests().stream().filter(r -> r.line().equals("POST /api/v1/chat")).count();
  }

  @Test
  void aFifthChatWaitsInTheClientUntilOneOfTheFourEnds() throws Exception {
    try (LmStudio lms = client(true, Duration.ofSeconds(30))) {
      for (int i = 0; i < 4; i++) {
        open.add(lms.streamChat(hello()));
      }
      CompletableFuture<ChatResult> fifth = CompletableFuture.supplyAsync(() -> lms.chat(hello()));
      Thread.sleep(500);
      long sentWhileFull = chatsSent();
      assertThat(fifth).isNotDone();

      open.remove(0).close();
      ChatResult result = fifth.get(10, TimeUnit.SECONDS);

      assertThat(sentWhileFull).isEqualTo(4);
      assertThat(result.text()).isEqualTo("You said: one two three four five six");
      assertThat(chatsSent()).isEqualTo(5);
      assertThat(fake.requests().get(0).line()).isEqualTo("GET /api/v1/models");
    }
  }

  @Test
  void theWaitCountsInTheCallLimitAndNothingIsSent() throws Exception {
    try (LmStudio lms = client(true, Duration.ofMillis(400))) {
      for (int i = 0; i < 4; i++) {
        open.add(lms.streamChat(hello()));
      }
      long start = System.nanoTime();

      assertThatThrownBy(() -> lms.streamChat(hello()))
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.CALL);
                assertThat(e.getMessage())
                    .contains("for one of the 4 parallel slots of " + FakeModel.LOADED_LLM);
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(chatsSent()).isEqualTo(4);
    }
  }

  @Test
  void aStreamReadToItsEndOrFailingFreesItsSlot() throws Exception {
    try (LmStudio lms = client(true, Duration.ofSeconds(30))) {
      for (int i = 0; i < 8; i++) {
        try (ChatStream stream = lms.streamChat(hello())) {
          stream.forEach(e -> {});
        }
      }
      // Refused by LM Studio (a model without reasoning settings), streamed or not.
      ChatRequest refused =
          ChatRequest.builder(FakeModel.LOADED_LLM).input("x").reasoning(Reasoning.ON).build();
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> lms.chat(refused)).isInstanceOf(LmStudioHttpException.class);
        assertThatThrownBy(() -> lms.streamChat(refused)).isInstanceOf(LmStudioHttpException.class);
      }
      for (int i = 0; i < 4; i++) {
        open.add(lms.streamChat(hello()));
      }

      assertThat(chatsSent()).isEqualTo(8 + 8 + 4);
    }
  }

  @Test
  void withoutTheLimitEveryChatGoesOutAtOnce() throws Exception {
    try (LmStudio lms = client(false, Duration.ofSeconds(30))) {
      for (int i = 0; i < 6; i++) {
        open.add(lms.streamChat(hello()));
      }

      assertThat(chatsSent()).isEqualTo(6);
      assertThat(fake.requests()).noneMatch(r -> r.line().equals("GET /api/v1/models"));
    }
  }
}
