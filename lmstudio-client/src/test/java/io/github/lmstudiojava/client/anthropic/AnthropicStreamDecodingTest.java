package io.github.lmstudiojava.client.anthropic;

import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.MESSAGE_START;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.MESSAGE_STOP;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.blockStop;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.bytes;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.event;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.fixture;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.fixtureStream;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.messageDelta;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.textDelta;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.textStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.StreamError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding of recorded {@code /v1/messages} streams, fed as raw bytes. */
class AnthropicStreamDecodingTest {
  private static final Message START =
      new Message(
          "msg_014p7gG3wDgGV9EUtLvnow3U",
          "message",
          "assistant",
          "ibm/granite-4-micro",
          List.of(),
          null,
          null,
          new Usage(472, 2, null, null));

  static final Map<String, Object> WEATHER_INPUT =
      Map.of(
          "location",
          "San Francisco, CA",
          "unit",
          "fahrenheit",
          "days",
          12L,
          "note",
          "say \"hi\" \u2600");

  private static List<MessageStreamEvent> drain(EventStream<MessageStreamEvent, Message> stream) {
    List<MessageStreamEvent> events = new ArrayList<>();
    for (MessageStreamEvent event : stream) {
      events.add(event);
    }
    return events;
  }

  @Test
  void textStreamDecodesEveryEventAndRebuildsTheMessage() {
    try (EventStream<MessageStreamEvent, Message> stream =
        Anthropic.replay(fixtureStream("anthropic/stream-text.sse"))) {
      List<MessageStreamEvent> events = drain(stream);

      assertThat(events)
          .containsExactly(
              new MessageStreamEvent.MessageStart(START),
              new MessageStreamEvent.ContentBlockStart(0, new ContentBlock.Text("")),
              new MessageStreamEvent.Ping(),
              new MessageStreamEvent.ContentBlockDelta(0, new ContentDelta.TextDelta("Hello")),
              new MessageStreamEvent.ContentBlockDelta(
                  0, new ContentDelta.TextDelta(" from LM Studio \u2600")),
              new MessageStreamEvent.ContentBlockStop(0),
              new MessageStreamEvent.MessageDelta(
                  "end_turn", null, new Usage(null, 15, null, null)),
              new MessageStreamEvent.MessageStop());
      assertThat(events)
          .extracting(MessageStreamEvent::type)
          .containsExactly(
              "message_start",
              "content_block_start",
              "ping",
              "content_block_delta",
              "content_block_delta",
              "content_block_stop",
              "message_delta",
              "message_stop");
      assertThat(stream.result())
          .isEqualTo(
              new Message(
                  "msg_014p7gG3wDgGV9EUtLvnow3U",
                  "message",
                  "assistant",
                  "ibm/granite-4-micro",
                  List.of(new ContentBlock.Text("Hello from LM Studio \u2600")),
                  "end_turn",
                  null,
                  new Usage(472, 15, null, null)));
    }
  }

  @Test
  void toolInputSplitAnywhereIsJoinedAndThinkingKeepsItsSignature() {
    Message expected =
        new Message(
            "msg_tool",
            "message",
            "assistant",
            "ibm/granite-4-micro",
            List.of(
                new ContentBlock.Thinking(
                    "The user wants weather, so call get_weather.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
                new ContentBlock.Text("Let me check."),
                new ContentBlock.ToolUse(
                    "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", WEATHER_INPUT)),
            "tool_use",
            null,
            new Usage(472, 89, null, null));

    try (EventStream<MessageStreamEvent, Message> stream =
        Anthropic.replay(fixtureStream("anthropic/stream-tool-use.sse"))) {
      List<MessageStreamEvent> events = drain(stream);

      assertThat(events)
          .filteredOn(e -> e instanceof MessageStreamEvent.ContentBlockDelta)
          .extracting(e -> ((MessageStreamEvent.ContentBlockDelta) e).delta())
          .filteredOn(d -> d instanceof ContentDelta.InputJsonDelta)
          .extracting(d -> ((ContentDelta.InputJsonDelta) d).partialJson())
          .containsExactly(
              "{\"locat",
              "ion\": \"San Fran",
              "cisco, CA\", \"unit\": \"f",
              "ahrenheit\", \"days\": 1",
              "2, \"note\": \"say \\",
              "\"h",
              "i\\\" ",
              "\u2600\"}");
      assertThat(events)
          .contains(
              new MessageStreamEvent.ContentBlockDelta(
                  0, new ContentDelta.SignatureDelta("EqQBCgIYAhIM1gbcDa9GJwZA2b3h")));
      assertThat(stream.result()).isEqualTo(expected);
      assertThat(stream.result().toolUses().get(0).input().get("days")).isEqualTo(12L);
    }
  }

  @Test
  void bytesArrivingOneAtATimeDecodeTheSame() {
    String recorded = fixture("anthropic/stream-tool-use.sse");
    Message whole;
    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(recorded))) {
      whole = stream.result();
    }

