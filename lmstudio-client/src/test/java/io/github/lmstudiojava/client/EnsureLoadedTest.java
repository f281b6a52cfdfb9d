package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code models().ensureLoaded(...)} and the context a load reports, against MockWebServer. */
class EnsureLoadedTest {
  private static final String MODELS = "/api/v1/models";
  private static final String LOAD = "/api/v1/models/load";

  /** One model, loaded once with 8192 tokens of context and Flash Attention on. */
  private static final String LOADED_8K =
      """
      {"models": [{"type": "llm", "publisher": "qwen", "key": "qwen/qwen3-4b",
        "display_name": "Qwen3 4B",
        "loaded_instances": [{"id": "qwen/qwen3-4b",
          "config": {"context_length": 8192, "eval_batch_size": 512, "parallel": 4,
                     "flash_attention": true, "offload_kv_cache_to_gpu": true}}],
        "max_context_length": 40960}]}
      """;

  private static final String NOT_LOADED =
      """
      {"models": [{"type": "llm", "publisher": "qwen", "key": "qwen/qwen3-4b",
        "loaded_instances": [], "max_context_length": 40960}]}
      """;

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
  void anInstanceWithEnoughContextAndTheSameOptionsIsReusedWithoutALoad() throws Exception {
    server.enqueue(json(LOADED_8K));

    LoadResult result =
        lms.models()
            .ensureLoaded(
                LoadRequest.builder("qwen/qwen3-4b")
                    .contextLength(4096)
                    .flashAttention(true)
                    .build());

    assertGet(server.takeRequest(), MODELS, null);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(result.reused()).isTrue();
    assertThat(result.instanceId()).isEqualTo("qwen/qwen3-4b");
    assertThat(result.type()).isEqualTo("llm");
    assertThat(result.status()).isEqualTo("loaded");
    assertThat(result.loadTimeSeconds()).isNull();
    assertThat(result.contextLength()).isEqualTo(8192);
    assertThat(result.requestedContextLength()).isEqualTo(4096);
    assertThat(result.contextReduced()).isFalse();
    assertThat(result.loadConfig().parallel()).isEqualTo(4);
  }

