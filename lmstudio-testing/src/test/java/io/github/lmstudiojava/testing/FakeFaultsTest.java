package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatCall;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeFaultsTest {
  private static final ChatRequest HELLO = ChatRequest.of(FakeModel.LOADED_LLM, "Hello world");

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void scriptedStatusWithErrorBodyBecomesAnHttpException() {
    fake.enqueueChat(FakeReply.error(500, "internal_error", "the GPU caught fire"));

    assertThatThrownBy(() -> fake.client().chat(HELLO))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(500);
              assertThat(e.errorType()).isEqualTo("internal_error");
              assertThat(e.serverMessage()).isEqualTo("the GPU caught fire");
            });
    assertThat(fake.takeRequest().json()).containsEntry("input", "Hello world");
    assertThat(fake.client().chat(HELLO).text()).isEqualTo("You said: Hello world");
  }

  @Test
  void scriptedReplyForAnyRequestIsUsedOnceInOrder() {
    fake.enqueue(FakeReply.json("{\"models\":[]}"));

    assertThat(fake.client().models().list()).isEmpty();
    assertThat(fake.client().models().list()).hasSize(5);
    assertThat(fake.requests()).extracting(FakeRequest::line).containsOnly("GET /api/v1/models");
  }

  @Test
  void retryableStatusOnAnIdempotentReadIsRetried() {
    fake.enqueue(FakeReply.status(503).withHeader("Retry-After", "0"));

    List<Model> models = fake.client().models().list();

    assertThat(models).hasSize(5);
    assertThat(fake.requestCount()).isEqualTo(2);
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }

  @Test
  void statusWithoutBodyIsAnHttpExceptionWhenNotRetried() {
    fake.enqueue(FakeReply.status(502));
    LmStudio noRetries = fake.clientBuilder().retryPolicy(RetryPolicy.none()).build();

    try (noRetries) {
      assertThatThrownBy(() -> noRetries.models().list())
          .isInstanceOfSatisfying(
              LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }

  @Test
  void malformedJsonIsAProtocolException() {
    fake.enqueueChat(FakeReply.malformedJson());

    assertThatThrownBy(() -> fake.client().chat(HELLO))
        .isInstanceOf(LmStudioProtocolException.class);
    assertThat(fake.takeRequest().line()).isEqualTo("POST /api/v1/chat");
  }

  @Test
  void jsonInsteadOfAStreamIsAProtocolException() {
    fake.enqueueChat(FakeReply.malformedJson());

    assertThatThrownBy(() -> fake.client().streamChat(HELLO))
        .isInstanceOf(LmStudioProtocolException.class);
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void streamCutMidWayFailsWithThePartialText() {
    fake.enqueueChat(FakeReply.cutAfter(8));
    List<ChatEvent> received = new ArrayList<>();

    try (ChatStream stream = fake.client().streamChat(HELLO)) {
      assertThatThrownBy(() -> stream.forEach(received::add))
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.partialText()).isEqualTo("You said:");
                assertThat(e.error()).isNull();
              });
    }
    assertThat(received).hasSize(8).noneMatch(e -> e instanceof ChatEvent.ChatEnd);
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void scriptedEventsThenCutFailTheStreamWithWhatArrived() {
    fake.enqueueChat(
        FakeReply.cut(new SseBody().chatStart("m").messageStart().messageDelta("partial")));

    ChatCall call = fake.client().streamChat(HELLO, new ChatEventRecorder());

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class, e -> assertThat(e.partialText()).isEqualTo("partial"));
    assertThat(fake.takeRequest().line()).isEqualTo("POST /api/v1/chat");
  }

  @Test
  void cutOfAJsonAnswerIsAConnectionFailure() {
    fake.enqueueChat(FakeReply.cutAfter(0));

    assertThatThrownBy(() -> fake.client().chat(HELLO))
        .isInstanceOf(LmStudioConnectionException.class);
    assertThat(fake.takeRequest().json()).doesNotContainKey("stream");
  }

  @Test
  void stalledStreamTimesOutIdleWithThePartialText() {
    fake.enqueueChat(FakeReply.stallAfter(7));
    ChatRequest request =
        HELLO.toBuilder().timeouts(Timeouts.defaults().withIdle(Duration.ofMillis(200))).build();

    try (ChatStream stream = fake.client().streamChat(request)) {
      assertThatThrownBy(() -> stream.forEach(e -> {}))
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("You");
              });
    }
    assertThat(fake.takeRequest().json()).containsEntry("input", "Hello world");
  }

  @Test
  void stallBeforeAnyEventTimesOutOnTheFirstEvent() {
    fake.enqueueChat(FakeReply.stall(new SseBody()));
    ChatRequest request =
        HELLO.toBuilder()
            .timeouts(Timeouts.defaults().withFirstEvent(Duration.ofMillis(200)))
            .build();

    ChatCall call = fake.client().streamChat(request, new ChatEventRecorder());

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.FIRST_EVENT));
    assertThat(fake.takeRequest().line()).isEqualTo("POST /api/v1/chat");
  }

  @Test
  void disconnectBeforeAnyResponseIsAConnectionFailure() {
    fake.enqueueChat(FakeReply.disconnect());

    assertThatThrownBy(() -> fake.client().chat(HELLO))
        .isInstanceOf(LmStudioConnectionException.class)
        .hasMessageContaining(fake.url());
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.LOADED_LLM);
  }

  @Test
  void scriptedEventStreamIsDecodedByTheClient() {
    String result =
        "{\"model_instance_id\":\"m\",\"output\":[{\"type\":\"message\",\"content\":\"scripted\"}]}";
    fake.enqueueChat(
        FakeReply.sse(
            new SseBody()
                .chatStart("m")
                .comment("keep-alive")
                .messageDelta("scripted")
                .error("internal_error", "late failure")
                .chatEnd(result)));

    try (ChatStream stream = fake.client().streamChat(HELLO)) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error().type()).isEqualTo("internal_error");
                assertThat(e.partialText()).isEqualTo("scripted");
              });
    }
    assertThat(fake.takeRequest().header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void delayedTokensStillArriveInOrder() {
    try (FakeLmStudio slow =
        FakeLmStudio.builder()
            .firstTokenDelay(Duration.ofMillis(20))
            .tokenDelay(Duration.ofMillis(5))
            .start()) {
      ChatEventRecorder recorder = new ChatEventRecorder();

      ChatResult result = slow.client().streamChat(HELLO, recorder).join();

      assertThat(recorder.text()).isEqualTo(result.text()).isEqualTo("You said: Hello world");
      assertThat(slow.takeRequest().json()).containsEntry("stream", true);
    }
  }
}
