package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import io.github.lmstudiojava.testing.RawHttp.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted replies and faults on the compatible endpoints. */
class FakeCompatFaultsTest {
  private static final String CHAT =
      "{\"model\":\"ibm/granite-4-micro\",\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"}]}";
  private static final String MESSAGES =
      "{\"model\":\"ibm/granite-4-micro\",\"max_tokens\":64,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"}]}";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void scriptedReplyAnswersTheNextCompatibleRequestOnce() {
    fake.enqueue(FakeReply.status(503).withHeader("Retry-After", "2"));

    Answer scripted = RawHttp.post(fake, "/v1/chat/completions", CHAT);
    Answer served = RawHttp.post(fake, "/v1/chat/completions", CHAT);

    assertThat(scripted.status()).isEqualTo(503);
    assertThat(scripted.body()).isEmpty();
    assertThat(served.status()).isEqualTo(200);
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly("POST /v1/chat/completions", "POST /v1/chat/completions");
  }

  @Test
  void scriptedOpenAiStreamWithAnErrorIsSentAsBuilt() {
    fake.enqueue(
        FakeReply.sse(
            new SseBody()
                .data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[]}")
                .openAiError("server_error", "the model crashed")
                .done()));

    List<Frame> frames = RawHttp.post(fake, "/v1/chat/completions", CHAT).frames();

    assertThat(frames).extracting(Frame::event).containsOnlyNulls();
    assertThat(frames.get(1).data())
        .isEqualTo(
            "{\"error\":{\"message\":\"the model crashed\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":null}}");
    assertThat(frames.get(2).data()).isEqualTo("[DONE]");
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void scriptedAnthropicErrorEventIsNamedError() {
    fake.enqueue(
        FakeReply.sse(
            new SseBody()
                .anthropicEvent("message_start", "\"message\":{\"id\":\"m\"}")
                .anthropicError("overloaded_error", "Overloaded")));

    List<Frame> frames = RawHttp.post(fake, "/v1/messages", MESSAGES).frames();

    assertThat(frames).extracting(Frame::event).containsExactly("message_start", "error");
    assertThat(frames.get(1).data())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}");
    assertThat(fake.takeRequest().line()).isEqualTo("POST /v1/messages");
  }

  @Test
  void cutChatCompletionStreamBreaksAfterTheGivenChunks() {
    fake.enqueue(FakeReply.cutAfter(2));

    assertThatThrownBy(() -> RawHttp.post(fake, "/v1/chat/completions", CHAT))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void cutJsonAnswerOfTheResponsesEndpointBreaksHalfWay() {
    fake.enqueue(FakeReply.cutAfter(0));

    assertThatThrownBy(
            () ->
                RawHttp.post(
                    fake, "/v1/responses", "{\"model\":\"ibm/granite-4-micro\",\"input\":\"x\"}"))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/responses");
  }

  @Test
  void stalledAnthropicStreamSendsItsFirstEventsThenNothingUntilClosed() throws IOException {
    fake.enqueue(FakeReply.stallAfter(3));
    List<String> events = new ArrayList<>();

    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                RawHttp.postForStream(fake, "/v1/messages", MESSAGES), StandardCharsets.UTF_8))) {
      while (events.size() < 3) {
        String line = reader.readLine();
        if (line.startsWith("event: ")) {
          events.add(line.substring(7));
        }
      }
      fake.close();
      List<String> rest = new ArrayList<>();
      try {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          rest.add(line);
        }
      } catch (IOException expected) {
        // The fake drops the stalled connection when it closes.
      }
      assertThat(rest).noneMatch(line -> line.startsWith("event: "));
    }
    assertThat(events).containsExactly("message_start", "content_block_start", "ping");
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/messages");
  }

  @Test
  void unknownCompatiblePathGetsLmStudiosUnexpectedEndpointAnswer() {
    Answer answer = RawHttp.get(fake, "/v1/files");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json())
        .containsEntry("error", "Unexpected endpoint or method. (GET /v1/files)");
    assertThat(fake.takeRequest().method()).isEqualTo("GET");
  }
}
