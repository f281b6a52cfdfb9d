package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static io.github.lmstudiojava.client.ClientTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelsLoadTest {
  private static final String LOAD = "/api/v1/models/load";
  private static final String UNLOAD = "/api/v1/models/unload";

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
  void loadWithEveryOptionSendsSnakeCaseNamesAndReadsTheDocsAnswer() throws Exception {
    server.enqueue(json(fixture("models/load-docs.json")));

    LoadResult result =
        lms.models()
            .load(
                LoadRequest.builder("openai/gpt-oss-20b")
                    .contextLength(16384)
                    .evalBatchSize(512)
                    .flashAttention(true)
                    .numExperts(4)
                    .offloadKvCacheToGpu(false)
                    .echoLoadConfig(true)
                    .timeout(Duration.ofMinutes(3))
                    .build());

    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"openai/gpt-oss-20b\",\"context_length\":16384,\"eval_batch_size\":512,"
            + "\"flash_attention\":true,\"num_experts\":4,\"offload_kv_cache_to_gpu\":false,"
            + "\"echo_load_config\":true}",
        null);
    assertThat(result.type()).isEqualTo("llm");
    assertThat(result.instanceId()).isEqualTo("openai/gpt-oss-20b");
    assertThat(result.loadTimeSeconds()).isEqualTo(9.099);
    assertThat(result.status()).isEqualTo("loaded");
    // parallel is listed for loaded instances but never echoed by a load.
    assertThat(result.loadConfig()).isEqualTo(new InstanceConfig(16384, 512, null, true, 4, true));
  }

  @Test
  void docsExampleRequestIsWhatTheClientSends() throws Exception {
    server.enqueue(json(fixture("models/load-docs.json")));

    lms.models()
        .load(
            LoadRequest.builder("openai/gpt-oss-20b")
                .contextLength(16384)
                .flashAttention(true)
                .echoLoadConfig(true)
                .build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo(LOAD);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(fixture("models/load-request-docs.json")));
  }

  @Test
  void loadWithOnlyTheModelLeavesEveryOptionOut() throws Exception {
    server.enqueue(
        json(
            """
            {"type": "llm", "instance_id": "qwen/qwen3-4b", "load_time_seconds": 2.5,
             "status": "loaded"}
            """));

    LoadResult result = lms.models().load("qwen/qwen3-4b");

    assertPost(server.takeRequest(), LOAD, "{\"model\":\"qwen/qwen3-4b\"}", null);
    assertThat(result)
        .isEqualTo(
            new LoadResult(
                "llm", "qwen/qwen3-4b", 2.5, "loaded", null, null, false, lms.baseUrl()));
  }

  @Test
  void loadSendsTheBearerToken() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(json(fixture("models/load-docs.json")));

      withToken.models().load(LoadRequest.of("openai/gpt-oss-20b"));

      assertPost(server.takeRequest(), LOAD, "{\"model\":\"openai/gpt-oss-20b\"}", TOKEN);
    }
  }

  @Test
  void embeddingLoadConfigHoldsOnlyTheContextLength() {
    server.enqueue(
        json(
            """
            {"type": "embedding", "instance_id": "text-embedding-nomic-embed-text-v1.5",
             "load_time_seconds": 0.4, "status": "loaded",
             "load_config": {"context_length": 2048}}
            """));

    LoadResult result =
        lms.models()
            .load(
                LoadRequest.builder("text-embedding-nomic-embed-text-v1.5")
                    .echoLoadConfig(true)
                    .build());

    assertThat(result.type()).isEqualTo("embedding");
    assertThat(result.loadConfig())
        .isEqualTo(new InstanceConfig(2048, null, null, null, null, null));
  }

  @Test
  void loadResultIgnoresUnknownFieldsAtEveryLevel() {
    server.enqueue(
        json(
            """
            {"type": "llm", "instance_id": "m", "load_time_seconds": 1, "status": "loaded",
             "engine": {"name": "llama.cpp", "version": "1.2"},
             "load_config": {"context_length": 4096, "gpu_layers": [1, 2], "seed": null}}
            """));

    LoadResult result = lms.models().load("m");

    assertThat(result)
        .isEqualTo(
            new LoadResult(
                "llm",
                "m",
                1.0,
                "loaded",
                new InstanceConfig(4096, null, null, null, null, null),
                null,
                false,
                lms.baseUrl()));
  }

  @Test
  void loadIsLimitedByTheRequestsOwnTimeout() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).build());

    assertThatThrownBy(
            () ->
                lms.models()
                    .load(
                        LoadRequest.builder("slow/model").timeout(Duration.ofMillis(200)).build()))
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.MODEL_LOAD);
              assertThat(e.limit()).isEqualTo(Duration.ofMillis(200));
              assertThat(e.getMessage()).contains("POST " + LOAD).contains("PT0.2S");
            });
    assertPost(server.takeRequest(), LOAD, "{\"model\":\"slow/model\"}", null);
  }

  @Test
  void unloadSendsTheInstanceIdAndReturnsTheOneLmStudioUnloaded() throws Exception {
    server.enqueue(json(fixture("models/unload-docs.json")));

    String unloaded = lms.models().unload("openai/gpt-oss-20b");

    RecordedRequest request = server.takeRequest();
    assertPost(request, UNLOAD, "{\"instance_id\":\"openai/gpt-oss-20b\"}", null);
    assertThat(tree(request.getBody().utf8()))
        .isEqualTo(tree(fixture("models/unload-request-docs.json")));
    assertThat(unloaded).isEqualTo("openai/gpt-oss-20b");
  }

  @Test
  void unloadAnswerWithoutAnInstanceIdIsAProtocolError() throws Exception {
    server.enqueue(json("{\"status\": \"unloaded\"}"));

    assertThatThrownBy(() -> lms.models().unload("m"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST " + UNLOAD)
        .hasMessageContaining("instance_id");
    assertPost(server.takeRequest(), UNLOAD, "{\"instance_id\":\"m\"}", null);
  }

  @Test
  void loadAndUnloadRefuseMissingArgumentsWithoutARequest() {
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().load((LoadRequest) null))
        .withMessage("request == null");
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().load((String) null))
        .withMessage("model == null");
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().unload(null))
        .withMessage("instanceId == null");
    assertThat(server.getRequestCount()).isZero();
  }
}
