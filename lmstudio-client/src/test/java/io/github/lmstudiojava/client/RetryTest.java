package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.closedPortUrl;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ClientTestSupport.RecordingSleeper;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  private static final String MODELS = "/api/v1/models";
  private static final String EMPTY_LIST = "{\"models\": []}";

  @StartStop final MockWebServer server = new MockWebServer();

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private LmStudio lms;

  @BeforeEach
  void setUp() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
    lms = clientFor(server, sleeper).build();
  }

  @AfterEach
  void tearDown() {
    lms.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503})
  void listIsRetriedOnABusyOrUnavailableServerThenSucceeds(int status) throws Exception {
    server.enqueue(json(status, "{\"error\": \"busy\"}"));
    server.enqueue(json(status, "{\"error\": \"busy\"}"));
    server.enqueue(json(EMPTY_LIST));

    assertThat(lms.models().list()).isEmpty();

    assertThat(server.getRequestCount()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertGet(server.takeRequest(), MODELS, null);
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void retryAfterSecondsAreHonouredWithinTheCap() {
    server.enqueue(retryAfter("1"));
    server.enqueue(retryAfter("30"));
    server.enqueue(json(EMPTY_LIST));

    assertThat(lms.models().list()).isEmpty();

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retryAfterThatIsNotANumberFallsBackToTheBackoff() {
    server.enqueue(retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    server.enqueue(json(EMPTY_LIST));

    assertThat(lms.models().list()).isEmpty();

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheOriginalTypedError() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          json(503, "{\"error\": {\"type\": \"unavailable\", \"message\": \"Loading\"}}"));
    }
    server.enqueue(json(EMPTY_LIST));

    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            e -> {
              LmStudioHttpException http = (LmStudioHttpException) e;
              assertThat(http.statusCode()).isEqualTo(503);
              assertThat(http.errorType()).isEqualTo("unavailable");
              assertThat(http.serverMessage()).isEqualTo("Loading");
            });
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void connectionRefusedIsRetriedThenReported() {
    String url = closedPortUrl();
    try (LmStudio offline = LmStudio.builder().baseUrl(url).sleeper(sleeper).build()) {
      assertThatThrownBy(() -> offline.models().list())
          .isInstanceOf(LmStudioConnectionException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("lms server start");
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void timeoutIsNotRetried() throws Exception {
    try (LmStudio quick =
        clientFor(server, sleeper)
            .timeouts(Timeouts.defaults().withIdle(Duration.ofMillis(200)))
            .build()) {
      server.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      server.enqueue(json(EMPTY_LIST));

      assertThatThrownBy(() -> quick.models().list()).isInstanceOf(LmStudioTimeoutException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void otherErrorStatusesAreNotRetried() throws Exception {
    server.enqueue(json(500, "{\"error\": \"boom\"}"));
    server.enqueue(json(EMPTY_LIST));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOfSatisfying(
            LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void downloadStatusIsRetried() throws Exception {
    server.enqueue(json(502, ""));
    server.enqueue(json("{\"job_id\": \"job_1\", \"status\": \"paused\"}"));

    assertThat(lms.models().downloadStatus("job_1").state()).isEqualTo(DownloadStatus.State.PAUSED);

    assertGet(server.takeRequest(), "/api/v1/models/download/status/job_1", null);
    assertGet(server.takeRequest(), "/api/v1/models/download/status/job_1", null);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void loadIsNeverRetried() throws Exception {
    server.enqueue(json(503, "{\"error\": \"busy\"}"));
    server.enqueue(json("{\"instance_id\": \"m\", \"status\": \"loaded\"}"));

    assertThatThrownBy(() -> lms.models().load("m"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(503));

    assertPost(server.takeRequest(), "/api/v1/models/load", "{\"model\":\"m\"}", null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void unloadIsNeverRetried() throws Exception {
    server.enqueue(json(429, "{\"error\": \"busy\"}"));
    server.enqueue(json("{\"instance_id\": \"m\"}"));

    assertThatThrownBy(() -> lms.models().unload("m"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(429));

    assertPost(server.takeRequest(), "/api/v1/models/unload", "{\"instance_id\":\"m\"}", null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void downloadIsNeverRetried() throws Exception {
    server.enqueue(json(502, "{\"error\": \"bad gateway\"}"));
    server.enqueue(json("{\"status\": \"already_downloaded\"}"));

    assertThatThrownBy(() -> lms.models().download("m"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(502));

    assertPost(server.takeRequest(), "/api/v1/models/download", "{\"model\":\"m\"}", null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void downloadRefusedOnConnectionIsNotRetried() {
    try (LmStudio offline = LmStudio.builder().baseUrl(closedPortUrl()).sleeper(sleeper).build()) {
      assertThatThrownBy(() -> offline.models().download("m"))
          .isInstanceOf(LmStudioConnectionException.class);
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void noRetryPolicyTriesOnce() throws Exception {
    try (LmStudio once = clientFor(server, sleeper).retryPolicy(RetryPolicy.none()).build()) {
      server.enqueue(json(503, "{\"error\": \"busy\"}"));
      server.enqueue(json(EMPTY_LIST));

      assertThatThrownBy(() -> once.models().list())
          .isInstanceOfSatisfying(
              LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    }
    assertGet(server.takeRequest(), MODELS, null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void backoffDoublesUpToTheCap() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(9)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void initialBackoffAboveTheCapIsCapped() {
    assertThat(new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(1)).backoff(1))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void defaultsAndNoneAreDocumentedValues() {
    assertThat(RetryPolicy.defaults())
        .isEqualTo(new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(2)));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void policyRefusesBadValues() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .withMessage("maxAttempts < 1: 0");
    assertThatNullPointerException()
        .isThrownBy(() -> new RetryPolicy(2, null, Duration.ZERO))
        .withMessage("initialBackoff == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new RetryPolicy(2, Duration.ZERO, null))
        .withMessage("maxBackoff == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO))
        .withMessage("backoff < 0");
  }

  private static MockResponse retryAfter(String value) {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Retry-After", value)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\": \"busy\"}")
        .build();
  }
}
