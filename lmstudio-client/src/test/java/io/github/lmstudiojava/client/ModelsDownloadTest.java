package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static io.github.lmstudiojava.client.ClientTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsDownloadTest {
  private static final String DOWNLOAD = "/api/v1/models/download";
  private static final String STATUS = "/api/v1/models/download/status/";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void setUp() {
    lms = clientFor(server).build();
  }

  @AfterEach
  void tearDown() {
    lms.close();
  }

  @Test
  void downloadSendsTheModelAndReadsTheDocsAnswer() throws Exception {
    server.enqueue(json(fixture("models/download-docs.json")));

    DownloadJob job = lms.models().download("ibm/granite-4-micro");

    RecordedRequest request = server.takeRequest();
    assertPost(request, DOWNLOAD, "{\"model\":\"ibm/granite-4-micro\"}", null);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(fixture("models/download-request-docs.json")));
    assertThat(job.jobId()).isEqualTo("job_493c7c9ded");
    assertThat(job.initial())
        .isEqualTo(
            new DownloadStatus(
                "job_493c7c9ded",
                "downloading",
                2_279_145_003L,
                null,
                null,
                null,
                "2025-10-03T15:33:23.496Z",
                null));
    assertThat(job.initial().state()).isEqualTo(DownloadStatus.State.DOWNLOADING);
    assertThat(job.initial().isFinished()).isFalse();
    assertThat(job.initial().fraction()).isNull();
    assertThat(job).hasToString("DownloadJob[jobId=job_493c7c9ded, status=downloading]");
  }

  @Test
  void downloadWithAQuantizationSendsIt() throws Exception {
    server.enqueue(json(fixture("models/download-docs.json")));

    lms.models().download("https://huggingface.co/lmstudio-community/gpt-oss-20b-GGUF", "Q4_K_M");

    assertPost(
        server.takeRequest(),
        DOWNLOAD,
        "{\"model\":\"https://huggingface.co/lmstudio-community/gpt-oss-20b-GGUF\","
            + "\"quantization\":\"Q4_K_M\"}",
        null);
  }

  @Test
  void downloadSendsTheBearerToken() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(json(fixture("models/download-docs.json")));

      withToken.models().download("ibm/granite-4-micro", null);

      assertPost(server.takeRequest(), DOWNLOAD, "{\"model\":\"ibm/granite-4-micro\"}", TOKEN);
    }
  }

  @Test
  void alreadyDownloadedModelGivesAFinishedJobWithoutAnId() throws Exception {
    server.enqueue(json("{\"status\": \"already_downloaded\"}"));

    DownloadJob job = lms.models().download("ibm/granite-4-micro");

    assertPost(server.takeRequest(), DOWNLOAD, "{\"model\":\"ibm/granite-4-micro\"}", null);
    assertThat(job.jobId()).isNull();
    assertThat(job.initial().state()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
    assertThat(job.initial().isFinished()).isTrue();
    assertThat(job.initial().fraction()).isEqualTo(1.0);
    assertThat(job.initial().totalSizeBytes()).isNull();
    assertThat(job.initial().startedAt()).isNull();
  }

  @Test
  void downloadRefusesAMissingModelWithoutARequest() {
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().download(null))
        .withMessage("model == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lms.models().download(" "))
        .withMessage("model is blank");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void downloadStatusReadsTheDocsAnswer() throws Exception {
    server.enqueue(json(fixture("models/download-status-docs.json")));

    DownloadStatus status = lms.models().downloadStatus("job_493c7c9ded");

    assertGet(server.takeRequest(), STATUS + "job_493c7c9ded", null);
    assertThat(status)
        .isEqualTo(
            new DownloadStatus(
                "job_493c7c9ded",
                "completed",
                2_279_145_003L,
                2_279_145_003L,
                null,
                null,
                "2025-10-03T15:33:23.496Z",
                "2025-10-03T15:43:12.102Z"));
    assertThat(status.state()).isEqualTo(DownloadStatus.State.COMPLETED);
    assertThat(status.isFinished()).isTrue();
    assertThat(status.fraction()).isEqualTo(1.0);
  }

  @Test
  void downloadStatusWhileDownloadingCarriesSpeedAndProgress() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(
          json(
              """
              {"job_id": "job_1", "status": "downloading", "total_size_bytes": 4000000000,
               "downloaded_bytes": 1000000000, "bytes_per_second": 52428800.5,
               "estimated_completion": "2025-10-03T15:40:00.000Z",
               "started_at": "2025-10-03T15:33:23.496Z", "mirror": "eu-1"}
              """));

      DownloadStatus status = withToken.models().downloadStatus("job_1");

      assertGet(server.takeRequest(), STATUS + "job_1", TOKEN);
      assertThat(status.state()).isEqualTo(DownloadStatus.State.DOWNLOADING);
      assertThat(status.totalSizeBytes()).isEqualTo(4_000_000_000L);
      assertThat(status.downloadedBytes()).isEqualTo(1_000_000_000L);
      assertThat(status.bytesPerSecond()).isEqualTo(52_428_800.5);
      assertThat(status.estimatedCompletion()).isEqualTo("2025-10-03T15:40:00.000Z");
      assertThat(status.completedAt()).isNull();
      assertThat(status.isFinished()).isFalse();
      assertThat(status.fraction()).isEqualTo(0.25);
    }
  }

  @Test
  void statesCoverEveryDocumentedStatusAndANewOne() {
    assertThat(status("paused", 10L, 5L).state()).isEqualTo(DownloadStatus.State.PAUSED);
    assertThat(status("paused", 10L, 5L).isFinished()).isFalse();
    assertThat(status("paused", 10L, 5L).fraction()).isEqualTo(0.5);
    assertThat(status("failed", 10L, 5L).state()).isEqualTo(DownloadStatus.State.FAILED);
    assertThat(status("failed", 10L, 5L).isFinished()).isTrue();
    assertThat(status("verifying", 10L, 10L).state()).isEqualTo(DownloadStatus.State.UNKNOWN);
    assertThat(status("verifying", 10L, 10L).isFinished()).isFalse();
    assertThat(status(null, null, null).state()).isEqualTo(DownloadStatus.State.UNKNOWN);
  }

  @Test
  void fractionIsUnknownWithoutSizesAndNeverAboveOne() {
    assertThat(status("downloading", null, 5L).fraction()).isNull();
    assertThat(status("downloading", 10L, null).fraction()).isNull();
    assertThat(status("downloading", 0L, 0L).fraction()).isNull();
    assertThat(status("downloading", 10L, 0L).fraction()).isEqualTo(0.0);
    assertThat(status("downloading", 10L, 12L).fraction()).isEqualTo(1.0);
  }

  @Test
  void downloadStatusPercentEncodesTheJobId() throws Exception {
    server.enqueue(json("{\"job_id\": \"job 1?x#y\", \"status\": \"paused\"}"));

    DownloadStatus status = lms.models().downloadStatus("job 1?x#y");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo(STATUS + "job%201%3Fx%23y");
    assertGet(request, STATUS + "job%201%3Fx%23y", null);
    assertThat(status.jobId()).isEqualTo("job 1?x#y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "job/1", "../models", ".", ".."})
  void downloadStatusRefusesAnythingThatIsNotOneJobId(String jobId) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> lms.models().downloadStatus(jobId))
        .withMessageContaining("not a job id");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void downloadStatusRefusesANullJobId() {
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().downloadStatus(null))
        .withMessage("jobId == null");
  }

  private static DownloadStatus status(String status, Long total, Long downloaded) {
    return new DownloadStatus("job_1", status, total, downloaded, null, null, null, null);
  }
}
