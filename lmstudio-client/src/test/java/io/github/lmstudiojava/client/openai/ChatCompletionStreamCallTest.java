package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.TOKEN;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.chunk;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.content;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.data;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.helloStream;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.sse;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.texts;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.Timeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed chat completions over HTTP: pull, push, cancellation, timeouts and HTTP errors. */
class ChatCompletionStreamCallTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String SENT =
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
          + " \"stream\": true}";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = OpenAiTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  /**
   * An event stream that sends {@code prefix} at once and then goes silent for a minute, as a
   * stalled generation would; a leading comment pads the first throttled period.
   */
  private static MockResponse stalledAfter(String prefix) {
    String padded = ":" + " ".repeat(1024) + "\n" + prefix;
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(padded + chunk(content("never sent"), "stop"))
        .throttleBody(padded.getBytes(StandardCharsets.UTF_8).length, 1, TimeUnit.MINUTES)
        .build();
  }

  @Test
  void pullStreamYieldsEachChunkThenTheWholeCompletion() throws Exception {
    server.enqueue(sse(helloStream()));

    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(ChatCompletionRequest.of("m", "Hi"))) {
      assertThat(texts(stream.events().toList())).containsExactly("", "Hel", "lo!", "");
      ChatCompletion completion = stream.result();
      assertThat(completion.text()).isEqualTo("Hello!");
      assertThat(completion.id()).isEqualTo("chatcmpl-1");
      assertThat(completion.model()).isEqualTo("qwen/qwen3-4b");
    }

    assertThat(takePost(server, PATH, true)).isEqualTo(tree(SENT));
  }

  @Test
  void pushStreamDeliversEachChunkThenCompletesTheFuture() throws Exception {
    server.enqueue(sse(helloStream()));
    List<ChatCompletionChunk> seen = new CopyOnWriteArrayList<>();

    StreamCall<ChatCompletion> call =
        lms.openai().streamChatCompletion(ChatCompletionRequest.of("m", "Hi"), seen::add);

    assertThat(call.result().get(5, TimeUnit.SECONDS).text()).isEqualTo("Hello!");
    assertThat(call.isDone()).isTrue();
    assertThat(texts(seen)).containsExactly("", "Hel", "lo!", "");
    assertThat(takePost(server, PATH, true)).isEqualTo(tree(SENT));
  }

  @Test
  void pushStreamWithAnErrorObjectFailsTheFutureWithThePartial() throws Exception {
    server.enqueue(
        sse(
            chunk(content("Half"), null)
                + data("{\"error\":{\"message\":\"Out of memory\",\"type\":\"server_error\"}}")));

    StreamCall<ChatCompletion> call =
        lms.openai().streamChatCompletion(ChatCompletionRequest.of("m", "Hi"), chunk -> {});

    assertThatThrownBy(() -> call.result().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LmStudioStreamException.class);
    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error().message()).isEqualTo("Out of memory");
              assertThat(e.error().type()).isEqualTo("server_error");
              assertThat(((ChatCompletion) e.partial()).text()).isEqualTo("Half");
              assertThat(e.getMessage()).contains("POST /v1/chat/completions");
            });
    takePost(server, PATH, true);
  }

  @Test
  void unknownModelFailsWhenTheStreamOpens() throws Exception {
    String error =
        "{\"error\": {\"message\": \"Model \\\"x\\\" not found.\", \"type\":"
            + " \"invalid_request_error\", \"param\": \"model\", \"code\": \"model_not_found\"}}";
    server.enqueue(json(404, error));
    server.enqueue(json(404, error));

    assertThatThrownBy(() -> lms.openai().streamChatCompletion(ChatCompletionRequest.of("x", "Hi")))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("Model \"x\" not found.");
    StreamCall<ChatCompletion> call =
        lms.openai().streamChatCompletion(ChatCompletionRequest.of("x", "Hi"), chunk -> {});
    assertThatThrownBy(call::join).isInstanceOf(ModelNotFoundException.class);

    for (int i = 0; i < 2; i++) {
      assertThat(takePost(server, PATH, true))
          .isEqualTo(tree(SENT.replace("\"model\": \"m\"", "\"model\": \"x\"")));
    }
  }

  @Test
  void closingAPullStreamCancelsTheCallAndEndsIteration() throws Exception {
    server.enqueue(stalledAfter(chunk(content("Once"), null)));
    EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(ChatCompletionRequest.of("m", "Hi"));
    Iterator<ChatCompletionChunk> chunks = stream.iterator();
    assertThat(chunks.next().text()).isEqualTo("Once");

    stream.close();

    assertThat(chunks.hasNext()).isFalse();
    assertThatThrownBy(stream::result).isInstanceOf(IllegalStateException.class);
    takePost(server, PATH, true);
  }

  @Test
  void cancellingAPushStreamCompletesItWithCancellation() throws Exception {
    server.enqueue(stalledAfter(chunk(content("Once"), null)));
    CountDownLatch first = new CountDownLatch(1);

    StreamCall<ChatCompletion> call =
        lms.openai()
            .streamChatCompletion(ChatCompletionRequest.of("m", "Hi"), chunk -> first.countDown());
    assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
    call.cancel();

    assertThat(call.isDone()).isTrue();
    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    takePost(server, PATH, true);
  }

  @Test
  void idleStreamTimesOutWithThePartialCompletion() throws Exception {
    server.enqueue(stalledAfter(chunk(content("Once"), null)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.user("Hi"))
            .timeouts(Timeouts.defaults().withIdle(Duration.ofMillis(200)))
            .build();

    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(request)) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.partialText()).isEqualTo("Once");
                assertThat(((ChatCompletion) e.partial()).text()).isEqualTo("Once");
              });
    }
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + TOKEN);
  }
}
