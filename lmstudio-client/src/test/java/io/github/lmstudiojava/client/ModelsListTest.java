package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelsListTest {
  private static final String MODELS = "/api/v1/models";

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
  void docsExampleParsesEveryFieldOfAnLlmWithALoadedInstance() throws Exception {
    server.enqueue(json(fixture("models/list-docs.json")));

    List<Model> models = lms.models().list();

    assertGet(server.takeRequest(), MODELS, null);
    assertThat(models).hasSize(3);
    Model gemma = models.get(0);
    assertThat(gemma.type()).isEqualTo("llm");
    assertThat(gemma.isLlm()).isTrue();
    assertThat(gemma.isEmbedding()).isFalse();
    assertThat(gemma.publisher()).isEqualTo("google");
    assertThat(gemma.key()).isEqualTo("google/gemma-4-26b-a4b");
    assertThat(gemma.displayName()).isEqualTo("Gemma 4 26B A4B");
    assertThat(gemma.architecture()).isEqualTo("gemma4");
    assertThat(gemma.quantization()).isEqualTo(new Quantization("Q4_K_M", 4.0));
    // Larger than an int can hold: the size must be read as a long.
    assertThat(gemma.sizeBytes()).isEqualTo(17_990_911_801L).isGreaterThan(Integer.MAX_VALUE);
    assertThat(gemma.paramsString()).isEqualTo("26B-A4B");
    assertThat(gemma.isLoaded()).isTrue();
    assertThat(gemma.loadedInstances())
        .containsExactly(
            new LoadedInstance(
                "google/gemma-4-26b-a4b",
                new InstanceConfig(4096, 512, 4, true, 8, true),
                lms.baseUrl()));
    assertThat(gemma.host())
        .isEqualTo(lms.baseUrl())
        .isEqualTo(server.url("/").toString().replaceAll("/$", ""));
    assertThat(gemma.loadedInstances().get(0).contextLength()).isEqualTo(4096);
    assertThat(gemma.maxContextLength()).isEqualTo(262_144);
    assertThat(gemma.format()).isEqualTo("gguf");
    Capabilities capabilities = gemma.capabilities();
    assertThat(capabilities.vision()).isTrue();
    assertThat(capabilities.supportsVision()).isTrue();
    assertThat(capabilities.trainedForToolUse()).isTrue();
    assertThat(capabilities.supportsToolUse()).isTrue();
    assertThat(capabilities.supportsReasoning()).isTrue();
    assertThat(capabilities.reasoning().allowedOptions()).containsExactly("off", "on");
    assertThat(capabilities.reasoning().defaultOption()).isEqualTo("on");
    assertThat(capabilities.reasoning().allows(Reasoning.OFF)).isTrue();
    assertThat(capabilities.reasoning().allows(Reasoning.ON)).isTrue();
    assertThat(capabilities.reasoning().allows(Reasoning.HIGH)).isFalse();
    assertThat(gemma.description()).isNull();
    assertThat(gemma.variants()).containsExactly("google/gemma-4-26b-a4b@q4_k_m");
    assertThat(gemma.selectedVariant()).isEqualTo("google/gemma-4-26b-a4b@q4_k_m");
  }

  @Test
  void docsExampleParsesAnUnloadedLlmWithoutVariants() {
    server.enqueue(json(fixture("models/list-docs.json")));

    Model deepseek = lms.models().list().get(1);

    assertThat(deepseek)
        .isEqualTo(
            new Model(
                "llm",
                "deepseek",
                "deepseek-r1",
                "DeepSeek R1",
                "deepseek",
                new Quantization("Q4_K_M", 4.0),
                40_492_610_355L,
                "671B",
                List.of(),
                131_072,
                "gguf",
                new Capabilities(false, true, new ReasoningOptions(List.of("on"), "on")),
                null,
                List.of(),
                null,
                lms.baseUrl()));
    assertThat(deepseek.isLoaded()).isFalse();
    assertThat(deepseek.capabilities().supportsVision()).isFalse();
    assertThat(deepseek.capabilities().reasoning().allows(Reasoning.OFF)).isFalse();
  }

  @Test
  void docsExampleParsesAnEmbeddingModelWithoutCapabilities() {
    server.enqueue(json(fixture("models/list-docs.json")));

    Model nomic = lms.models().list().get(2);

    assertThat(nomic.type()).isEqualTo("embedding");
    assertThat(nomic.isEmbedding()).isTrue();
    assertThat(nomic.isLlm()).isFalse();
    assertThat(nomic.publisher()).isEqualTo("gaianet");
    assertThat(nomic.key()).isEqualTo("text-embedding-nomic-embed-text-v1.5-embedding");
    assertThat(nomic.displayName()).isEqualTo("Nomic Embed Text v1.5");
    assertThat(nomic.architecture()).isNull();
    assertThat(nomic.quantization()).isEqualTo(new Quantization("F16", 16.0));
    assertThat(nomic.sizeBytes()).isEqualTo(274_290_560L);
    assertThat(nomic.paramsString()).isNull();
    assertThat(nomic.loadedInstances()).isEmpty();
    assertThat(nomic.maxContextLength()).isEqualTo(2048);
    assertThat(nomic.format()).isEqualTo("gguf");
    assertThat(nomic.capabilities()).isNull();
    assertThat(nomic.description()).isNull();
    assertThat(nomic.variants()).isEmpty();
    assertThat(nomic.selectedVariant()).isNull();
  }

  @Test
  void unknownFieldsAtEveryLevelAreIgnored() {
    server.enqueue(
        json(
            """
            {
              "object": "list",
              "next_page": {"cursor": "abc", "more": [1, 2]},
              "models": [{
                "type": "llm",
                "publisher": "qwen",
                "key": "qwen/qwen3-4b",
                "display_name": "Qwen3 4B",
                "architecture": "qwen3",
                "quantization": {"name": "Q4_K_M", "bits_per_weight": 4.5, "group_size": 32},
                "size_bytes": 2497280000,
                "params_string": "4B",
                "loaded_instances": [{
                  "id": "qwen/qwen3-4b",
                  "ttl_seconds": 3600,
                  "config": {"context_length": 8192, "rope_scaling": {"factor": 2}}
                }],
                "max_context_length": 32768,
                "format": "mlx",
                "capabilities": {
                  "vision": false,
                  "trained_for_tool_use": true,
                  "audio": true,
                  "reasoning": {"allowed_options": ["off", "low", "xhigh"], "default": "low",
                                "budget": null}
                },
                "description": "A small model",
                "license": {"name": "apache-2.0"},
                "tags": ["chat", "tools"]
              }]
            }
            """));

    List<Model> models = lms.models().list();

    assertThat(models).hasSize(1);
    Model qwen = models.get(0);
    assertThat(qwen.key()).isEqualTo("qwen/qwen3-4b");
    assertThat(qwen.quantization()).isEqualTo(new Quantization("Q4_K_M", 4.5));
    assertThat(qwen.sizeBytes()).isEqualTo(2_497_280_000L);
    assertThat(qwen.loadedInstances())
        .containsExactly(
            new LoadedInstance(
                "qwen/qwen3-4b",
                new InstanceConfig(8192, null, null, null, null, null),
                lms.baseUrl()));
    assertThat(qwen.format()).isEqualTo("mlx");
    assertThat(qwen.capabilities())
        .isEqualTo(
            new Capabilities(
                false, true, new ReasoningOptions(List.of("off", "low", "xhigh"), "low")));
    assertThat(qwen.description()).isEqualTo("A small model");
  }

  @Test
  void listSendsTheBearerTokenWhenOneIsSet() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(json("{\"models\": []}"));

      assertThat(withToken.models().list()).isEmpty();

      assertGet(server.takeRequest(), MODELS, TOKEN);
    }
  }

  @Test
  void loadedKeepsOnlyModelsWithALoadedInstance() throws Exception {
    server.enqueue(json(fixture("models/list-docs.json")));

    List<Model> loaded = lms.models().loaded();

    assertGet(server.takeRequest(), MODELS, null);
    assertThat(loaded).extracting(Model::key).containsExactly("google/gemma-4-26b-a4b");
  }

  @Test
  void findLooksUpAModelByItsKey() throws Exception {
    server.enqueue(json(fixture("models/list-docs.json")));

    Optional<Model> found = lms.models().find("deepseek-r1");

    assertGet(server.takeRequest(), MODELS, null);
    assertThat(found).map(Model::displayName).contains("DeepSeek R1");
  }

  @Test
  void findLooksUpAModelByALoadedInstanceId() throws Exception {
    server.enqueue(
        json(
            """
            {"models": [
              {"type": "llm", "key": "qwen/qwen3-4b", "loaded_instances": []},
              {"type": "llm", "key": "google/gemma-3-4b",
               "loaded_instances": [{"id": "gemma-copy-2", "config": {"context_length": 4096}}]}
            ]}
            """));

    Optional<Model> found = lms.models().find("gemma-copy-2");

    assertGet(server.takeRequest(), MODELS, null);
    assertThat(found).map(Model::key).contains("google/gemma-3-4b");
  }

  @Test
  void findReturnsEmptyForAnUnknownKey() throws Exception {
    server.enqueue(json(fixture("models/list-docs.json")));

    assertThat(lms.models().find("nobody/nothing")).isEmpty();

    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void findRefusesANullKeyWithoutARequest() {
    assertThatNullPointerException()
        .isThrownBy(() -> lms.models().find(null))
        .withMessage("key == null");
    assertThat(server.getRequestCount()).isZero();
  }
}
