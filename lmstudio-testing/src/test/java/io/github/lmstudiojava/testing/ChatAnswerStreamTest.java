package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native event stream formatted as it is sent, and sent in chunks. */
class ChatAnswerStreamTest {
  private static final String ID = "qwen/qwen3-4b";
  private static final String PROVIDER = "{\"type\":\"plugin\",\"plugin_id\":\"mcp/fetch\"}";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void theStreamIsEventForEventWhatTheBodyBuilderWrites() {
    Map<String, Object> call =
        Json.object(
            "type", "tool_call",
            "tool", "fetch",
            "arguments", Json.object("url", "https://example.com"),
            "output", "page",
            "provider_info", Json.parseObject(PROVIDER));
    ChatAnswer answer =
        new ChatAnswer(
            ID,
            1.5,
            "Think it over",
            List.of(call),
            "Hello big world",
            Json.object("input_tokens", 3),
            "resp_1");

    Reply reply = answer.stream(70, 9);

    String arguments = "{\"url\":\"https://example.com\"}";
    SseBody expected =
        new SseBody()
            .chatStart(ID)
            .modelLoadStart(ID)
            .modelLoadProgress(ID, 0.5)
            .modelLoadProgress(ID, 1.0)
            .modelLoadEnd(ID, 1.5)
            .promptProcessingStart()
            .promptProcessingProgress(0.5)
            .promptProcessingProgress(1.0)
            .promptProcessingEnd()
            .reasoningStart()
            .reasoningDelta("Think")
            .reasoningDelta(" it")
            .reasoningDelta(" over")
            .reasoningEnd()
            .toolCallStart("fetch", PROVIDER)
            .toolCallArguments("fetch", arguments, PROVIDER)
            .toolCallSuccess("fetch", arguments, "page", PROVIDER)
            .messageStart()
            .messageDelta("Hello")
            .messageDelta(" big")
            .messageDelta(" world")
            .messageEnd()
            .chatEnd(Json.write(answer.result()));
    assertThat(reply.frames()).containsExactlyElementsOf(expected.frames());
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      delays.add(0L);
    }
    delays.addAll(List.of(70L, 9L, 9L, 0L, 0L, 0L, 0L, 0L, 9L, 9L, 9L, 0L, 0L));
    assertThat(reply.delaysNanos()).isEqualTo(delays);
  }

  @Test
  void withoutReasoningTheFirstMessageDeltaWaitsForTheFirstToken() {
    ChatAnswer answer = new ChatAnswer(ID, null, null, List.of(), "a b", Map.of(), null);

    Reply reply = answer.stream(50, 5);

    // chat.start, four prompt-processing events, message.start, two deltas, message.end, chat.end
    assertThat(reply.frames()).hasSize(10);
    assertThat(reply.frames().get(6))
        .isEqualTo(SseBody.nativeEventFrame("message.delta", "\"content\":\"a\""));
    assertThat(reply.delaysNanos()).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 50L, 5L, 0L, 0L);
  }

  @Test
  void framesAreMadeWhenReadAndTheTailOnce() {
    AtomicInteger made = new AtomicInteger();
    AtomicInteger tails = new AtomicInteger();
    Frames frames =
        Frames.concat(
            List.of(
                List.of("a", "b"),
                List.of(),
                Frames.mapped(
                    List.of("x", "y", "z"),
                    piece -> {
                      made.incrementAndGet();
                      return piece.toUpperCase();
                    }),
                Frames.later(
                    2,
                    () -> {
                      tails.incrementAndGet();
                      return List.of("end1", "end2");
                    })));

    assertThat(made).hasValue(0);
    assertThat(tails).hasValue(0);
    assertThat(frames).hasSize(7);
    assertThat(frames.get(3)).isEqualTo("Y");
    assertThat(made).hasValue(1);
    assertThat(frames).containsExactly("a", "b", "X", "Y", "Z", "end1", "end2");
    assertThat(frames.get(6)).isEqualTo("end2");
    assertThat(tails).hasValue(1);
    assertThatThrownBy(() -> frames.get(7)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> frames.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> frames.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aTailOfAnotherSizeThanAnnouncedIsRefused() {
    Frames frames = Frames.later(2, () -> List.of("only"));

    assertThatThrownBy(() -> frames.get(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("1 frames made, 2 announced");
  }

  @Test
  void aStreamIsSentInChunksWithoutContentLength() {
    RawHttp.Answer answer =
        RawHttp.post(
            fake,
            "/api/v1/chat",
            "{\"model\":\""
                + FakeModel.LOADED_LLM
                + "\",\"input\":\"count to 3\",\"stream\":true}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("text/event-stream");
    assertThat(answer.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(answer.headers().firstValue("Content-Length")).isEmpty();
    List<RawHttp.Frame> frames = answer.frames();
    assertThat(frames.get(0).event()).isEqualTo("chat.start");
    assertThat(frames.stream().filter(f -> "message.delta".equals(f.event())))
        .extracting(f -> f.json().get("content"))
        .containsExactly("1", " 2", " 3");
    assertThat(frames.get(frames.size() - 1).event()).isEqualTo("chat.end");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/api/v1/chat");
    assertThat(sent.json()).containsEntry("input", "count to 3").containsEntry("stream", true);
  }

  @Test
  void aJsonAnswerStillAnnouncesItsLength() {
    RawHttp.Answer answer =
        RawHttp.post(
            fake,
            "/api/v1/chat",
            "{\"model\":\"" + FakeModel.LOADED_LLM + "\",\"input\":\"count to 3\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Length"))
        .hasValue(
            String.valueOf(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(answer.headers().firstValue("Transfer-Encoding")).isEmpty();
    assertThat(fake.takeRequest().json()).containsEntry("input", "count to 3");
  }
}
