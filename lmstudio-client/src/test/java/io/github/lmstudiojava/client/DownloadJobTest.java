package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ClientTestSupport.RecordingSleeper;
import io.github.lmstudiojava.client.internal.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DownloadJobTest {
  private static final String DOWNLOAD = "/api/v1/models/download";
  private static final String STATUS = "/api/v1/models/download/status/job_1";
  private static final String MODEL_BODY = "{\"model\":\"ibm/granite-4-micro\"}";

  @StartStop final MockWebServer server = new MockWebServer();

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<DownloadStatus> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void failFastWhenTheScriptRunsOut() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
  }

  @Test
  void alreadyDownloadedReturnsAtOnceWithoutAskingForStatus() throws Exception {
    server.enqueue(json("{\"status\": \"already_downloaded\"}"));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      DownloadStatus done = job.await(seen::add, Duration.ofSeconds(1), Duration.ZERO);

      assertThat(done.state()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
      assertThat(job.status()).isSameAs(job.initial());
      assertThat(job.await()).isSameAs(job.initial());
    }
    assertThat(seen).extracting(DownloadStatus::status).containsExactly("already_downloaded");
    assertThat(sleeper.waits).isEmpty();
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void progressingJobIsPolledUntilCompleteAndEveryStatusIsReportedInOrder() throws Exception {
    server.enqueue(json(downloading(0)));
    server.enqueue(json(downloading(250)));
    server.enqueue(json("{\"job_id\": \"job_1\", \"status\": \"paused\"}"));
    server.enqueue(json(downloading(750)));
    server.enqueue(
        json(
            """
            {"job_id": "job_1", "status": "completed", "total_size_bytes": 1000,
             "downloaded_bytes": 1000, "completed_at": "2025-10-03T15:43:12.102Z"}
            """));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      DownloadStatus done = job.await(seen::add, Duration.ofMillis(500), Duration.ofHours(1));

      assertThat(done.state()).isEqualTo(DownloadStatus.State.COMPLETED);
      assertThat(done.completedAt()).isEqualTo("2025-10-03T15:43:12.102Z");
    }
    assertThat(seen)
        .extracting(DownloadStatus::status)
        .containsExactly("downloading", "downloading", "paused", "downloading", "completed");
    assertThat(seen)
        .extracting(DownloadStatus::fraction)
        .containsExactly(0.0, 0.25, null, 0.75, 1.0);
    assertThat(sleeper.waits).containsOnly(Duration.ofMillis(500)).hasSize(4);
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    for (int i = 0; i < 4; i++) {
      assertGet(server.takeRequest(), STATUS, null);
    }
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void statusAsksLmStudioWhileTheJobRuns() throws Exception {
    server.enqueue(json(downloading(0)));
    server.enqueue(json(downloading(500)));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThat(job.status().downloadedBytes()).isEqualTo(500L);
    }
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertGet(server.takeRequest(), STATUS, null);
  }

  @Test
  void failedJobThrowsAnExceptionNamingTheJob() throws Exception {
    server.enqueue(json(downloading(0)));
    server.enqueue(json("{\"job_id\": \"job_1\", \"status\": \"failed\"}"));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThatThrownBy(() -> job.await(seen::add, Duration.ofSeconds(1), Duration.ZERO))
          .isInstanceOfSatisfying(
              DownloadStoppedException.class,
              e -> {
                assertThat(e.isPaused()).isFalse();
                assertThat(e.status().state()).isEqualTo(DownloadStatus.State.FAILED);
              })
          .hasMessageContaining("job_1")
          .hasMessageContaining("failed");
    }
    assertThat(seen).extracting(DownloadStatus::status).containsExactly("downloading", "failed");
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertGet(server.takeRequest(), STATUS, null);
  }

  @Test
  void pausedJobEndsAWaitWithoutALimitWithATypedException() throws Exception {
    server.enqueue(json(downloading(0)));
    server.enqueue(
        json(
            """
            {"job_id": "job_1", "status": "paused", "total_size_bytes": 1000,
             "downloaded_bytes": 400}
            """));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThatThrownBy(job::await)
          .isInstanceOfSatisfying(
              DownloadStoppedException.class,
              e -> {
                assertThat(e.isPaused()).isTrue();
                assertThat(e.status().downloadedBytes()).isEqualTo(400L);
                assertThat(e.getMessage())
                    .contains("job_1 is paused in LM Studio at 40%")
                    .contains("Downloads panel")
                    .contains("downloadStatus(\"job_1\")");
              });
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertGet(server.takeRequest(), STATUS, null);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void runningOutOfMaxWaitThrowsATimeoutWhileTheJobGoesOn() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(downloading(100));
          }
        });
    List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    Sleeper realSleeper =
        duration -> {
          waits.add(duration);
          Sleeper.SYSTEM.sleep(duration);
        };
    Duration maxWait = Duration.ofMillis(60);
    Duration pollInterval = Duration.ofMillis(20);
    try (LmStudio lms = clientFor(server, realSleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThatThrownBy(() -> job.await(seen::add, pollInterval, maxWait))
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.CALL);
                assertThat(e.limit()).isEqualTo(maxWait);
                assertThat(e.partialResult()).isNull();
                assertThat(e.getMessage())
                    .contains("job_1")
                    .contains("still downloading")
                    .contains("downloadStatus(\"job_1\")");
              });
      // Giving up waiting does not end the job: it can still be followed.
      assertThat(job.status().state()).isEqualTo(DownloadStatus.State.DOWNLOADING);
    }
    assertThat(seen).isNotEmpty().allMatch(s -> s.state() == DownloadStatus.State.DOWNLOADING);
    assertThat(waits)
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w).isPositive().isLessThanOrEqualTo(pollInterval));
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    for (int i = 1; i < server.getRequestCount(); i++) {
      assertGet(server.takeRequest(), STATUS, null);
    }
  }

  @Test
  void interruptedWaitStopsWithTheInterruptKept() throws Exception {
    server.enqueue(json(downloading(0)));
    Sleeper interrupted =
        duration -> {
          throw new InterruptedException("test");
        };
    try (LmStudio lms = clientFor(server, interrupted).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThatThrownBy(job::await)
          .isExactlyInstanceOf(LmStudioException.class)
          .hasMessageContaining("job_1")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isTrue();
    }
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void awaitRefusesBadArguments() throws Exception {
    server.enqueue(json(downloading(0)));
    try (LmStudio lms = clientFor(server, sleeper).build()) {
      DownloadJob job = lms.models().download("ibm/granite-4-micro");

      assertThatNullPointerException()
          .isThrownBy(() -> job.await(null, Duration.ofSeconds(1), Duration.ZERO))
          .withMessage("listener == null");
      assertThatNullPointerException()
          .isThrownBy(() -> job.await(seen::add, null, Duration.ZERO))
          .withMessage("pollInterval == null");
      assertThatNullPointerException()
          .isThrownBy(() -> job.await(seen::add, Duration.ofSeconds(1), null))
          .withMessage("maxWait == null");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> job.await(seen::add, Duration.ofSeconds(-1), Duration.ZERO));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> job.await(seen::add, Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }
    assertPost(server.takeRequest(), DOWNLOAD, MODEL_BODY, null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(seen).isEmpty();
  }

  private static String downloading(long downloaded) {
    return "{\"job_id\": \"job_1\", \"status\": \"downloading\", \"total_size_bytes\": 1000,"
        + " \"downloaded_bytes\": "
        + downloaded
        + "}";
  }
}
