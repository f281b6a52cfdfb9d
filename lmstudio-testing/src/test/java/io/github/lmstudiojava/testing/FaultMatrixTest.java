package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client surface against every fault: each ends in the typed exception the fault calls for,
 * keeps what was streamed before it, retries only idempotent reads, leaves no call, connection or
 * thread behind, and the same client then serves a normal call.
 */
class FaultMatrixTest {
  /** Far above every limit below: only a hang takes this long. */
  private static final Duration NO_HANG = Duration.ofSeconds(15);

  /** The client's own limits, for the models list, the status polls and the recovery calls. */
  private static final Timeouts CLIENT =
      new Timeouts(
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10));

  /** Per-request limits of the faulty calls that wait for a whole answer. */
  private static final Timeouts SYNC_LIMITS = CLIENT.withCall(Duration.ofMillis(800));

  /** Per-request limits of the faulty streams: the call limit stays out of the way. */
  private static final Timeouts STREAM_LIMITS =
      new Timeouts(
          Duration.ofSeconds(2),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofSeconds(20));

  private static final RetryPolicy RETRIES =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

  /** What goes wrong. */
  enum Fault {
    CONNECTION_REFUSED,
    CONNECTION_RESET,
    HTTP_500,
    HTTP_503,
    HTTP_429,
    MALFORMED_JSON,
    CUT_MID_WAY,
    NO_HEADERS,
    STREAM_STALLS,
    UNAUTHORIZED
  }

  private final AtomicInteger dispatcherThreads = new AtomicInteger();
  private final AtomicInteger callsStarted = new AtomicInteger();
  private final OkHttpClient http = newHttp();
  private FakeLmStudio fake;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (FaultSurface surface : FaultSurface.values()) {
      for (Fault fault : Fault.values()) {
        if (fault != Fault.STREAM_STALLS || surface.stream) {
          cases.add(Arguments.of(surface, fault));
        }
      }
    }
    return cases.stream();
  }

  @AfterEach
  void close() {
    if (fake != null) {
      fake.close();
    }
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void faultEndsInItsTypedExceptionAndTheClientStillWorks(FaultSurface surface, Fault fault)
      throws IOException {
    int refusedPort = fault == Fault.CONNECTION_REFUSED ? freePort() : 0;
    if (fault != Fault.CONNECTION_REFUSED) {
      fake = FakeLmStudio.start();
    }
    String url = fake != null ? fake.url() : "http://127.0.0.1:" + refusedPort;
    try (LmStudio lms =
        LmStudio.builder()
            .baseUrl(url)
            .okHttpClient(http)
            .timeouts(CLIENT)
            .retryPolicy(RETRIES)
            .build()) {
      String jobId = fake != null ? surface.prepare(lms) : FaultSurface.JOB_ID;
      // Every faulty call starts on a new connection; PooledConnectionResetTest covers reuse.
      http.connectionPool().evictAll();
      int requestsBefore = fake != null ? fake.requestCount() : 0;
      int attempts = attempts(surface, fault);
      for (int i = 0; fake != null && i < attempts; i++) {
        fake.enqueue(script(surface, fault));
      }
      callsStarted.set(0);
      Set<Thread> threadsBefore = liveNonDaemonThreads();
      Timeouts limits = surface.stream ? STREAM_LIMITS : SYNC_LIMITS;

      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> surface.call(lms, jobId, limits));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(NO_HANG);
      expectTyped(surface, fault, thrown);
      assertThat(callsStarted).as("calls started, retries included").hasValue(attempts);
      if (fake != null) {
        List<FakeRequest> sent = fake.requests().subList(requestsBefore, fake.requestCount());
        assertThat(sent).extracting(FakeRequest::line).hasSize(attempts).containsOnly(surface.line);
        for (FakeRequest request : sent) {
          if (request.method().equals("POST")) {
            assertThat(request.json()).containsKey("model");
            assertThat(request.json().get("stream"))
                .isEqualTo(surface.stream ? Boolean.TRUE : null);
          }
        }
      }
      assertNothingLeftBehind(threadsBefore);

      String recoveredJob = jobId;
      if (fake == null) {
        // The server comes up where nothing listened: the client must reach it now.
        fake = FakeLmStudio.builder().listenOn("127.0.0.1", refusedPort).start();
        recoveredJob = surface.prepare(lms);
      }
      assertThat(surface.call(lms, recoveredJob, null)).isEqualTo(surface.expectedAnswer());
      assertNothingLeftBehind(threadsBefore);
    }
  }

  private static int attempts(FaultSurface surface, Fault fault) {
    if (!surface.retried) {
      return 1;
    }
    switch (fault) {
      case CONNECTION_REFUSED:
      case CONNECTION_RESET:
      case HTTP_503:
      case HTTP_429:
      case CUT_MID_WAY:
        return RETRIES.maxAttempts();
      default:
        return 1;
    }
  }

  private static FakeReply script(FaultSurface surface, Fault fault) {
    switch (fault) {
      case CONNECTION_RESET:
        return FakeReply.reset();
      case HTTP_500:
        return FakeReply.json(500, surface.errorBody("boom"));
      case HTTP_503:
        return FakeReply.json(503, surface.errorBody("boom"));
      case HTTP_429:
        return FakeReply.json(429, surface.errorBody("boom"));
      case UNAUTHORIZED:
        return FakeReply.json(401, surface.errorBody("boom"));
      case MALFORMED_JSON:
        return surface.stream
            ? FakeReply.sse(surface.malformed(surface.tokens()))
            : FakeReply.malformedJson();
      case CUT_MID_WAY:
        return surface.stream ? FakeReply.cut(surface.tokens()) : FakeReply.cutAfter(0);
      case NO_HEADERS:
        return FakeReply.noResponse();
      case STREAM_STALLS:
        return FakeReply.stall(surface.tokens());
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  private static void expectTyped(FaultSurface surface, Fault fault, Throwable thrown) {
    switch (fault) {
      case CONNECTION_REFUSED:
        expectConnection(thrown, LmStudioConnectionException.Reason.REFUSED, "is not running at");
        break;
      case CONNECTION_RESET:
        expectConnection(
            thrown, LmStudioConnectionException.Reason.CLOSED, "closed the connection during");
        break;
      case HTTP_500:
      case HTTP_503:
      case HTTP_429:
        int status = Integer.parseInt(fault.name().substring(5));
        assertThat(thrown)
            .isExactlyInstanceOf(LmStudioHttpException.class)
            .isInstanceOfSatisfying(
                LmStudioHttpException.class,
                e -> {
                  assertThat(e.statusCode()).isEqualTo(status);
                  assertThat(e.serverMessage()).isEqualTo("boom");
                });
        break;
      case UNAUTHORIZED:
        assertThat(thrown)
            .isInstanceOfSatisfying(
                LmStudioAuthenticationException.class,
                e -> assertThat(e.statusCode()).isEqualTo(401));
        break;
      case MALFORMED_JSON:
        if (surface.stream) {
          expectPartial(thrown, LmStudioStreamException.class);
        } else {
          assertThat(thrown).isInstanceOf(LmStudioProtocolException.class);
        }
        break;
      case CUT_MID_WAY:
        if (surface.stream) {
          expectPartial(thrown, LmStudioStreamException.class);
        } else {
          expectConnection(
              thrown,
              LmStudioConnectionException.Reason.CLOSED,
              "closed the connection in the middle of its answer");
        }
        break;
      case NO_HEADERS:
        LmStudioTimeoutException.Kind kind =
            surface.stream
                ? LmStudioTimeoutException.Kind.FIRST_EVENT
                : surface.retried
                    ? LmStudioTimeoutException.Kind.IDLE
                    : LmStudioTimeoutException.Kind.CALL;
        assertThat(thrown)
            .isInstanceOfSatisfying(
                LmStudioTimeoutException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(kind);
                  assertThat(e.partialText()).isEmpty();
                  assertThat(e.answerStarted()).isFalse();
                  assertThat(e.getMessage()).doesNotContain("silent");
                });
        break;
      case STREAM_STALLS:
        expectPartial(thrown, LmStudioTimeoutException.class);
        assertThat(((LmStudioTimeoutException) thrown).kind())
            .isEqualTo(LmStudioTimeoutException.Kind.IDLE);
        break;
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  private static void expectConnection(
      Throwable thrown, LmStudioConnectionException.Reason reason, String says) {
    assertThat(thrown)
        .isInstanceOfSatisfying(
            LmStudioConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(says);
              if (reason != LmStudioConnectionException.Reason.REFUSED) {
                assertThat(e.getMessage()).doesNotContain("not running");
              }
            });
  }

  private static void expectPartial(Throwable thrown, Class<? extends Throwable> type) {
    assertThat(thrown).isInstanceOf(type);
    String partial =
        thrown instanceof LmStudioStreamException
            ? ((LmStudioStreamException) thrown).partialText()
            : ((LmStudioTimeoutException) thrown).partialText();
    assertThat(partial).isEqualTo(FaultSurface.PARTIAL);
  }

  private void assertNothingLeftBehind(Set<Thread> threadsBefore) {
    Dispatcher dispatcher = http.dispatcher();
    assertThat(dispatcher.runningCallsCount()).as("running calls").isZero();
    assertThat(dispatcher.queuedCallsCount()).as("queued calls").isZero();
    ConnectionPool pool = http.connectionPool();
    assertThat(pool.connectionCount())
        .as("connections in use")
        .isEqualTo(pool.idleConnectionCount());
    assertThat(dispatcherThreads).as("threads of the HTTP dispatcher").hasValue(0);
    Set<Thread> added = liveNonDaemonThreads();
    added.removeAll(threadsBefore);
    assertThat(added).extracting(Thread::getName).as("new non-daemon threads").isEmpty();
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        // The fake's own server threads are not the client's.
        .filter(t -> t.isAlive() && !t.isDaemon() && !t.getName().startsWith("MockWebServer"))
        .collect(Collectors.toSet());
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /** An HTTP client whose dispatcher threads and started calls are counted. */
  private OkHttpClient newHttp() {
    ExecutorService executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
              dispatcherThreads.incrementAndGet();
              Thread thread = new Thread(runnable, "fault-matrix-dispatcher");
              thread.setDaemon(true);
              return thread;
            });
    return new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(executor))
        .eventListener(
            new EventListener() {
              @Override
              public void callStart(Call call) {
                callsStarted.incrementAndGet();
              }
            })
        .build();
  }
}
