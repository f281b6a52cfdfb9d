package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatEnd;
import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.event;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ClientTestSupport.RecordingSleeper;
import io.github.lmstudiojava.client.LmStudioListener.CallInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LmStudioListenerTest {
  private static final String STATS_END =
      event(
          "chat.end",
          "{\"type\":\"chat.end\",\"result\":{\"model_instance_id\":\"m\",\"output\":"
              + "[{\"type\":\"message\",\"content\":\"Hi there\"}],\"stats\":{\"input_tokens\":3,"
              + "\"total_output_tokens\":2,\"tokens_per_second\":41.5,"
              + "\"time_to_first_token_seconds\":0.12}}}");

  @StartStop final MockWebServer server = new MockWebServer();

  private final Recorder recorder = new Recorder();
  private LmStudio lms;

  @BeforeEach
  void setUp() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
    lms = clientFor(server, new RecordingSleeper()).listener(recorder).build();
  }

  @AfterEach
  void tearDown() {
    lms.close();
  }

  @Test
  void aReadStartsAndEndsWithItsStatus() throws Exception {
    server.enqueue(json("{\"models\": []}"));

    lms.models().list();

    assertThat(recorder.events)
        .containsExactly("start GET /api/v1/models", "end GET /api/v1/models 200");
    assertGet(server.takeRequest(), "/api/v1/models", null);
  }

  @Test
  void aRetriedReadIsOneCallWithItsRetries() throws Exception {
    server.enqueue(json(503, "{\"error\": \"busy\"}"));
    server.enqueue(json("{\"models\": []}"));

    lms.models().list();

    assertThat(recorder.events)
        .containsExactly(
            "start GET /api/v1/models",
            "retry GET /api/v1/models 1 PT0.25S HTTP 503",
            "end GET /api/v1/models 200");
    assertGet(server.takeRequest(), "/api/v1/models", null);
    assertGet(server.takeRequest(), "/api/v1/models", null);
  }

  @Test
  void aRefusedCallFailsWithWhatTheCallerGets() throws Exception {
    server.enqueue(json(401, "{\"error\":{\"message\":\"Invalid API key\"}}"));

    assertThatThrownBy(() -> lms.chat("m", "Hello"))
        .isInstanceOf(LmStudioAuthenticationException.class);

    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat", "failed POST /api/v1/chat LmStudioAuthenticationException");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
  }

  @Test
  void aChatReportsItsStats() throws Exception {
    server.enqueue(
        json(
            "{\"model_instance_id\":\"m\",\"output\":[{\"type\":\"message\",\"content\":\"Hi\"}],"
                + "\"stats\":{\"input_tokens\":3,\"total_output_tokens\":1,"
                + "\"tokens_per_second\":20.0}}"));

    assertThat(lms.chat("m", "Hello").text()).isEqualTo("Hi");

    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat",
            "stats POST /api/v1/chat m 20.0",
            "end POST /api/v1/chat 200");
    assertThat(ClientTestSupport.tree(server.takeRequest().getBody().utf8()))
        .isEqualTo(ClientTestSupport.tree("{\"model\":\"m\",\"input\":\"Hello\"}"));
  }

  @Test
  void aStreamReportsLoadProgressTokensAndStats() throws Exception {
    server.enqueue(
        sse(
            chatStart()
                + event(
                    "model_load.progress",
                    "{\"type\":\"model_load.progress\",\"model_instance_id\":\"m\","
                        + "\"progress\":0.5}")
                + event("reasoning.delta", "{\"type\":\"reasoning.delta\",\"content\":\"Hmm\"}")
                + delta("Hi")
                + delta(" there")
                + STATS_END));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hello"))) {
      for (ChatEvent ignored : stream) {
        // read to the end
      }
      assertThat(stream.result().text()).isEqualTo("Hi there");
    }

    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat (stream)",
            "load POST /api/v1/chat (stream) 0.5",
            "first POST /api/v1/chat (stream)",
            "token",
            "token",
            "token",
            "stats POST /api/v1/chat (stream) m 41.5",
            "end POST /api/v1/chat (stream) 200");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(ClientTestSupport.tree(sent.getBody().utf8()))
        .isEqualTo(ClientTestSupport.tree("{\"model\":\"m\",\"input\":\"Hello\",\"stream\":true}"));
  }

  @Test
  void aStreamCutMidwayFailsOnce() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(chatStart() + delta("Hi") + chatEnd("never"))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());

    assertThatThrownBy(
            () -> {
              try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hello"))) {
                for (ChatEvent ignored : stream) {
                  // read until it breaks
                }
              }
            })
        .isInstanceOf(LmStudioStreamException.class);

    assertThat(recorder.events).first().isEqualTo("start POST /api/v1/chat (stream)");
    assertThat(recorder.events)
        .last()
        .isEqualTo("failed POST /api/v1/chat (stream) LmStudioStreamException");
    assertThat(
            recorder.events.stream().filter(e -> e.startsWith("end ") || e.startsWith("failed ")))
        .hasSize(1);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/chat");
  }

  @Test
  void aStreamClosedBeforeItsEndIsACancellation() throws Exception {
    server.enqueue(sse(chatStart() + delta("Hi") + delta(" there") + STATS_END));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hello"))) {
      assertThat(stream.iterator().next()).isInstanceOf(ChatEvent.ChatStart.class);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat (stream)",
            "failed POST /api/v1/chat (stream) CancellationException");
    assertThat(recorder.failures).singleElement().isInstanceOf(CancellationException.class);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/chat");
  }

  @Test
  void aBackgroundStreamThatCannotConnectFailsWithWhatTheCallerGets() {
    try (LmStudio client =
        LmStudio.builder().baseUrl(ClientTestSupport.closedPortUrl()).listener(recorder).build()) {
      ChatCall call = client.streamChat(ChatRequest.of("m", "Hello"), event -> {});

      assertThatThrownBy(call::join).isInstanceOf(LmStudioConnectionException.class);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat (stream)",
            "failed POST /api/v1/chat (stream) LmStudioConnectionException");
  }

  @Test
  void aBackgroundStreamWhoseListenerThrowsFailsWithThatException() throws Exception {
    server.enqueue(sse(chatStart() + delta("Hi") + STATS_END));

    ChatCall call =
        lms.streamChat(
            ChatRequest.of("m", "Hello"),
            event -> {
              throw new IllegalStateException("listener bug");
            });

    assertThatThrownBy(call::join).isInstanceOf(IllegalStateException.class);
    assertThat(recorder.events)
        .containsExactly(
            "start POST /api/v1/chat (stream)",
            "failed POST /api/v1/chat (stream) IllegalStateException");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(ClientTestSupport.tree(sent.getBody().utf8()))
        .isEqualTo(ClientTestSupport.tree("{\"model\":\"m\",\"input\":\"Hello\",\"stream\":true}"));
  }

  @Test
  void aListenerThatThrowsBreaksNothing() throws Exception {
    LmStudioListener throwing =
        new LmStudioListener() {
          @Override
          public void callStart(CallInfo call) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void token(CallInfo call) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void callEnd(CallInfo call, int status, Duration duration) {
            throw new IllegalStateException("listener bug");
          }
        };
    server.enqueue(sse(chatStart() + delta("Hi") + STATS_END));
    server.enqueue(json("{\"models\": []}"));

    try (LmStudio client = lms.newBuilder().listener(throwing).build()) {
      try (ChatStream stream = client.streamChat(ChatRequest.of("m", "Hello"))) {
        for (ChatEvent ignored : stream) {
          // read to the end
        }
        assertThat(stream.result().text()).isEqualTo("Hi there");
      }
      assertThat(client.models().list()).isEmpty();
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertGet(server.takeRequest(), "/api/v1/models", null);
  }

  @Test
  void withoutAListenerNothingIsTraced() throws Exception {
    server.enqueue(json("{\"models\": []}"));

    try (LmStudio client = lms.newBuilder().listener(LmStudioListener.NONE).build()) {
      assertThat(client.models().list()).isEmpty();
    }

    assertThat(recorder.events).isEmpty();
    assertGet(server.takeRequest(), "/api/v1/models", null);
  }

  @Test
  void severalListenersAreEachToldEvenWhenOneThrows() throws Exception {
    Recorder second = new Recorder();
    LmStudioListener throwing =
        new LmStudioListener() {
          @Override
          public void callEnd(CallInfo call, int status, Duration duration) {
            throw new IllegalStateException("listener bug");
          }
        };
    server.enqueue(json("{\"models\": []}"));

    try (LmStudio client =
        lms.newBuilder().listener(LmStudioListener.of(List.of(throwing, second))).build()) {
      assertThat(client.models().list()).isEmpty();
    }

    assertThat(second.events)
        .containsExactly("start GET /api/v1/models", "end GET /api/v1/models 200");
    assertGet(server.takeRequest(), "/api/v1/models", null);
    assertThat(LmStudioListener.of(List.of())).isSameAs(LmStudioListener.NONE);
    assertThat(LmStudioListener.of(List.of(LmStudioListener.NONE, second))).isSameAs(second);
  }

  /** Records what it is told, one line per event. */
  static final class Recorder extends LmStudioListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void callStart(CallInfo call) {
      events.add("start " + call);
    }

    @Override
    public void retry(CallInfo call, int attempt, Duration wait, String reason) {
      events.add("retry " + call + " " + attempt + " " + wait + " " + reason);
    }

    @Override
    public void modelLoadProgress(CallInfo call, double progress) {
      events.add("load " + call + " " + progress);
    }

    @Override
    public void firstToken(CallInfo call, Duration sinceStart) {
      assertThat(sinceStart).isPositive();
      events.add("first " + call);
    }

    @Override
    public void token(CallInfo call) {
      events.add("token");
    }

    @Override
    public void stats(CallInfo call, String modelInstanceId, ChatStats stats) {
      events.add("stats " + call + " " + modelInstanceId + " " + stats.tokensPerSecond());
    }

    @Override
    public void callEnd(CallInfo call, int status, Duration duration) {
      assertThat(duration).isPositive();
      events.add("end " + call + " " + status);
    }

    @Override
    public void callFailed(CallInfo call, RuntimeException failure, Duration duration) {
      failures.add(failure);
      events.add("failed " + call + " " + failure.getClass().getSimpleName());
    }
  }
}