  @Test
  void anInstanceWithLessContextThanAskedIsNotReusedAndALoadFollows() throws Exception {
    server.enqueue(json(LOADED_8K));
    server.enqueue(
        json(
            """
            {"type": "llm", "instance_id": "qwen/qwen3-4b:2", "load_time_seconds": 3.5,
             "status": "loaded", "load_config": {"context_length": 16384}}
            """));

    LoadResult result =
        lms.models()
            .ensureLoaded(LoadRequest.builder("qwen/qwen3-4b").contextLength(16384).build());

    assertGet(server.takeRequest(), MODELS, null);
    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"qwen/qwen3-4b\",\"context_length\":16384,\"echo_load_config\":true}",
        null);
    assertThat(result.reused()).isFalse();
    assertThat(result.instanceId()).isEqualTo("qwen/qwen3-4b:2");
    assertThat(result.contextReduced()).isFalse();
  }

  @Test
  void anOptionWithAnotherValueIsNotReused() throws Exception {
    server.enqueue(json(LOADED_8K));
    server.enqueue(
        json(
            """
            {"type": "llm", "instance_id": "qwen/qwen3-4b:2", "load_time_seconds": 1,
             "status": "loaded"}
            """));

    LoadResult result =
        lms.models()
            .ensureLoaded(LoadRequest.builder("qwen/qwen3-4b").flashAttention(false).build());

    server.takeRequest();
    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"qwen/qwen3-4b\",\"flash_attention\":false}",
        null);
    assertThat(result.reused()).isFalse();
    assertThat(result.requestedContextLength()).isNull();
    assertThat(result.contextReduced()).isFalse();
  }

  @Test
  void anOptionTheInstanceDoesNotListDoesNotForceALoad() throws Exception {
    server.enqueue(
        json(
            """
            {"models": [{"type": "embedding", "key": "text-embedding-nomic",
              "loaded_instances": [{"id": "text-embedding-nomic",
                "config": {"context_length": 2048}}]}]}
            """));

    LoadResult result =
        lms.models()
            .ensureLoaded(LoadRequest.builder("text-embedding-nomic").flashAttention(true).build());

    assertThat(result.reused()).isTrue();
    assertThat(result.type()).isEqualTo("embedding");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aModelNotLoadedIsLoadedAndAReducedContextIsReported() throws Exception {
    server.enqueue(json(NOT_LOADED));
    server.enqueue(
        json(
            """
            {"type": "llm", "instance_id": "qwen/qwen3-4b", "load_time_seconds": 2,
             "status": "loaded", "load_config": {"context_length": 12000, "parallel": 4}}
            """));

    LoadResult result =
        lms.models()
            .ensureLoaded(LoadRequest.builder("qwen/qwen3-4b").contextLength(32768).build());

    server.takeRequest();
    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"qwen/qwen3-4b\",\"context_length\":32768,\"echo_load_config\":true}",
        null);
    assertThat(result.reused()).isFalse();
    assertThat(result.requestedContextLength()).isEqualTo(32768);
    assertThat(result.contextLength()).isEqualTo(12000);
    assertThat(result.contextReduced()).isTrue();
  }

  @Test
  void anInstanceIdNamesThatInstance() throws Exception {
    server.enqueue(
        json(
            """
            {"models": [{"type": "llm", "key": "m",
              "loaded_instances": [{"id": "m", "config": {"context_length": 2048}},
                                   {"id": "m:2", "config": {"context_length": 8192}}]}]}
            """));

    LoadResult result =
        lms.models().ensureLoaded(LoadRequest.builder("m:2").contextLength(8000).build());

    assertThat(result.reused()).isTrue();
    assertThat(result.instanceId()).isEqualTo("m:2");
  }

  @Test
  void anExplicitEchoSettingIsKeptAndWithoutTheConfigNothingIsReduced() throws Exception {
    server.enqueue(
        json(
            "{\"type\":\"llm\",\"instance_id\":\"m\",\"load_time_seconds\":1,\"status\":\"loaded\"}"));

    LoadResult result =
        lms.models()
            .load(LoadRequest.builder("m").contextLength(4096).echoLoadConfig(false).build());

    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"m\",\"context_length\":4096,\"echo_load_config\":false}",
        null);
    assertThat(result.contextLength()).isNull();
    assertThat(result.requestedContextLength()).isEqualTo(4096);
    assertThat(result.contextReduced()).isFalse();
  }

  @Test
  void anUnknownModelFailsWithModelNotFoundAfterTheListAndTheLoad() throws Exception {
    server.enqueue(json(NOT_LOADED));
    server.enqueue(
        json(
            404,
            """
            {"error": {"type": "invalid_request", "code": "model_not_found",
             "message": "Model \\"no/such\\" not found", "param": "model"}}
            """));

    assertThatThrownBy(() -> lms.models().ensureLoaded(LoadRequest.of("no/such")))
        .isInstanceOf(ModelNotFoundException.class);
    assertGet(server.takeRequest(), MODELS, null);
    assertPost(server.takeRequest(), LOAD, "{\"model\":\"no/such\"}", null);
  }

  @Test
  void instanceFindsALoadedInstanceById() throws Exception {
    server.enqueue(json(LOADED_8K));
    server.enqueue(json(LOADED_8K));

    assertThat(lms.models().instance("qwen/qwen3-4b"))
        .hasValueSatisfying(i -> assertThat(i.parallel()).isEqualTo(4));
    assertThat(lms.models().instance("qwen/qwen3-4b:2")).isEmpty();
    assertGet(server.takeRequest(), MODELS, null);
  }
}
