package io.github.lmstudiojava.client.anthropic;

import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.MESSAGE_START;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.TOKEN;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.bodyOf;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.fixture;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.helloStream;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.json;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.sse;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.takeMessagesRequest;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.textDelta;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.textStart;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed {@code /v1/messages} calls against a server: pull, push, cancellation, failures. */
class AnthropicStreamCallTest {
  private static final String PREFIX = MESSAGE_START + textStart(0) + textDelta(0, "Hel");

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = AnthropicTestSupport.client(server, TOKEN);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  @Test
  void pullStreamSendsTheDocsStreamingRequestAndRebuildsTheMessage() throws InterruptedException {
    server.enqueue(sse(fixture("anthropic/stream-tool-use.sse")));

    try (EventStream<MessageStreamEvent, Message> stream =
        lms.anthropic()
            .streamMessages(
                MessageRequest.builder("ibm/granite-4-micro")
                    .user("Hello")
                    .maxTokens(256)
                    .build())) {
      int count = 0;
      for (MessageStreamEvent ignored : stream) {
        count++;
      }
      assertThat(count).isEqualTo(22);
      Message message = stream.result();
      assertThat(message.toolUses().get(0).input())
          .isEqualTo(AnthropicStreamDecodingTest.WEATHER_INPUT);
      assertThat(message.text()).isEqualTo("Let me check.");
    }

    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, true)))
        .isEqualTo(tree(fixture("anthropic/messages-stream-request-docs.json")));
  }

  @Test
  void pushStreamDeliversEveryEventAndCompletesWithTheMessage() throws InterruptedException {
    server.enqueue(sse(helloStream()));
    List<MessageStreamEvent> seen = new CopyOnWriteArrayList<>();

    StreamCall<Message> call =
        lms.anthropic().streamMessages(MessageRequest.of("m", "Hi"), seen::add);

    Message message = call.join();
    assertThat(message.text()).isEqualTo("Hello");
    assertThat(message.usage()).isEqualTo(new Usage(5, 2, null, null));
    assertThat(call.isDone()).isTrue();
    assertThat(seen).hasSize(7).last().isEqualTo(new MessageStreamEvent.MessageStop());
    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, true)))
        .isEqualTo(
            tree(
                "{\"model\":\"m\",\"max_tokens\":1024,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}"));
  }

  @Test
  void streamWithoutATokenSendsNeitherAuthHeader() throws InterruptedException {
    server.enqueue(sse(helloStream()));

    try (LmStudio anonymous = AnthropicTestSupport.client(server, (String) null);
        EventStream<MessageStreamEvent, Message> stream =
            anonymous.anthropic().streamMessages(MessageRequest.of("m", "Hi"))) {
      assertThat(stream.result().text()).isEqualTo("Hello");
    }

    takeMessagesRequest(server, null, true);
  }

  @Test
  void pushStreamFailsWithTheErrorEventAndThePartialMessage() throws InterruptedException {
    server.enqueue(
        sse(
            PREFIX
                + AnthropicTestSupport.event(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")));
    List<MessageStreamEvent> seen = new CopyOnWriteArrayList<>();

    StreamCall<Message> call =
        lms.anthropic().streamMessages(MessageRequest.of("m", "Hi"), seen::add);

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error().type()).isEqualTo("api_error");
              assertThat(e.partialText()).isEqualTo("Hel");
              assertThat(e.getMessage()).contains("boom", "POST /v1/messages");
            });
    assertThat(seen).last().isInstanceOf(MessageStreamEvent.Error.class);
    takeMessagesRequest(server, TOKEN, true);
  }

  @Test
  void unknownModelFailsWhenTheStreamOpens() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                + "\"message\":\"model not found\"}}"));

    assertThatThrownBy(() -> lms.anthropic().streamMessages(MessageRequest.of("nope", "Hi")))
        .isInstanceOf(ModelNotFoundException.class);
    takeMessagesRequest(server, TOKEN, true);
  }

  @Test
  void closingAPullStreamMidwayCancelsTheCall() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));

    EventStream<MessageStreamEvent, Message> stream =
        lms.anthropic().streamMessages(MessageRequest.of("m", "Hi"));
    Iterator<MessageStreamEvent> events = stream.iterator();
    assertThat(events.next()).isInstanceOf(MessageStreamEvent.MessageStart.class);
    assertThat(events.next()).isInstanceOf(MessageStreamEvent.ContentBlockStart.class);
    assertThat(events.next())
        .isEqualTo(new MessageStreamEvent.ContentBlockDelta(0, new ContentDelta.TextDelta("Hel")));
    stream.close();

    assertThat(events.hasNext()).isFalse();
    assertThatThrownBy(stream::result)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before it finished");
    takeMessagesRequest(server, TOKEN, true);
  }

  @Test
  void cancellingAPushCallCancelsItsFuture() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));
    CountDownLatch gotDelta = new CountDownLatch(1);

    StreamCall<Message> call =
        lms.anthropic()
            .streamMessages(
                MessageRequest.of("m", "Hi"),
                event -> {
                  if (event instanceof MessageStreamEvent.ContentBlockDelta) {
                    gotDelta.countDown();
                  }
                });
    assertThat(gotDelta.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel();

    assertThat(call.isDone()).isTrue();
    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    assertThat(call.result().isCancelled()).isTrue();
    takeMessagesRequest(server, TOKEN, true);
  }

  @Test
  void stalledStreamTimesOutWithThePartialMessage() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));
    Timeouts quick = Timeouts.defaults().withIdle(Duration.ofMillis(200));

    try (EventStream<MessageStreamEvent, Message> stream =
        lms.anthropic()
            .streamMessages(MessageRequest.builder("m").user("Hi").timeouts(quick).build())) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("Hel");
                assertThat(((Message) e.partial()).text()).isEqualTo("Hel");
              });
    }
    takeMessagesRequest(server, TOKEN, true);
  }
}
