package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.ResponseTestSupport.event;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.sse;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.takeResponsesRequest;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.tree;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decoding streamed responses. {@code stream-all-events.sse} is built by hand in the format of
 * OpenAI's Responses streaming events: LM Studio's docs name only a few events and show no data.
 */
class ResponseStreamTest {
  static final String ALL_EVENTS = fixture("stream-all-events.sse");

  static final List<String> ALL_EVENT_TYPES =
      List.of(
          "response.created",
          "response.in_progress",
          "response.output_item.added",
          "response.reasoning_text.delta",
          "response.reasoning_text.delta",
          "response.reasoning_text.done",
          "response.reasoning_summary_text.delta",
          "response.reasoning_summary_text.done",
          "response.output_item.done",
          "response.output_item.added",
          "response.mcp_list_tools.in_progress",
          "response.mcp_list_tools.completed",
          "response.output_item.done",
          "response.output_item.added",
          "response.mcp_call.in_progress",
          "response.mcp_call_arguments.delta",
          "response.mcp_call_arguments.delta",
          "response.mcp_call_arguments.done",
          "response.mcp_call.completed",
          "response.output_item.done",
          "response.output_item.added",
          "response.function_call_arguments.delta",
          "response.function_call_arguments.delta",
          "response.function_call_arguments.done",
          "response.output_item.done",
          "response.output_item.added",
          "response.content_part.added",
          "response.output_text.delta",
          "response.output_text.annotation.added",
          "response.output_text.delta",
          "response.output_text.done",
          "response.content_part.done",
          "response.output_item.done",
          "response.completed");

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

  /** The completed response of the fixture: every item of the all-items response but two. */
  static ResponseResult completedResult() {
    List<ResponseItem> items = new ArrayList<>(ResponseResultTest.allItems());
    items.remove(7);
    items.remove(6);
    items.remove(3);
    return new ResponseResult(
        "resp_68c9a1b2",
        1760000000L,
        "openai/gpt-oss-20b",
        "completed",
        items,
        new ResponseUsage(120, 48, 168, 9, 0),
        null,
        null,
        null);
  }

