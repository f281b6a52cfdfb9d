package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.DOCS_EVENT_TYPES;
import static io.github.lmstudiojava.client.ChatTestSupport.chatEnd;
import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.docsChatEndResult;
import static io.github.lmstudiojava.client.ChatTestSupport.docsError;
import static io.github.lmstudiojava.client.ChatTestSupport.docsEvents;
import static io.github.lmstudiojava.client.ChatTestSupport.docsSuccessEvents;
import static io.github.lmstudiojava.client.ChatTestSupport.event;
import static io.github.lmstudiojava.client.ChatTestSupport.fixture;
import static io.github.lmstudiojava.client.ChatTestSupport.fixtureStream;
import static io.github.lmstudiojava.client.ChatTestSupport.parseJson;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatStreamTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = ChatTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  @Test
  void docsStreamYieldsAllNineteenEventsThenFailsWithItsErrorEvent() throws InterruptedException {
    server.enqueue(sse(fixture("chat/stream-all-events-docs.sse")));
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = lms.streamChat(ChatRequest.of("openai/gpt-oss-20b", "Hi"))) {
      assertThatThrownBy(
              () -> {
                for (ChatEvent event : stream) {
                  seen.add(event);
                }
              })
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error()).isEqualTo(docsError());
                assertThat(e.partialResult()).isEqualTo(docsChatEndResult());
                assertThat(e.partialText()).isEqualTo("The current top\u2011trending model is...");
                assertThat(e.getMessage())
                    .contains("\"model\" is required", "invalid_request", "POST /api/v1/chat");
              });
      assertThatThrownBy(stream::result).isInstanceOf(LmStudioStreamException.class);
    }

    assertThat(seen).isEqualTo(docsEvents());
    assertThat(seen).extracting(ChatEvent::type).isEqualTo(DOCS_EVENT_TYPES);
    assertThat(parseJson(takeChatRequest(server, true).getBody().utf8()))
        .isEqualTo(
            parseJson("{\"model\": \"openai/gpt-oss-20b\", \"input\": \"Hi\", \"stream\": true}"));
  }

  @Test
  void successfulStreamEndsIterationAndReturnsTheChatEndResult() throws InterruptedException {
    server.enqueue(sse(fixture("chat/stream-success-docs.sse")));
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = lms.streamChat(ChatRequest.of("openai/gpt-oss-20b", "Hi"))) {
      for (ChatEvent event : stream) {
        seen.add(event);
      }
      assertThat(stream.result()).isEqualTo(docsChatEndResult());
      assertThat(stream.text()).isEqualTo("The current top\u2011trending model is...");
    }

    assertThat(seen).isEqualTo(docsSuccessEvents());
    assertThat(seen).hasSize(18);
    takeChatRequest(server, true);
  }

  @Test
  void resultAfterPartialIterationDrainsTheRest() throws InterruptedException {
    server.enqueue(sse(fixture("chat/stream-success-docs.sse")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      Iterator<ChatEvent> events = stream.iterator();
      assertThat(events.next()).isEqualTo(docsEvents().get(0));
      assertThat(events.next()).isEqualTo(docsEvents().get(1));

      assertThat(stream.result()).isEqualTo(docsChatEndResult());
      assertThat(events.hasNext()).isFalse();
    }
    takeChatRequest(server, true);
  }

  @Test
  void textWithoutIteratingReadsTheWholeStream() throws InterruptedException {
    server.enqueue(sse(chatStart() + delta("Hel") + delta("lo") + chatEnd("Hello")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThat(stream.text()).isEqualTo("Hello");
      assertThat(stream.result().responseId()).isEqualTo("resp_1");
      assertThat(stream.result().stats().inputTokens()).isEqualTo(3);
    }
    takeChatRequest(server, true);
  }

  @Test
  void eventsCanBeTakenAsAJavaStream() throws InterruptedException {
    server.enqueue(sse(fixture("chat/stream-success-docs.sse")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      String text =
          stream
              .events()
              .filter(e -> e instanceof ChatEvent.MessageDelta)
              .map(e -> ((ChatEvent.MessageDelta) e).content())
              .collect(Collectors.joining());
      assertThat(text).isEqualTo("The current");
    }
    takeChatRequest(server, true);
  }

  @Test
  void iteratingTwiceIsRefused() throws InterruptedException {
    server.enqueue(sse(chatStart() + chatEnd("ok")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      stream.iterator();
      assertThatThrownBy(stream::iterator)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("once");
      assertThatThrownBy(stream::events).isInstanceOf(IllegalStateException.class);
    }
    takeChatRequest(server, true);
  }

  @Test
  void replayDecodesTheDocsFixtureLikeALiveStream() {
    List<ChatEvent> seen = new ArrayList<>();

    try (ChatStream stream = ChatStream.replay(fixtureStream("chat/stream-all-events-docs.sse"))) {
      assertThatThrownBy(
              () -> {
                for (ChatEvent event : stream) {
                  seen.add(event);
                }
              })
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error()).isEqualTo(docsError());
                assertThat(e.partialResult()).isEqualTo(docsChatEndResult());
              });
    }

    assertThat(seen).isEqualTo(docsEvents());
  }

  @Test
  void replayOfASuccessfulStreamGivesItsResultAndClosesTheInput() {
    ClosingTracker input =
        new ClosingTracker(
            fixture("chat/stream-success-docs.sse").getBytes(StandardCharsets.UTF_8));

    ChatStream stream = ChatStream.replay(input);

    assertThat(stream.result()).isEqualTo(docsChatEndResult());
    assertThat(input.closed).isTrue();
  }

  @Test
  void replayOfATruncatedRecordingKeepsWhatWasThere() {
    ChatStream stream =
        ChatStream.replay(
            new ByteArrayInputStream(
                (chatStart() + delta("Once upon")).getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(stream::result)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.partialText()).isEqualTo("Once upon");
              assertThat(e.partialResult().modelInstanceId()).isEqualTo("m");
              assertThat(e.error()).isNull();
            });
  }

  @Test
  void unknownEventNamesArriveAsUnknownAndTheStreamGoesOn() throws InterruptedException {
    String future = "{\"type\":\"chat.future\",\"count\":3,\"nested\":{\"a\":[1,2]}}";
    server.enqueue(sse(chatStart() + event("chat.future", future) + delta("ok") + chatEnd("ok")));

    List<ChatEvent> seen = new ArrayList<>();
    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      stream.forEach(seen::add);
      assertThat(stream.text()).isEqualTo("ok");
    }

    assertThat(seen.get(1)).isEqualTo(new ChatEvent.Unknown("chat.future", future));
    assertThat(seen.get(1).type()).isEqualTo("chat.future");
    assertThat(seen).hasSize(4);
    takeChatRequest(server, true);
  }

  @Test
  void eventsWithoutAnEventNameAreTypedByTheirData() throws InterruptedException {
    server.enqueue(
        sse(
            "data: {\"type\":\"chat.start\",\"model_instance_id\":\"m\"}\n\n"
                + "event: message\ndata: {\"type\":\"message.delta\",\"content\":\"a\"}\n\n"
                + "event:\ndata: {\"content\":\"b\",\"type\":\"message.delta\"}\n\n"
                + "data: {\"no_type\":true}\n\n"
                + chatEnd("ab")));

    List<ChatEvent> seen = new ArrayList<>();
    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      stream.forEach(seen::add);
    }

    assertThat(seen)
        .containsExactly(
            new ChatEvent.ChatStart("m"),
            new ChatEvent.MessageDelta("a"),
            new ChatEvent.MessageDelta("b"),
            new ChatEvent.Unknown(null, "{\"no_type\":true}"),
            new ChatEvent.ChatEnd(
                new ChatResult(
                    "m",
                    List.of(new OutputItem.Message("ab")),
                    new ChatStats(3, 2, null, null, null, null),
                    "resp_1")));
    takeChatRequest(server, true);
  }

  @Test
  void unknownFieldsInEventsAreIgnored() throws InterruptedException {
    server.enqueue(
        sse(
            event(
                    "chat.start",
                    "{\"type\":\"chat.start\",\"model_instance_id\":\"m\",\"new\":{\"x\":1}}")
                + event(
                    "model_load.progress",
                    "{\"type\":\"model_load.progress\",\"model_instance_id\":\"m\",\"progress\":1,"
                        + "\"eta_seconds\":0}")
                + event(
                    "message.delta",
                    "{\"type\":\"message.delta\",\"extra\":[1,{\"content\":\"no\"}],"
                        + "\"content\":\"yes\",\"logprob\":-0.1}")
                + event(
                    "error",
                    "{\"type\":\"error\",\"request_id\":\"r\",\"error\":{\"type\":\"unknown\","
                        + "\"message\":\"boom\",\"hint\":\"h\",\"code\":null}}")
                + chatEnd("yes")));

    List<ChatEvent> seen = new ArrayList<>();
    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOf(LmStudioStreamException.class);
    }

    assertThat(seen.subList(0, 4))
        .containsExactly(
            new ChatEvent.ChatStart("m"),
            new ChatEvent.ModelLoadProgress("m", 1.0),
            new ChatEvent.MessageDelta("yes"),
            new ChatEvent.Error(new StreamError("unknown", "boom", null, null)));
    takeChatRequest(server, true);
  }

  @Test
  void keepAliveCommentsBetweenEventsAreSkipped() throws InterruptedException {
    server.enqueue(
        sse(": ping\n\n" + chatStart() + ": ping\n\n" + delta("x") + ":\n\n" + chatEnd("x")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      List<String> types = new ArrayList<>();
      stream.forEach(e -> types.add(e.type()));
      assertThat(types).containsExactly("chat.start", "message.delta", "chat.end");
    }
    takeChatRequest(server, true);
  }

  @Test
  void eachDocsEventExampleDecodesWithOrWithoutItsEventName() {
    List<ChatEvent> expected = docsEvents();
    for (int i = 0; i < DOCS_EVENT_TYPES.size(); i++) {
      String name = DOCS_EVENT_TYPES.get(i);
      String json = fixture("chat/events/" + name + "-docs.json");
      try {
        assertThat(ChatEventDecoder.decode(new SseEvent(name, json, null)))
            .as(name)
            .isEqualTo(expected.get(i));
        assertThat(ChatEventDecoder.decode(new SseEvent(null, json, null)))
            .as(name + " typed by its data")
            .isEqualTo(expected.get(i));
      } catch (IOException e) {
        throw new AssertionError(name, e);
      }
    }
  }

  @Test
  void sseFixtureHoldsExactlyTheDocsEventExamples() throws IOException {
    List<SseEvent> events = new ArrayList<>();
    SseReader reader =
        new SseReader(new Buffer().writeUtf8(fixture("chat/stream-all-events-docs.sse")));
    SseEvent event;
    while ((event = reader.next()) != null) {
      events.add(event);
    }

    assertThat(events).extracting(SseEvent::event).isEqualTo(DOCS_EVENT_TYPES);
    for (SseEvent e : events) {
      assertThat(parseJson(e.data()))
          .as(e.event())
          .isEqualTo(parseJson(fixture("chat/events/" + e.event() + "-docs.json")));
    }
    assertThat(reader.comments()).isEqualTo(2);
  }

  /** An input stream that records whether it was closed. */
  private static final class ClosingTracker extends ByteArrayInputStream {
    boolean closed;

    ClosingTracker(byte[] bytes) {
      super(bytes);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
