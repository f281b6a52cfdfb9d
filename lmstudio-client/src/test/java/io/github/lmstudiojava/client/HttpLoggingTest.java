package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatEnd;
import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ClientTestSupport.RecordingSleeper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's logging through SLF4J (here bound to java.util.logging): a line per call and per
 * retry at DEBUG, bodies only at TRACE of their own logger, never the token.
 */
class HttpLoggingTest {
  private static final Logger CALLS = Logger.getLogger("io.github.lmstudiojava.client.http");
  private static final Logger BODIES = Logger.getLogger("io.github.lmstudiojava.client.http.body");

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private LmStudio lms;

  @BeforeEach
  void setUp() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
    handler.setLevel(Level.ALL);
    CALLS.addHandler(handler);
    lms = clientFor(server, new RecordingSleeper()).apiToken(TOKEN).build();
  }

  @AfterEach
  void tearDown() {
    lms.close();
    CALLS.removeHandler(handler);
    CALLS.setLevel(null);
    BODIES.setLevel(null);
  }

  @Test
  void atTheDefaultLevelNothingIsLogged() throws Exception {
    server.enqueue(json("{\"models\": []}"));

    lms.models().list();

    assertThat(records).isEmpty();
    assertGet(server.takeRequest(), "/api/v1/models", TOKEN);
  }

  @Test
  void atDebugEachCallAndRetryIsOneLineWithoutTokenOrBody() throws Exception {
    CALLS.setLevel(Level.FINE);
    server.enqueue(json(503, "{\"error\": \"busy\"}"));
    server.enqueue(json("{\"models\": []}"));
    server.enqueue(json(404, "{\"error\":{\"message\":\"Model not found\"}}"));

    lms.models().list();
    assertThatThrownBy(() -> lms.chat("nope", "secret question"))
        .isInstanceOf(LmStudioHttpException.class);

    assertThat(messages())
        .hasSize(3)
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "GET /api/v1/models: attempt 1 failed (HTTP 503), retrying in 250 ms"),
            line -> assertThat(line).matches("GET /api/v1/models -> 200 in \\d+ ms"),
            line -> assertThat(line).startsWith("POST /api/v1/chat failed in "));
    assertThat(String.join("\n", messages())).doesNotContain(TOKEN, "secret question", "models\":");
    assertThat(records).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.FINE));
    assertGet(server.takeRequest(), "/api/v1/models", TOKEN);
    assertGet(server.takeRequest(), "/api/v1/models", TOKEN);
    RecordedRequest chat = server.takeRequest();
    assertThat(chat.getMethod()).isEqualTo("POST");
    assertThat(chat.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
  }

  @Test
  void aStreamIsOneLineWhenItEnds() throws Exception {
    CALLS.setLevel(Level.FINE);
    server.enqueue(sse(chatStart() + delta("Hi") + chatEnd("Hi")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hello"))) {
      for (ChatEvent ignored : stream) {
        // read to the end
      }
    }

    assertThat(messages())
        .singleElement()
        .asString()
        .matches("POST /api/v1/chat \\(stream\\) -> 200 in \\d+ ms");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/chat");
  }

  @Test
  void bodiesOnlyWhenTheirLoggerIsAtTrace() throws Exception {
    BODIES.setLevel(Level.FINEST);
    server.enqueue(
        json(
            "{\"model_instance_id\":\"m\",\"output\":[{\"type\":\"message\",\"content\":\"Hi\"}],"
                + "\"stats\":{}}"));

    lms.chat("m", "Hello");

    assertThat(messages())
        .containsExactly(
            "POST /api/v1/chat request: {\"model\":\"m\",\"input\":\"Hello\"}",
            "POST /api/v1/chat response: {\"model_instance_id\":\"m\",\"output\":[{\"type\":"
                + "\"message\",\"content\":\"Hi\"}],\"stats\":{}}");
    assertThat(String.join("\n", messages())).doesNotContain(TOKEN);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aLongBodyIsCut() throws Exception {
    BODIES.setLevel(Level.FINEST);
    String text = "x".repeat(10_000);
    server.enqueue(json("{\"models\": [], \"pad\": \"" + text + "\"}"));

    lms.models().list();

    assertThat(messages())
        .singleElement()
        .asString()
        .endsWith("... (10025 chars)")
        .hasSizeLessThan(4200);
    assertGet(server.takeRequest(), "/api/v1/models", TOKEN);
  }

  private List<String> messages() {
    return records.stream()
        .map(
            r -> {
              String message = r.getMessage();
              Object[] params = r.getParameters();
              return params == null
                  ? message
                  : java.text.MessageFormat.format(message.replace("'", "''"), params);
            })
        .toList();
  }
}