  static List<ResponseEvent> replayAll(InputStream in) {
    List<ResponseEvent> events = new ArrayList<>();
    try (EventStream<ResponseEvent, ResponseResult> stream = OpenAi.replayResponse(in)) {
      stream.forEach(events::add);
      assertThat(stream.result()).isEqualTo(completedResult());
    }
    return events;
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replayDecodesEveryEventTypeWithItsFields() {
    List<ResponseEvent> events = replayAll(bytes(ALL_EVENTS));

    assertThat(events).extracting(ResponseEvent::type).isEqualTo(ALL_EVENT_TYPES);
    ResponseResult started =
        new ResponseResult(
            "resp_68c9a1b2",
            1760000000L,
            "openai/gpt-oss-20b",
            "in_progress",
            List.of(),
            null,
            null,
            null,
            null);
    assertThat(events.get(0)).isEqualTo(new ResponseEvent.Created(0, started));
    assertThat(events.get(1)).isEqualTo(new ResponseEvent.InProgress(1, started));
    assertThat(events.get(2))
        .isEqualTo(
            new ResponseEvent.OutputItemAdded(
                2, 0, new ResponseItem.Reasoning("rs_1", List.of(), List.of())));
    assertThat(events.get(3))
        .isEqualTo(new ResponseEvent.ReasoningTextDelta(3, "rs_1", 0, 0, "Need to call "));
    assertThat(events.get(5))
        .isEqualTo(
            new ResponseEvent.ReasoningTextDone(5, "rs_1", 0, 0, "Need to call model_search."));
    assertThat(events.get(6))
        .isEqualTo(
            new ResponseEvent.ReasoningSummaryTextDelta(6, "rs_1", 0, 0, "Search, then answer."));
    assertThat(events.get(7))
        .isEqualTo(
            new ResponseEvent.ReasoningSummaryTextDone(7, "rs_1", 0, 0, "Search, then answer."));
    assertThat(events.get(8))
        .isEqualTo(new ResponseEvent.OutputItemDone(8, 0, completedResult().output().get(0)));
    assertThat(events.get(10))
        .isEqualTo(
            new ResponseEvent.McpListToolsStatus(
                "response.mcp_list_tools.in_progress", 10, "mcpl_1", 1));
    assertThat(events.get(14))
        .isEqualTo(
            new ResponseEvent.McpCallStatus("response.mcp_call.in_progress", 14, "mcp_1", 2));
    assertThat(events.get(15))
        .isEqualTo(
            new ResponseEvent.McpCallArgumentsDelta(
                15, "mcp_1", 2, "{\"sort\":\"trendingScore\","));
    assertThat(events.get(17))
        .isEqualTo(
            new ResponseEvent.McpCallArgumentsDone(
                17, "mcp_1", 2, "{\"sort\":\"trendingScore\",\"limit\":1}"));
    assertThat(events.get(21))
        .isEqualTo(new ResponseEvent.FunctionCallArgumentsDelta(21, "fc_1", 3, "{\"city\":"));
    assertThat(events.get(23))
        .isEqualTo(
            new ResponseEvent.FunctionCallArgumentsDone(23, "fc_1", 3, "{\"city\":\"Paris\"}"));
    assertThat(events.get(26))
        .isEqualTo(
            new ResponseEvent.ContentPartAdded(
                26, "msg_1", 4, 0, new ResponseItem.Content("output_text", "")));
    assertThat(events.get(27))
        .isEqualTo(new ResponseEvent.OutputTextDelta(27, "msg_1", 4, 0, "The top model "));
    assertThat(events.get(30))
        .isEqualTo(
            new ResponseEvent.OutputTextDone(30, "msg_1", 4, 0, "The top model is gpt-oss."));
    assertThat(events.get(31))
        .isEqualTo(
            new ResponseEvent.ContentPartDone(
                31,
                "msg_1",
                4,
                0,
                new ResponseItem.Content("output_text", "The top model is gpt-oss.")));
    assertThat(events.get(33)).isEqualTo(new ResponseEvent.Completed(33, completedResult()));
  }

  @Test
  void unknownEventIsKeptWithItsRawData() {
    List<ResponseEvent> events = replayAll(bytes(ALL_EVENTS));

    assertThat(events.get(28))
        .isEqualTo(
            new ResponseEvent.Unknown(
                "response.output_text.annotation.added",
                "{\"type\":\"response.output_text.annotation.added\",\"sequence_number\":28,"
                    + "\"item_id\":\"msg_1\",\"output_index\":4,\"content_index\":0,"
                    + "\"annotation_index\":0,\"annotation\":{\"type\":\"url_citation\","
                    + "\"url\":\"https://huggingface.co\"}}"));
  }

  @Test
  void bytesSplitAnywhereOrWithCrLfDecodeTheSame() {
    List<ResponseEvent> whole = replayAll(bytes(ALL_EVENTS));

    assertThat(replayAll(trickle(ALL_EVENTS))).isEqualTo(whole);
    assertThat(replayAll(bytes(ALL_EVENTS.replace("\n", "\r\n")))).isEqualTo(whole);
  }

  @Test
  void eventsWithoutNamesAreTypedByDataAndDoneMarkerIsSkipped() {
    StringBuilder unnamed = new StringBuilder();
    for (String line : ALL_EVENTS.split("\n", -1)) {
      if (!line.startsWith("event:")) {
        unnamed.append(line).append('\n');
      }
    }
    unnamed.append("data: [DONE]\n\n");

    assertThat(replayAll(bytes(unnamed.toString()))).isEqualTo(replayAll(bytes(ALL_EVENTS)));
  }

  @Test
  void errorEventIsReadWithTopLevelOrNestedFields() throws IOException {
    ResponseEvent topLevel =
        ResponseEventDecoder.decode(
            new SseEvent(
                "error",
                "{\"type\":\"error\",\"code\":\"context_length_exceeded\",\"message\":\"Too"
                    + " long\",\"param\":\"input\",\"sequence_number\":4}",
                null));
    ResponseEvent nested =
        ResponseEventDecoder.decode(
            new SseEvent(
                null,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request\",\"message\":\"Bad\"}}",
                null));

    assertThat(topLevel)
        .isEqualTo(
            new ResponseEvent.Error(
                4, new StreamError(null, "Too long", "context_length_exceeded", "input")));
    assertThat(nested)
        .isEqualTo(
            new ResponseEvent.Error(null, new StreamError("invalid_request", "Bad", null, null)));
  }

  @Test
  void everyMcpStatusEventKeepsItsName() throws IOException {
    for (String state : List.of("in_progress", "completed", "failed")) {
      String call = "response.mcp_call." + state;
      String list = "response.mcp_list_tools." + state;
      String data = "{\"sequence_number\":1,\"item_id\":\"x\",\"output_index\":2}";

      assertThat(ResponseEventDecoder.decode(new SseEvent(call, data, null)))
          .isEqualTo(new ResponseEvent.McpCallStatus(call, 1, "x", 2));
      assertThat(ResponseEventDecoder.decode(new SseEvent(list, data, null)))
          .isEqualTo(new ResponseEvent.McpListToolsStatus(list, 1, "x", 2));
    }
  }

  @Test
  void pullStreamOverHttpYieldsEventsAndTheCompletedResponse() throws InterruptedException {
    server.enqueue(sse(ALL_EVENTS));
    List<ResponseEvent> events = new ArrayList<>();

    try (EventStream<ResponseEvent, ResponseResult> stream =
        lms.openai().streamResponse(ResponseRequest.of("openai/gpt-oss-20b", "Hello"))) {
      for (ResponseEvent event : stream) {
        events.add(event);
      }
      assertThat(stream.result()).isEqualTo(completedResult());
    }

    assertThat(events).extracting(ResponseEvent::type).isEqualTo(ALL_EVENT_TYPES);
    assertThat(tree(takeResponsesRequest(server, true).getBody().utf8()))
        .isEqualTo(tree(fixture("request-stream-docs.json")));
  }

  @Test
  void resultWithoutIteratingReadsTheWholeStream() throws InterruptedException {
    server.enqueue(sse(ALL_EVENTS));

    try (EventStream<ResponseEvent, ResponseResult> stream =
        lms.openai().streamResponse(ResponseRequest.of("m", "Hi"))) {
      assertThat(stream.result().text()).isEqualTo("The top model is gpt-oss.");
    }
    takeResponsesRequest(server, true);
  }

  @Test
  void pushStreamDeliversEveryEventOffTheCallerThreadAndCompletes() throws Exception {
    server.enqueue(sse(ALL_EVENTS));
    List<ResponseEvent> events = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();

    StreamCall<ResponseResult> call =
        lms.openai()
            .streamResponse(
                ResponseRequest.builder("m").input("Hi").reasoningEffort("low").build(),
                event -> {
                  events.add(event);
                  threads.add(Thread.currentThread());
                });

    assertThat(call.join()).isEqualTo(completedResult());
    assertThat(call.result().get(5, TimeUnit.SECONDS)).isEqualTo(completedResult());
    assertThat(call.isDone()).isTrue();
    assertThat(events).extracting(ResponseEvent::type).isEqualTo(ALL_EVENT_TYPES);
    assertThat(threads).doesNotContain(Thread.currentThread());
    assertThat(tree(takeResponsesRequest(server, true).getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"m\",\"input\":\"Hi\",\"reasoning\":{\"effort\":\"low\"},"
                    + "\"stream\":true}"));
  }
}
