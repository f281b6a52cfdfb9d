package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatEnd;
import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.errorEvent;
import static io.github.lmstudiojava.client.ChatTestSupport.event;
import static io.github.lmstudiojava.client.ChatTestSupport.json;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ChatTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamFailureTest {
  private static final String REASONING_DELTA =
      event("reasoning.delta", "{\"type\":\"reasoning.delta\",\"content\":\"Let me think.\"}");

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @AfterEach
  void closeClient() {
    if (lms != null) {
      lms.close();
    }
  }

  private ChatStream open(Timeouts timeouts) {
    lms = ChatTestSupport.client(server, timeouts);
    return lms.streamChat(ChatRequest.of("m", "Hi"));
  }

  private ChatStream open() {
    return open(Timeouts.defaults());
  }

  /** Iterates until the stream fails, collecting what it yielded, and returns the failure. */
  private static Throwable drain(ChatStream stream, List<ChatEvent> seen) {
    try {
      for (ChatEvent event : stream) {
        seen.add(event);
      }
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the stream ended without failing; events: " + seen);
  }

  // ---- error events ----

  @Test
  void errorEventThenChatEndYieldsBothThenFailsWithChatEndResult() throws InterruptedException {
    server.enqueue(
        sse(
            chatStart()
                + delta("Par")
                + errorEvent("mcp_connection_error", "Could not reach huggingface")
                + chatEnd("Partial")));
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open()) {
      failure = drain(stream, seen);
    }

    assertThat(seen)
        .extracting(ChatEvent::type)
        .containsExactly("chat.start", "message.delta", "error", "chat.end");
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error())
                  .isEqualTo(
                      new StreamError(
                          "mcp_connection_error", "Could not reach huggingface", null, null));
              // LM Studio's chat.end result, not the text rebuilt from the deltas.
              assertThat(e.partialText()).isEqualTo("Partial");
              assertThat(e.partialResult().responseId()).isEqualTo("resp_1");
              assertThat(e.getMessage())
                  .contains("Could not reach huggingface", "[mcp_connection_error]")
                  .contains(
                      "final result, sent with chat.end after the error, is in partialResult");
              assertThat(e.getCause()).isNull();
            });
    takeChatRequest(server, true);
  }

  @Test
  void errorEventFailsResultEvenWithoutIteration() throws InterruptedException {
    server.enqueue(sse(chatStart() + errorEvent("internal_error", "GPU fell off") + chatEnd("")));

    try (ChatStream stream = open()) {
      assertThatThrownBy(stream::text)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> assertThat(e.error().type()).isEqualTo("internal_error"));
    }
    takeChatRequest(server, true);
  }

  @Test
  void pushErrorEventThenChatEndDeliversBothThenFailsTheFuture() throws InterruptedException {
    server.enqueue(
        sse(chatStart() + delta("Par") + errorEvent("unknown", "boom") + chatEnd("Partial")));
    lms = ChatTestSupport.client(server);
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), seen::add);

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isEqualTo(new StreamError("unknown", "boom", null, null));
              assertThat(e.partialText()).isEqualTo("Partial");
            });
    assertThat(seen)
        .extracting(ChatEvent::type)
        .containsExactly("chat.start", "message.delta", "error", "chat.end");
    takeChatRequest(server, true);
  }

  @Test
  void errorEventWithAPlainStringIsStillTyped() throws InterruptedException {
    server.enqueue(
        sse(
            chatStart()
                + event("error", "{\"type\":\"error\",\"error\":\"Context length exceeded\"}")
                + chatEnd("")));

    try (ChatStream stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e ->
                  assertThat(e.error())
                      .isEqualTo(
                          new StreamError("unknown", "Context length exceeded", null, null)));
    }
    takeChatRequest(server, true);
  }

  @Test
  void errorEventWithoutChatEndFailsWithTheDeltasAndNoClaimOfAFinalResult()
      throws InterruptedException {
    server.enqueue(sse(chatStart() + delta("Par") + errorEvent("unknown", "boom")));
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open()) {
      failure = drain(stream, seen);
    }

    assertThat(seen)
        .extracting(ChatEvent::type)
        .containsExactly("chat.start", "message.delta", "error");
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isEqualTo(new StreamError("unknown", "boom", null, null));
              assertThat(e.partialText()).isEqualTo("Par");
              assertThat(e.partialResult().responseId()).isNull();
              assertThat(e.getMessage()).contains("boom").doesNotContain("chat.end");
            });
    takeChatRequest(server, true);
  }

  // ---- streams that end or break early ----

  @Test
  void streamEndingBeforeChatEndFailsWithTextRebuiltFromDeltas() throws InterruptedException {
    server.enqueue(sse(chatStart() + REASONING_DELTA + delta("Hel") + delta("lo")));
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open()) {
      failure = drain(stream, seen);
    }

    assertThat(seen).hasSize(4);
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isNull();
              assertThat(e.partialText()).isEqualTo("Hello");
              assertThat(e.partialResult().reasoning()).isEqualTo("Let me think.");
              assertThat(e.partialResult().modelInstanceId()).isEqualTo("m");
              assertThat(e.partialResult().stats()).isNull();
              assertThat(e.partialResult().responseId()).isNull();
              assertThat(e.getMessage()).contains("ended before chat.end", "5 characters of text");
            });
    takeChatRequest(server, true);
  }

  @Test
  void askingAgainAfterAFailureThrowsTheSameFailure() throws InterruptedException {
    server.enqueue(sse(chatStart() + delta("Hel")));

    try (ChatStream stream = open()) {
      Iterator<ChatEvent> events = stream.iterator();
      events.next();
      events.next();
      Throwable first = catchThrowable(events::hasNext);

      assertThat(first).isInstanceOf(LmStudioStreamException.class);
      assertThatThrownBy(events::hasNext).isSameAs(first);
      assertThatThrownBy(stream::result).isSameAs(first);
      assertThatThrownBy(stream::text).isSameAs(first);
    }
    takeChatRequest(server, true);
  }

  @Test
  void pushStreamEndingBeforeChatEndFailsWithThePartialText() throws InterruptedException {
    server.enqueue(sse(chatStart() + delta("Hel") + delta("lo")));
    lms = ChatTestSupport.client(server);

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), event -> {});

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class, e -> assertThat(e.partialText()).isEqualTo("Hello"));
    takeChatRequest(server, true);
  }

  @Test
  void emptyEventStreamIsAFailureNotAnEmptyResult() throws InterruptedException {
    // LM Studio answers a prompt longer than the context with status 200 and no events.
    server.enqueue(sse(""));

    try (ChatStream stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.partialResult().output()).isEmpty();
                assertThat(e.getMessage()).contains("context", "Received so far: nothing");
              });
    }
    takeChatRequest(server, true);
  }

  @Test
  void partialResultKeepsToolCallsAndTextInOrder() throws InterruptedException {
    server.enqueue(
        sse(
            chatStart()
                + REASONING_DELTA
                + delta("A")
                + event(
                    "tool_call.success",
                    "{\"type\":\"tool_call.success\",\"tool\":\"t\",\"arguments\":{\"n\":1},"
                        + "\"output\":\"out\",\"provider_info\":{\"type\":\"plugin\","
                        + "\"plugin_id\":\"mcp/x\"}}")
                + delta("B")
                + event(
                    "tool_call.failure",
                    "{\"type\":\"tool_call.failure\",\"reason\":\"bad\",\"metadata\":"
                        + "{\"type\":\"invalid_name\",\"tool_name\":\"u\"}}")
                + event("message.start", "{\"type\":\"message.start\"}")
                + delta("C")
                + event("message.end", "{\"type\":\"message.end\"}")
                + delta("D")));

    try (ChatStream stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e ->
                  assertThat(e.partialResult().output())
                      .containsExactly(
                          new OutputItem.Reasoning("Let me think."),
                          new OutputItem.Message("A"),
                          new OutputItem.ToolCall(
                              "t",
                              Map.of("n", 1L),
                              "out",
                              new ProviderInfo("plugin", "mcp/x", null)),
                          new OutputItem.Message("B"),
                          new OutputItem.InvalidToolCall(
                              "bad",
                              new InvalidToolCallMetadata("invalid_name", "u", Map.of(), null)),
                          new OutputItem.Message("C"),
                          new OutputItem.Message("D")));
    }
    takeChatRequest(server, true);
  }

  @Test
  void connectionDroppedMidBodyFailsWithThePartialText() throws InterruptedException {
    String prefix = chatStart() + delta("Hel") + delta("lo");
    int prefixBytes = prefix.getBytes(StandardCharsets.UTF_8).length;
    // The server closes the socket halfway through the body, inside the long delta that follows
    // the prefix; the throttle makes sure the prefix was flushed first.
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(prefix + delta("x".repeat(4 * prefixBytes)) + chatEnd("never"))
            .throttleBody(prefixBytes, 10, TimeUnit.MILLISECONDS)
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open()) {
      failure = drain(stream, seen);
    }

    assertThat(seen)
        .extracting(ChatEvent::type)
        .containsExactly("chat.start", "message.delta", "message.delta");
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.partialText()).isEqualTo("Hello");
              assertThat(e.error()).isNull();
              assertThat(e.getCause()).isInstanceOf(IOException.class);
              assertThat(e.getMessage())
                  .contains("LM Studio closed the connection in the middle of its answer")
                  .contains("Received so far: 5 characters");
            });
    takeChatRequest(server, true);
  }

  @Test
  void malformedEventJsonFailsNamingTheEventAndKeepsThePartial() throws InterruptedException {
    server.enqueue(
        sse(
            chatStart()
                + delta("Hi")
                + event("tool_call.success", "{\"type\":\"tool_call.success\",\"tool\":")
                + chatEnd("never")));
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open()) {
      failure = drain(stream, seen);
    }

    assertThat(seen).hasSize(2);
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.getMessage()).contains("tool_call.success", "could not be read");
              assertThat(e.partialText()).isEqualTo("Hi");
              assertThat(e.getCause()).isNotNull();
              assertThat(e.error()).isNull();
            });
    takeChatRequest(server, true);
  }

  @Test
  void malformedDeltaAndResultlessChatEndAreStreamErrors() throws InterruptedException {
    server.enqueue(sse(chatStart() + event("message.delta", "not json")));
    try (ChatStream stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOf(LmStudioStreamException.class)
          .hasMessageContaining("message.delta");
    }
    takeChatRequest(server, true);

    server.enqueue(sse(chatStart() + delta("Hi") + event("chat.end", "{\"type\":\"chat.end\"}")));
    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.getMessage()).contains("chat.end");
                assertThat(e.partialText()).isEqualTo("Hi");
              });
    }
    takeChatRequest(server, true);
  }

  // ---- timeouts ----

  @Test
  void idleTimeoutFiresWhenServerStopsMidStream() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + delta("Hel") + delta("lo")));
    List<ChatEvent> seen = new ArrayList<>();

    Throwable failure;
    try (ChatStream stream = open(Timeouts.defaults().withIdle(Duration.ofMillis(300)))) {
      failure = drain(stream, seen);
    }

    assertThat(seen).hasSize(3);
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
              assertThat(e.limit()).isEqualTo(Duration.ofMillis(300));
              assertThat(e.partialText()).isEqualTo("Hello");
              assertThat(e.getMessage()).contains("idle timeout", "Timeouts");
            });
    takeChatRequest(server, true);
  }

  @Test
  void pushIdleTimeoutFailsTheFutureWithThePartialText() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + delta("Hel") + delta("lo")));
    lms = ChatTestSupport.client(server, Timeouts.defaults().withIdle(Duration.ofMillis(300)));

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), event -> {});

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
              assertThat(e.partialText()).isEqualTo("Hello");
            });
    takeChatRequest(server, true);
  }

  @Test
  void firstEventTimeoutFiresWhenHeadersArriveButNoEvent() throws InterruptedException {
    // A keep-alive comment is not an event: it must not satisfy the first-event limit.
    server.enqueue(stalledAfter(": keep-alive\n\n"));

    try (ChatStream stream = open(Timeouts.defaults().withFirstEvent(Duration.ofMillis(300)))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.FIRST_EVENT);
                assertThat(e.limit()).isEqualTo(Duration.ofMillis(300));
                assertThat(e.partialResult().output()).isEmpty();
                assertThat(e.getMessage()).contains("first-event timeout");
              });
    }
    takeChatRequest(server, true);
  }

  @Test
  void firstEventTimeoutFiresFromStreamChatWhenNoHeadersArrive() throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(chatStart() + chatEnd("late"))
            .headersDelay(1, TimeUnit.MINUTES)
            .build());
    lms =
        ChatTestSupport.client(server, Timeouts.defaults().withFirstEvent(Duration.ofMillis(300)));

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.FIRST_EVENT));
    takeChatRequest(server, true);
  }

  @Test
  void perRequestTimeoutsOverrideTheClients() throws InterruptedException {
    server.enqueue(stalledAfter(chatStart() + delta("x")));
    lms = ChatTestSupport.client(server);

    ChatRequest request =
        ChatRequest.builder("m")
            .input("Hi")
            .timeouts(Timeouts.defaults().withIdle(Duration.ofMillis(300)))
            .build();
    try (ChatStream stream = lms.streamChat(request)) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("x");
              });
    }
    takeChatRequest(server, true);
  }

  // ---- HTTP errors and wrong bodies ----

  @Test
  void badRequestIsThrownFromStreamChatItself() throws InterruptedException {
    server.enqueue(
        json(
            400,
            "{\"error\":{\"type\":\"invalid_request\",\"message\":\"\\\"model\\\" is required\","
                + "\"code\":\"missing_required_parameter\",\"param\":\"model\"}}"));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            t -> {
              LmStudioHttpException e = (LmStudioHttpException) t;
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.errorType()).isEqualTo("invalid_request");
              assertThat(e.errorCode()).isEqualTo("missing_required_parameter");
              assertThat(e.param()).isEqualTo("model");
              assertThat(e.serverMessage()).isEqualTo("\"model\" is required");
              assertThat(e.getMessage()).contains("400", "POST /api/v1/chat");
            });
    takeChatRequest(server, true);
  }

  @Test
  void unknownModelIsThrownFromStreamChatAsModelNotFound() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"type\":\"model_not_found\",\"message\":\"Model not found: nope\"}}"));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("nope", "Hi")))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.getMessage()).contains("models().list()");
            });
    takeChatRequest(server, true);
  }

  @Test
  void unauthorizedIsThrownFromStreamChatWithoutTheToken() throws InterruptedException {
    server.enqueue(
        json(401, "{\"error\":{\"type\":\"invalid_request\",\"message\":\"Invalid token\"}}"));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(401);
              assertThat(e.getMessage()).contains("rejected").doesNotContain(ChatTestSupport.TOKEN);
            });
    takeChatRequest(server, true);
  }

  @Test
  void errorObjectWithStatus200IsAnHttpError() throws InterruptedException {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (POST /api/v1/chat)\"}"));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            t -> {
              LmStudioHttpException e = (LmStudioHttpException) t;
              assertThat(e.statusCode()).isEqualTo(200);
              assertThat(e.serverMessage())
                  .isEqualTo("Unexpected endpoint or method. (POST /api/v1/chat)");
              assertThat(e.getMessage()).contains("0.4.0");
            });
    takeChatRequest(server, true);
  }

  @Test
  void aWebPageInsteadOfEventsSaysTheServerIsNotLmStudio() throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/html")
            .body("<html><body>Proxy login</body></html>")
            .build());
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isInstanceOfSatisfying(
            LmStudioConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.NOT_LM_STUDIO);
              assertThat(e.getMessage())
                  .startsWith("The server at " + lms.baseUrl() + " is not LM Studio")
                  .contains("POST /api/v1/chat with a web page (HTTP 200)")
                  .doesNotContain("Proxy login");
            });
    takeChatRequest(server, true);
  }

  @Test
  void jsonResultInsteadOfEventsIsAProtocolError() throws InterruptedException {
    server.enqueue(json(ChatTestSupport.fixture("chat/stateful-response-docs.json")));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.streamChat(ChatRequest.of("m", "Hi")))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("instead of an event stream");
    takeChatRequest(server, true);
  }

  // ---- non-streaming chat ----

  @Test
  void chatWithMalformedJsonIsAProtocolError() throws InterruptedException {
    server.enqueue(json("{\"model_instance_id\": \"m\", \"output\": ["));
    lms = ChatTestSupport.client(server);

    assertThatThrownBy(() -> lms.chat("m", "Hi"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /api/v1/chat");
    takeChatRequest(server, false);
  }

  @Test
  void chatCallTimeoutIsATypedTimeout() throws InterruptedException {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(ChatTestSupport.fixture("chat/stateful-response-docs.json"))
            .headersDelay(1, TimeUnit.MINUTES)
            .build());
    lms = ChatTestSupport.client(server, Timeouts.defaults().withCall(Duration.ofMillis(300)));

    assertThatThrownBy(() -> lms.chat("m", "Hi"))
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.CALL);
              assertThat(e.limit()).isEqualTo(Duration.ofMillis(300));
              assertThat(e.partialResult()).isNull();
              assertThat(e.partialText()).isEmpty();
            });
    takeChatRequest(server, false);
  }

  @Test
  void chatHttpErrorsAreTyped() throws InterruptedException {
    lms = ChatTestSupport.client(server);
    server.enqueue(
        json(404, "{\"error\":{\"type\":\"model_not_found\",\"message\":\"No model nope\"}}"));
    assertThatThrownBy(() -> lms.chat("nope", "Hi")).isInstanceOf(ModelNotFoundException.class);
    takeChatRequest(server, false);

    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (POST /api/v1/chat)\"}"));
    assertThatThrownBy(() -> lms.chat("m", "Hi"))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessageContaining("Unexpected endpoint");
    takeChatRequest(server, false);

    server.enqueue(json(500, "{\"error\":{\"type\":\"internal_error\",\"message\":\"oops\"}}"));
    assertThatThrownBy(() -> lms.chat("m", "Hi"))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            t -> assertThat(((LmStudioHttpException) t).errorType()).isEqualTo("internal_error"));
    takeChatRequest(server, false);
  }
}
