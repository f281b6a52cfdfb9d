package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.ResponseTestSupport.created;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.event;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.json;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.sse;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.takeResponsesRequest;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.textDelta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.Timeouts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseStreamFailureTest {
  private static final String FAILED =
      event(
          "response.failed",
          "{\"type\":\"response.failed\",\"sequence_number\":3,\"response\":{\"id\":\"resp_1\","
              + "\"status\":\"failed\",\"model\":\"m\",\"output\":[],\"error\":"
              + "{\"code\":\"server_error\",\"message\":\"The model crashed\"}}}");

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = ResponseTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  private EventStream<ResponseEvent, ResponseResult> open() {
    return lms.openai().streamResponse(ResponseRequest.of("m", "Hi"));
  }

  /** Iterates to the end; returns what iteration threw, or null. */
  private static Throwable drain(
      EventStream<ResponseEvent, ResponseResult> stream, List<ResponseEvent> seen) {
    try {
      for (ResponseEvent event : stream) {
        seen.add(event);
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void failedEventEndsTheStreamWithItsErrorAndThePartialText() throws InterruptedException {
    server.enqueue(sse(created() + textDelta(1, "Hel") + textDelta(2, "lo") + FAILED));
    List<ResponseEvent> seen = new ArrayList<>();

    Throwable failure;
    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      failure = drain(stream, seen);
      assertThatThrownBy(stream::result).isSameAs(failure);
    }

    assertThat(seen)
        .extracting(ResponseEvent::type)
        .containsExactly(
            "response.created",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.failed");
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error())
                  .isEqualTo(new StreamError(null, "The model crashed", "server_error", null));
              assertThat(e.getMessage()).contains("The model crashed", "[server_error]");
              assertThat(e.partialText()).isEqualTo("Hello");
              ResponseResult partial = (ResponseResult) e.partial();
              assertThat(partial.id()).isEqualTo("resp_1");
              assertThat(partial.status()).isEqualTo("failed");
              assertThat(partial.text()).isEqualTo("Hello");
            });
    takeResponsesRequest(server, true);
  }

  @Test
  void errorEventThenEndOfStreamFailsWithTheErrorAfterYieldingIt() throws InterruptedException {
    server.enqueue(
        sse(
            created()
                + textDelta(1, "Hi")
                + event(
                    "error",
                    "{\"type\":\"error\",\"code\":\"context_length_exceeded\",\"message\":"
                        + "\"Context is full\",\"param\":null,\"sequence_number\":2}")));
    List<ResponseEvent> seen = new ArrayList<>();

    Throwable failure;
    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      failure = drain(stream, seen);
    }

    StreamError error = new StreamError(null, "Context is full", "context_length_exceeded", null);
    assertThat(seen).last().isEqualTo(new ResponseEvent.Error(2, error));
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isEqualTo(error);
              assertThat(e.partialText()).isEqualTo("Hi");
              assertThat(((ResponseResult) e.partial()).id()).isEqualTo("resp_1");
            });
    takeResponsesRequest(server, true);
  }

  @Test
  void errorEventFollowedByFailedReportsTheFailedResponsesError() throws InterruptedException {
    server.enqueue(
        sse(
            created()
                + event("error", "{\"type\":\"error\",\"message\":\"first\",\"code\":\"x\"}")
                + FAILED));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> assertThat(e.error().message()).isEqualTo("The model crashed"));
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void incompleteEventIsAResultWithStatusIncomplete() throws InterruptedException {
    server.enqueue(
        sse(
            created()
                + textDelta(1, "Once upon")
                + event(
                    "response.incomplete",
                    "{\"type\":\"response.incomplete\",\"sequence_number\":2,\"response\":"
                        + "{\"id\":\"resp_1\",\"status\":\"incomplete\",\"incomplete_details\":"
                        + "{\"reason\":\"max_output_tokens\"},\"output\":[{\"type\":\"message\","
                        + "\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"incomplete\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Once upon\"}]}]}}")
                + textDelta(3, "never read")));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      ResponseResult result = stream.result();

      assertThat(result.status()).isEqualTo("incomplete");
      assertThat(result.incompleteReason()).isEqualTo("max_output_tokens");
      assertThat(result.text()).isEqualTo("Once upon");
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void streamCutBeforeCompletedKeepsEveryItemRebuiltFromDeltas() {
    // The full fixture without its completed event and without any output_item.done snapshot:
    // what is left must be rebuilt from the added items and the deltas.
    StringBuilder cut = new StringBuilder();
    for (String block : ResponseStreamTest.ALL_EVENTS.split("\n\n")) {
      if (!block.contains("event: response.output_item.done")
          && !block.contains("event: response.completed")) {
        cut.append(block).append("\n\n");
      }
    }

    EventStream<ResponseEvent, ResponseResult> stream =
        OpenAi.replayResponse(
            new ByteArrayInputStream(cut.toString().getBytes(StandardCharsets.UTF_8)));
    List<ResponseEvent> seen = new ArrayList<>();
    Throwable failure = drain(stream, seen);

    assertThat(seen).hasSize(ResponseStreamTest.ALL_EVENT_TYPES.size() - 6);
    assertThat(failure)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("ended before response.completed", "25 characters of text");
              assertThat(e.error()).isNull();
              assertThat(e.partialText()).isEqualTo("The top model is gpt-oss.");
              ResponseResult partial = (ResponseResult) e.partial();
              assertThat(partial.id()).isEqualTo("resp_68c9a1b2");
              assertThat(partial.status()).isEqualTo("in_progress");
              assertThat(partial.output())
                  .containsExactly(
                      new ResponseItem.Reasoning(
                          "rs_1",
                          List.of("Search, then answer."),
                          List.of("Need to call model_search.")),
                      new ResponseItem.McpListTools("mcpl_1", "huggingface", List.of(), null),
                      new ResponseItem.McpCall(
                          "mcp_1",
                          "huggingface",
                          "model_search",
                          "{\"sort\":\"trendingScore\",\"limit\":1}",
                          null,
                          null),
                      new ResponseItem.FunctionCall(
                          "fc_1", "call_42", "get_weather", "{\"city\":\"Paris\"}", "in_progress"),
                      new ResponseItem.Message(
                          "msg_1",
                          "assistant",
                          "in_progress",
                          List.of(
                              new ResponseItem.Content(
                                  "output_text", "The top model is gpt-oss."))));
            });
  }

  @Test
  void deltasWithoutAnyItemEventStillRebuildTheText() throws InterruptedException {
    server.enqueue(sse(textDelta(0, "Hel") + textDelta(1, "lo")));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.partialText()).isEqualTo("Hello");
                assertThat(((ResponseResult) e.partial()).output())
                    .containsExactly(
                        new ResponseItem.Message(
                            "msg_1",
                            "assistant",
                            "in_progress",
                            List.of(new ResponseItem.Content("output_text", "Hello"))));
              });
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void doneEventsReplaceWhatTheDeltasBuilt() throws InterruptedException {
    server.enqueue(
        sse(
            created()
                + textDelta(1, "Hel")
                + event(
                    "response.output_text.done",
                    "{\"type\":\"response.output_text.done\",\"item_id\":\"msg_1\","
                        + "\"output_index\":0,\"content_index\":0,\"text\":\"Hello\"}")
                + event(
                    "response.function_call_arguments.delta",
                    "{\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"a\"}")
                + event(
                    "response.function_call_arguments.done",
                    "{\"item_id\":\"fc_1\",\"output_index\":1,\"arguments\":\"{}\"}")));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                ResponseResult partial = (ResponseResult) e.partial();
                assertThat(partial.text()).isEqualTo("Hello");
                assertThat(partial.functionCalls())
                    .containsExactly(
                        new ResponseItem.FunctionCall("fc_1", null, null, "{}", "in_progress"));
              });
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void emptyEventStreamIsAFailureNotAnEmptyResult() throws InterruptedException {
    server.enqueue(sse(""));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOf(LmStudioStreamException.class)
          .hasMessageContaining("Received so far: nothing");
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void malformedKnownEventFailsNamingItAndKeepsThePartial() throws InterruptedException {
    server.enqueue(
        sse(
            created()
                + textDelta(1, "Hi")
                + event("response.output_text.delta", "{\"type\":\"response.output_text.delta\"")
                + textDelta(3, "never")));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.getMessage()).contains("response.output_text.delta");
                assertThat(e.partialText()).isEqualTo("Hi");
              });
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void httpErrorIsThrownFromStreamResponseItself() throws InterruptedException {
    server.enqueue(
        json(404, "{\"error\":{\"message\":\"Model not found\",\"code\":\"model_not_found\"}}"));

    assertThatThrownBy(this::open).isInstanceOf(ModelNotFoundException.class);
    takeResponsesRequest(server, true);
  }

  @Test
  void pushFailedEventFailsTheFutureAfterDeliveringEveryEvent() throws InterruptedException {
    server.enqueue(sse(created() + textDelta(1, "Hel") + FAILED));
    List<ResponseEvent> seen = new ArrayList<>();

    StreamCall<ResponseResult> call =
        lms.openai().streamResponse(ResponseRequest.of("m", "Hi"), seen::add);

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class, e -> assertThat(e.partialText()).isEqualTo("Hel"));
    assertThatThrownBy(() -> call.result().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(LmStudioStreamException.class);
    assertThat(seen).last().isInstanceOf(ResponseEvent.Failed.class);
    takeResponsesRequest(server, true);
  }

  @Test
  void closingAPullStreamMidwayCancelsItAndEndsIteration() throws InterruptedException {
    server.enqueue(stalledAfter(created() + textDelta(1, "Hel")));

    EventStream<ResponseEvent, ResponseResult> stream = open();
    Iterator<ResponseEvent> events = stream.iterator();
    assertThat(events.next()).isInstanceOf(ResponseEvent.Created.class);
    assertThat(events.next()).isInstanceOf(ResponseEvent.OutputTextDelta.class);
    stream.close();

    assertThat(events.hasNext()).isFalse();
    assertThatThrownBy(stream::result)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before it finished");
    takeResponsesRequest(server, true);
  }

  @Test
  void cancellingAPushStreamCompletesItWithCancellation() throws InterruptedException {
    server.enqueue(stalledAfter(created() + textDelta(1, "Hel")));
    CountDownLatch sawDelta = new CountDownLatch(1);

    StreamCall<ResponseResult> call =
        lms.openai()
            .streamResponse(
                ResponseRequest.of("m", "Hi"),
                event -> {
                  if (event instanceof ResponseEvent.OutputTextDelta) {
                    sawDelta.countDown();
                  }
                });
    assertThat(sawDelta.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel();

    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    assertThat(call.isDone()).isTrue();
    takeResponsesRequest(server, true);
  }

  @Test
  void idleTimeoutKeepsThePartialText() throws InterruptedException {
    lms.close();
    lms = ResponseTestSupport.client(server, Timeouts.defaults().withIdle(Duration.ofMillis(300)));
    server.enqueue(stalledAfter(created() + textDelta(1, "Hel")));

    try (EventStream<ResponseEvent, ResponseResult> stream = open()) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("Hel");
                assertThat(((ResponseResult) e.partial()).id()).isEqualTo("resp_1");
              });
    }
    takeResponsesRequest(server, true);
  }
}
