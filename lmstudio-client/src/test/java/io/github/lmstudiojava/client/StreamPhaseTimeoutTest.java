package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatEnd;
import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.event;
import static io.github.lmstudiojava.client.ChatTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loading a model and processing a long prompt may go quiet far longer than generation: the stream
 * allows the model-load and first-event limits there, and the idle limit only once the model
 * generates.
 */
@Timeout(30)
class StreamPhaseTimeoutTest {
  private static final String LOAD_START =
      event("model_load.start", "{\"type\":\"model_load.start\",\"model_instance_id\":\"m\"}");
  private static final String LOAD_END =
      event(
          "model_load.end",
          "{\"type\":\"model_load.end\",\"model_instance_id\":\"m\",\"load_time_seconds\":1.5}");
  private static final String PROMPT_START =
      event("prompt_processing.start", "{\"type\":\"prompt_processing.start\"}");
  private static final String PROMPT_END =
      event("prompt_processing.end", "{\"type\":\"prompt_processing.end\"}");

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @AfterEach
  void close() {
    if (lms != null) {
      lms.close();
    }
  }

  /** Sends {@code before}, pauses for {@code pauseMillis}, then sends {@code after}. */
  private static MockResponse pausedBetween(String before, String after, long pauseMillis) {
    // One throttle period carries the first part (padded with a comment so it is the larger);
    // the rest follows after one pause.
    int afterBytes = after.getBytes(StandardCharsets.UTF_8).length;
    String padded = ":" + " ".repeat(1024 + afterBytes) + "\n" + before;
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(padded + after)
        .throttleBody(
            padded.getBytes(StandardCharsets.UTF_8).length, pauseMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  @Test
  void modelLoadMayGoQuietLongerThanTheIdleLimit() throws InterruptedException {
    server.enqueue(
        pausedBetween(chatStart() + LOAD_START, LOAD_END + delta("Hi") + chatEnd("Hi"), 700));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults()
                .withIdle(Duration.ofMillis(150))
                .withModelLoad(Duration.ofSeconds(20))
                .withFirstEvent(Duration.ofSeconds(20)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThat(stream.text()).isEqualTo("Hi");
    }
    takeChatRequest(server, true);
  }

  @Test
  void promptProcessingMayGoQuietLongerThanTheIdleLimit() throws InterruptedException {
    server.enqueue(
        pausedBetween(chatStart() + PROMPT_START, PROMPT_END + delta("Hi") + chatEnd("Hi"), 700));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults()
                .withIdle(Duration.ofMillis(150))
                .withFirstEvent(Duration.ofSeconds(20)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThat(stream.text()).isEqualTo("Hi");
    }
    takeChatRequest(server, true);
  }

  @Test
  void modelLoadThatStallsFailsWithTheModelLoadLimit() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + LOAD_START));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults()
                .withIdle(Duration.ofSeconds(20))
                .withModelLoad(Duration.ofMillis(300))
                .withFirstEvent(Duration.ofSeconds(20)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.MODEL_LOAD);
                assertThat(e.limit()).isEqualTo(Duration.ofMillis(300));
                assertThat(e.getMessage()).contains("model-load timeout");
              });
    }
    takeChatRequest(server, true);
  }

  @Test
  void generationThatStallsAfterALongLoadFailsWithTheIdleLimit() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + LOAD_START + LOAD_END + delta("Par")));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults()
                .withIdle(Duration.ofMillis(300))
                .withModelLoad(Duration.ofMinutes(10))
                .withFirstEvent(Duration.ofMinutes(10)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("Par");
              });
    }
    takeChatRequest(server, true);
  }

  @Test
  void aDisabledFirstEventLimitLeavesTheIdleLimitInForce() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + delta("Par")));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults().withFirstEvent(Duration.ZERO).withIdle(Duration.ofMillis(300)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("Par");
              });
    }
    takeChatRequest(server, true);
  }

  @Test
  void aDisabledModelLoadLimitLeavesTheIdleLimitInForceAfterTheLoad() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + LOAD_START + LOAD_END + delta("Par")));
    lms =
        ChatTestSupport.client(
            server,
            Timeouts.defaults()
                .withModelLoad(Duration.ZERO)
                .withFirstEvent(Duration.ZERO)
                .withIdle(Duration.ofMillis(300)));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE));
    }
    takeChatRequest(server, true);
  }
}