    // Every read returns one byte: events, lines and UTF-8 sequences are all cut mid-way.
    try (EventStream<MessageStreamEvent, Message> trickled =
        Anthropic.replay(new OneByteAtATime(bytes(recorded)))) {
      assertThat(trickled.result()).isEqualTo(whole);
    }
    try (EventStream<MessageStreamEvent, Message> crlf =
        Anthropic.replay(bytes(recorded.replace("\n", "\r\n")))) {
      assertThat(crlf.result()).isEqualTo(whole);
    }
  }

  @Test
  void pingsAndUnknownEventsAndDeltasAreYieldedButLeaveTheResultAlone() {
    String sse =
        MESSAGE_START
            + event("ping", "{\"type\": \"ping\"}")
            + event("content_block_future", "not json at all")
            + textStart(0)
            + textDelta(0, "Hi")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"n\":1}}}")
            + event("ping", "{\"type\": \"ping\"}")
            + blockStop(0)
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,"
                    + "\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"s1\"}}")
            + blockStop(1)
            + messageDelta("end_turn", 3)
            + MESSAGE_STOP;

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      List<MessageStreamEvent> events = drain(stream);

      assertThat(events)
          .contains(
              new MessageStreamEvent.Unknown("content_block_future", "not json at all"),
              new MessageStreamEvent.ContentBlockDelta(
                  0,
                  new ContentDelta.Unknown(
                      "citations_delta", "{\"type\":\"citations_delta\",\"citation\":{\"n\":1}}")));
      assertThat(events).filteredOn(e -> e instanceof MessageStreamEvent.Ping).hasSize(2);
      assertThat(stream.result().content())
          .containsExactly(
              new ContentBlock.Text("Hi"),
              new ContentBlock.Unknown(
                  "server_tool_use", "{\"type\":\"server_tool_use\",\"id\":\"s1\"}"));
      assertThat(stream.result().usage()).isEqualTo(new Usage(5, 3, null, null));
    }
  }

  @Test
  void eventsWithoutAnEventLineAreTypedByTheirData() {
    String sse =
        (MESSAGE_START + textStart(0) + textDelta(0, "Hi") + blockStop(0) + MESSAGE_STOP)
            .replaceAll("event: [a-z_]+\n", "");

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThat(drain(stream)).hasSize(5).last().isEqualTo(new MessageStreamEvent.MessageStop());
      assertThat(stream.result().text()).isEqualTo("Hi");
    }
  }

  @Test
  void errorEventIsYieldedThenFailsTheStreamWithWhatArrived() {
    String sse =
        MESSAGE_START
            + textStart(0)
            + textDelta(0, "Par")
            + event(
                "error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                    + "\"message\": \"Overloaded\"}}")
            + textDelta(0, "never read");
    List<MessageStreamEvent> seen = new ArrayList<>();

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(
              () -> {
                for (MessageStreamEvent event : stream) {
                  seen.add(event);
                }
              })
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error())
                    .isEqualTo(new StreamError("overloaded_error", "Overloaded", null, null));
                assertThat(e.partialText()).isEqualTo("Par");
                assertThat(e.partial()).isInstanceOf(Message.class);
                assertThat(((Message) e.partial()).text()).isEqualTo("Par");
                assertThat(((Message) e.partial()).id()).isEqualTo("msg_1");
                assertThat(e.partialResult()).isNull();
                assertThat(e.getMessage()).contains("Overloaded", "overloaded_error");
              });
      assertThatThrownBy(stream::result).isInstanceOf(LmStudioStreamException.class);
    }
    assertThat(seen)
        .last()
        .isEqualTo(
            new MessageStreamEvent.Error(
                new StreamError("overloaded_error", "Overloaded", null, null)));
  }

  @Test
  void streamEndingBeforeMessageStopFailsWithThePartialMessage() {
    String sse = MESSAGE_START + textStart(0) + textDelta(0, "Hel") + textDelta(0, "lo");

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error()).isNull();
                assertThat(e.partialText()).isEqualTo("Hello");
                assertThat(((Message) e.partial()).content())
                    .containsExactly(new ContentBlock.Text("Hello"));
                assertThat(e.getMessage()).contains("message_stop", "5 characters of text");
              });
    }
  }

  @Test
  void emptyStreamFailsWithAnEmptyPartialMessage() {
    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(""))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(((Message) e.partial()).content()).isEmpty();
                assertThat(e.getMessage()).contains("Received so far: nothing");
              });
    }
  }

  @Test
  void toolCallCutOffMidInputKeepsTheCallInThePartialMessage() {
    String sse =
        MESSAGE_START
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": 1\"}}");

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(((Message) e.partial()).toolUses())
                    .containsExactly(new ContentBlock.ToolUse("t1", "f", Map.of()));
                assertThat(e.getMessage()).contains("1 tool call(s)");
              });
    }
  }

  @Test
  void completeStreamWhoseToolInputIsNotJsonFailsInsteadOfDroppingIt() {
    String sse =
        MESSAGE_START
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{oops\"}}")
            + blockStop(0)
            + MESSAGE_STOP;

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(stream::result)
          .isInstanceOf(LmStudioStreamException.class)
          .hasMessageContaining("tool call f")
          .hasMessageContaining("{oops");
    }
  }

  @Test
  void malformedEventDataFailsTheStreamKeepingWhatArrived() {
    String sse =
        MESSAGE_START
            + textStart(0)
            + textDelta(0, "Hi")
            + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,")
            + MESSAGE_STOP;

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.partialText()).isEqualTo("Hi");
                assertThat(e.getMessage()).contains("content_block_delta", "could not be read");
              });
    }
  }

  @Test
  void knownEventMissingARequiredFieldIsMalformed() {
    String sse =
        MESSAGE_START
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}");

    try (EventStream<MessageStreamEvent, Message> stream = Anthropic.replay(bytes(sse))) {
      assertThatThrownBy(stream::result)
          .isInstanceOf(LmStudioStreamException.class)
          .hasMessageContaining("without \"index\"");
    }
  }

  @Test
  void accumulatorRebuildsDeltasThatArriveWithoutTheirBlockStart() {
    MessageAccumulator accumulator = new MessageAccumulator();
    accumulator.accept(
        new MessageStreamEvent.ContentBlockDelta(0, new ContentDelta.TextDelta("A")));
    accumulator.accept(
        new MessageStreamEvent.ContentBlockDelta(1, new ContentDelta.ThinkingDelta("why")));
    accumulator.accept(
        new MessageStreamEvent.ContentBlockDelta(2, new ContentDelta.InputJsonDelta("{\"k\":")));
    accumulator.accept(
        new MessageStreamEvent.ContentBlockDelta(2, new ContentDelta.InputJsonDelta("[1]}")));
    // A delta that does not fit its block is ignored rather than corrupting it.
    accumulator.accept(
        new MessageStreamEvent.ContentBlockDelta(0, new ContentDelta.InputJsonDelta("{}")));
    accumulator.accept(new MessageStreamEvent.MessageDelta("max_tokens", null, null));

    assertThat(accumulator.isComplete()).isFalse();
    Message message = accumulator.message();
    assertThat(message.content())
        .containsExactly(
            new ContentBlock.Text("A"),
            new ContentBlock.Thinking("why", null),
            new ContentBlock.ToolUse(null, null, Map.of("k", List.of(1L))));
    assertThat(message.stopReason()).isEqualTo("max_tokens");
    assertThat(message.type()).isEqualTo("message");
    assertThat(message.role()).isEqualTo("assistant");
    assertThat(accumulator.text()).isEqualTo("A");
    accumulator.accept(new MessageStreamEvent.MessageStop());
    assertThat(accumulator.isComplete()).isTrue();
  }

  /** Hands out one byte per read, as a slow network might. */
  private static final class OneByteAtATime extends FilterInputStream {
    OneByteAtATime(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
