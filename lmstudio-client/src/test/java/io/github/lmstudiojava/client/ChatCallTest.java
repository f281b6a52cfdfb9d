package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.docsChatEndResult;
import static io.github.lmstudiojava.client.ChatTestSupport.docsError;
import static io.github.lmstudiojava.client.ChatTestSupport.docsEvents;
import static io.github.lmstudiojava.client.ChatTestSupport.docsSuccessEvents;
import static io.github.lmstudiojava.client.ChatTestSupport.fixture;
import static io.github.lmstudiojava.client.ChatTestSupport.json;
import static io.github.lmstudiojava.client.ChatTestSupport.parseJson;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCallTest {
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
  void listenerReceivesEveryEventInOrderAndResultCompletes() throws Exception {
    server.enqueue(sse(fixture("chat/stream-success-docs.sse")));
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();

    ChatCall call =
        lms.streamChat(
            ChatRequest.of("openai/gpt-oss-20b", "Hi"),
            event -> {
              seen.add(event);
              threads.add(Thread.currentThread());
            });

    assertThat(call.join()).isEqualTo(docsChatEndResult());
    assertThat(call.result().get(5, TimeUnit.SECONDS)).isEqualTo(docsChatEndResult());
    assertThat(call.isDone()).isTrue();
    assertThat(seen).isEqualTo(docsSuccessEvents());
    assertThat(threads).doesNotContain(Thread.currentThread());
    assertThat(parseJson(takeChatRequest(server, true).getBody().utf8()))
        .isEqualTo(
            parseJson("{\"model\": \"openai/gpt-oss-20b\", \"input\": \"Hi\", \"stream\": true}"));
  }

  @Test
  void resultFutureComposes() throws Exception {
    server.enqueue(sse(fixture("chat/stream-success-docs.sse")));

    String text =
        lms.streamChat(ChatRequest.of("m", "Hi"), event -> {})
            .result()
            .thenApply(ChatResult::text)
            .get(5, TimeUnit.SECONDS);

    assertThat(text).isEqualTo("The current top\u2011trending model is...");
    takeChatRequest(server, true);
  }

  @Test
  void docsStreamDeliversAllEventsThenFailsWithItsErrorEvent() throws InterruptedException {
    server.enqueue(sse(fixture("chat/stream-all-events-docs.sse")));
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), seen::add);

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isEqualTo(docsError());
              assertThat(e.partialResult()).isEqualTo(docsChatEndResult());
            });
    assertThatThrownBy(() -> call.result().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(LmStudioStreamException.class);
    assertThat(seen).isEqualTo(docsEvents());
    takeChatRequest(server, true);
  }

  @Test
  void httpErrorFailsTheFutureWithoutEvents() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"type\":\"model_not_found\",\"message\":\"Model \\\"nope\\\" not"
                + " found\",\"param\":\"model\"}}"));
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();

    ChatCall call = lms.streamChat(ChatRequest.of("nope", "Hi"), seen::add);

    assertThatThrownBy(call::join)
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.errorType()).isEqualTo("model_not_found");
              assertThat(e.param()).isEqualTo("model");
              assertThat(e.serverMessage()).isEqualTo("Model \"nope\" not found");
            });
    assertThat(seen).isEmpty();
    takeChatRequest(server, true);
  }

  @Test
  void nonEventStreamAnswerFailsTheFuture() throws InterruptedException {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (POST /api/v1/chat)\"}"));

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), event -> {});

    assertThatThrownBy(call::join)
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessageContaining("Unexpected endpoint");
    takeChatRequest(server, true);
  }
}
