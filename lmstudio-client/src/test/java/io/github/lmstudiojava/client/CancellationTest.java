package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.fixture;
import static io.github.lmstudiojava.client.ChatTestSupport.json;
import static io.github.lmstudiojava.client.ChatTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CancellationTest {
  private static final String PREFIX = chatStart() + delta("Hel") + delta("lo");

  @StartStop final MockWebServer server = new MockWebServer();

  /** Records which calls OkHttp saw cancelled. */
  private final List<Call> cancelled = new CopyOnWriteArrayList<>();

  private OkHttpClient http;
  private LmStudio lms;

  @BeforeEach
  void createClient() {
    http =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void canceled(Call call) {
                    cancelled.add(call);
                  }
                })
            .build();
    // The client derives its own OkHttpClient from this one, sharing its dispatcher and pool.
    lms =
        LmStudio.builder()
            .baseUrl(server.url("/").toString())
            .apiToken(ChatTestSupport.TOKEN)
            .okHttpClient(http)
            .build();
  }

  @AfterEach
  void closeClient() {
    lms.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Counts down once the shared dispatcher has no running call left. */
  private CountDownLatch dispatcherIdle() {
    CountDownLatch idle = new CountDownLatch(1);
    http.dispatcher().setIdleCallback(idle::countDown);
    if (http.dispatcher().runningCallsCount() == 0) {
      idle.countDown();
    }
    return idle;
  }

  private void assertClientStillWorks() throws InterruptedException {
    server.enqueue(json(fixture("chat/stateful-response-docs.json")));
    assertThat(lms.chat("ibm/granite-4-micro", "Again?").text())
        .isEqualTo("That's great! Blue is a beautiful color...");
    assertThat(takeChatRequest(server, false).getBody().utf8()).contains("Again?");
  }

  @Test
  void closingAPullStreamMidwayCancelsTheCall() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));

    ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"));
    Iterator<ChatEvent> events = stream.iterator();
    assertThat(events.next()).isInstanceOf(ChatEvent.ChatStart.class);
    assertThat(events.next()).isEqualTo(new ChatEvent.MessageDelta("Hel"));
    stream.close();

    assertThat(cancelled).hasSize(1);
    assertThat(cancelled.get(0).isCanceled()).isTrue();
    assertThat(cancelled.get(0).request().url().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(events.hasNext()).isFalse();
    assertThatThrownBy(stream::result)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed before it finished");
    stream.close();
    assertThat(dispatcherIdle().await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(http.dispatcher().runningCallsCount()).isZero();
    takeChatRequest(server, true);
    assertClientStillWorks();
  }

  @Test
  void closingFromAnotherThreadUnblocksTheReader() throws Exception {
    server.enqueue(stalledAfter(PREFIX));
    ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"));
    CountDownLatch readPrefix = new CountDownLatch(1);
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              int count = 0;
              try {
                for (ChatEvent ignored : stream) {
                  if (++count == 3) {
                    readPrefix.countDown();
                  }
                }
              } catch (RuntimeException e) {
                readerFailure.set(e);
              }
            });
    reader.start();
    assertThat(readPrefix.await(5, TimeUnit.SECONDS)).isTrue();

    stream.close();
    reader.join(5_000);

    assertThat(reader.isAlive()).isFalse();
    // Depending on where the reader was when close() ran, iteration either ends quietly or the
    // blocked read is told it was cancelled; nothing else may escape.
    if (readerFailure.get() != null) {
      assertThat(readerFailure.get()).isInstanceOf(CancellationException.class);
    }
    assertThatThrownBy(stream::result).isInstanceOf(IllegalStateException.class);
    assertThat(cancelled).hasSize(1);
    takeChatRequest(server, true);
    assertClientStillWorks();
  }

  @Test
  void cancellingAPushCallAbortsItAndCancelsTheFuture() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));
    CountDownLatch gotDeltas = new CountDownLatch(2);
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();

    ChatCall call =
        lms.streamChat(
            ChatRequest.of("m", "Hi"),
            event -> {
              seen.add(event);
              if (event instanceof ChatEvent.MessageDelta) {
                gotDeltas.countDown();
              }
            });
    assertThat(gotDeltas.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(http.dispatcher().runningCallsCount()).isEqualTo(1);
    CountDownLatch idle = dispatcherIdle();

    call.cancel();

    assertThat(call.isDone()).isTrue();
    assertThat(call.result().isCancelled()).isTrue();
    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(http.dispatcher().runningCallsCount()).isZero();
    assertThat(cancelled).hasSize(1);
    assertThat(seen)
        .extracting(ChatEvent::type)
        .containsExactly("chat.start", "message.delta", "message.delta");
    call.cancel();
    takeChatRequest(server, true);
    assertClientStillWorks();
  }

  @Test
  void cancellingTheResultFutureAbortsTheCall() throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));
    CountDownLatch started = new CountDownLatch(1);

    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), event -> started.countDown());
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    CountDownLatch idle = dispatcherIdle();

    assertThat(call.result().cancel(true)).isTrue();

    assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelled).hasSize(1);
    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    takeChatRequest(server, true);
  }

  @Test
  void listenerThatThrowsCancelsTheCallAndFailsTheFutureWithItsException()
      throws InterruptedException {
    server.enqueue(stalledAfter(PREFIX));
    IllegalStateException boom = new IllegalStateException("listener broke");
    List<ChatEvent> seen = new CopyOnWriteArrayList<>();
    CountDownLatch idle = new CountDownLatch(1);

    ChatCall call =
        lms.streamChat(
            ChatRequest.of("m", "Hi"),
            event -> {
              seen.add(event);
              if (event instanceof ChatEvent.MessageDelta) {
                http.dispatcher().setIdleCallback(idle::countDown);
                throw boom;
              }
            });

    assertThatThrownBy(call::join).isSameAs(boom);
    assertThat(call.result().isCompletedExceptionally()).isTrue();
    assertThat(call.result().isCancelled()).isFalse();
    assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(http.dispatcher().runningCallsCount()).isZero();
    assertThat(cancelled).hasSize(1);
    assertThat(seen).extracting(ChatEvent::type).containsExactly("chat.start", "message.delta");
    takeChatRequest(server, true);
    assertClientStillWorks();
  }

  @Test
  void closingAFinishedStreamCancelsNothing() throws InterruptedException {
    server.enqueue(ChatTestSupport.sse(PREFIX + ChatTestSupport.chatEnd("Hello")));

    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThat(stream.text()).isEqualTo("Hello");
    }

    assertThat(cancelled).isEmpty();
    takeChatRequest(server, true);
  }

  @Test
  void closingTheClientCancelsNothingOnACallerSuppliedHttpClient() throws InterruptedException {
    server.enqueue(ChatTestSupport.sse(PREFIX + ChatTestSupport.chatEnd("Hello")));
    LmStudio other =
        LmStudio.builder().baseUrl(server.url("/").toString()).okHttpClient(http).build();

    other.close();

    assertThat(http.dispatcher().executorService().isShutdown()).isFalse();
    try (ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"))) {
      assertThat(stream.text()).isEqualTo("Hello");
    }
    takeChatRequest(server, true);
  }
}
