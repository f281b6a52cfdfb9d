package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lmstudiojava.client.DownloadJob;
import io.github.lmstudiojava.client.DownloadStatus;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.ModelNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeModelsTest {
  private final FakeLmStudio fake = FakeLmStudio.builder().downloadPolls(3).start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void listsTheDefaultCatalogueWithEveryDocumentedField() {
    List<Model> models = fake.client().models().list();

    assertThat(models)
        .extracting(Model::key)
        .containsExactly(
            FakeModel.LOADED_LLM,
            FakeModel.UNLOADED_LLM,
            FakeModel.EMBEDDING,
            FakeModel.REASONING,
            FakeModel.VISION);
    Model loaded = models.get(0);
    assertThat(loaded.isLoaded()).isTrue();
    assertThat(loaded.loadedInstances().get(0).id()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(loaded.loadedInstances().get(0).config().contextLength()).isEqualTo(4096);
    assertThat(loaded.loadedInstances().get(0).config().flashAttention()).isTrue();
    assertThat(loaded.quantization().name()).isEqualTo("Q4_K_M");
    assertThat(loaded.sizeBytes()).isPositive();
    assertThat(loaded.paramsString()).isEqualTo("3B");
    assertThat(loaded.maxContextLength()).isEqualTo(131_072);
    assertThat(loaded.format()).isEqualTo("gguf");
    assertThat(loaded.capabilities().supportsToolUse()).isTrue();
    assertThat(loaded.variants()).hasSize(2);
    assertThat(loaded.selectedVariant()).isEqualTo(FakeModel.LOADED_LLM + "@q4_k_m");
    Model embedding = models.get(2);
    assertThat(embedding.isEmbedding()).isTrue();
    assertThat(embedding.capabilities()).isNull();
    assertThat(embedding.architecture()).isNull();
    assertThat(models.get(3).capabilities().reasoning().allowedOptions())
        .containsExactly("off", "on");
    assertThat(models.get(3).capabilities().reasoning().defaultOption()).isEqualTo("on");
    assertThat(models.get(4).capabilities().supportsVision()).isTrue();

    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("GET /api/v1/models");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.body()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void listJsonLeavesOutWhatTheDocsSayIsAbsentForEmbeddings() {
    RawHttp.Answer answer = RawHttp.get(fake, "/api/v1/models");

    List<Map<String, Object>> models = (List<Map<String, Object>>) answer.json().get("models");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(models.get(2))
        .doesNotContainKeys("architecture", "capabilities", "description", "variants")
        .containsEntry("params_string", null);
    assertThat(models.get(1))
        .containsEntry("description", null)
        .containsKey("architecture")
        .doesNotContainKeys("variants", "selected_variant");
    assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
  }

  @Test
  void loadAppliesEveryOptionAndEchoesTheConfig() {
    LoadResult result =
        fake.client()
            .models()
            .load(
                LoadRequest.builder(FakeModel.UNLOADED_LLM)
                    .contextLength(16_384)
                    .evalBatchSize(256)
                    .flashAttention(false)
                    .numExperts(4)
                    .offloadKvCacheToGpu(false)
                    .echoLoadConfig(true)
                    .build());

    assertThat(result.type()).isEqualTo("llm");
    assertThat(result.instanceId()).isEqualTo(FakeModel.UNLOADED_LLM);
    assertThat(result.status()).isEqualTo("loaded");
    assertThat(result.loadTimeSeconds()).isEqualTo(FakeModels.LOAD_TIME_SECONDS);
    assertThat(result.loadConfig().contextLength()).isEqualTo(16_384);
    assertThat(result.loadConfig().evalBatchSize()).isEqualTo(256);
    assertThat(result.loadConfig().flashAttention()).isFalse();
    assertThat(result.loadConfig().numExperts()).isEqualTo(4);
    assertThat(result.loadConfig().offloadKvCacheToGpu()).isFalse();
    assertThat(fake.client().models().find(FakeModel.UNLOADED_LLM).orElseThrow().isLoaded())
        .isTrue();

    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /api/v1/models/load");
    assertThat(sent.header("Content-Type")).startsWith("application/json");
    assertThat(sent.json())
        .containsEntry("model", FakeModel.UNLOADED_LLM)
        .containsEntry("context_length", 16_384.0)
        .containsEntry("eval_batch_size", 256.0)
        .containsEntry("flash_attention", false)
        .containsEntry("num_experts", 4.0)
        .containsEntry("offload_kv_cache_to_gpu", false)
        .containsEntry("echo_load_config", true);
  }

  @Test
  void loadWithoutEchoLeavesTheConfigOutAndASecondLoadGetsANewInstance() {
    LoadResult result = fake.client().models().load(FakeModel.LOADED_LLM);

    assertThat(result.loadConfig()).isNull();
    assertThat(result.instanceId()).isEqualTo(FakeModel.LOADED_LLM + ":2");
    assertThat(fake.takeRequest().json()).containsOnlyKeys("model");
  }

  @Test
  void ensureLoadedReusesTheLoadedInstanceAndLoadsOnceForManyThreads() throws Exception {
    List<LoadResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t =
          new Thread(
              () ->
                  results.add(
                      fake.client()
                          .models()
                          .ensureLoaded(
                              LoadRequest.builder(FakeModel.UNLOADED_LLM)
                                  .contextLength(8192)
                                  .build())));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(results).hasSize(4);
    assertThat(results).filteredOn(r -> !r.reused()).hasSize(1);
    assertThat(results).extracting(LoadResult::instanceId).containsOnly(FakeModel.UNLOADED_LLM);
    assertThat(fake.requests())
        .filteredOn(r -> r.line().equals("POST /api/v1/models/load"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.json())
                    .isEqualTo(
                        Map.of(
                            "model",
                            FakeModel.UNLOADED_LLM,
                            "context_length",
                            8192.0,
                            "echo_load_config",
                            true)));
    assertThat(fake.client().models().find(FakeModel.UNLOADED_LLM).orElseThrow().loadedInstances())
        .hasSize(1);
  }

  @Test
  void autoFitLoadsLessContextThanAskedAndOnlyTheConfigSaysSo() {
    try (FakeLmStudio fitting = FakeLmStudio.builder().autoFitContext(6000).start()) {
      LoadResult explicit =
          fitting
              .client()
              .models()
              .load(LoadRequest.builder(FakeModel.UNLOADED_LLM).contextLength(32768).build());
      LoadResult small =
          fitting
              .client()
              .models()
              .load(LoadRequest.builder(FakeModel.EMBEDDING).contextLength(2048).build());

      assertThat(explicit.contextLength()).isEqualTo(6000);
      assertThat(explicit.contextReduced()).isTrue();
      assertThat(small.contextReduced()).isFalse();
      assertThat(fitting.client().models().instance(FakeModel.UNLOADED_LLM).orElseThrow())
          .satisfies(i -> assertThat(i.contextLength()).isEqualTo(6000))
          .satisfies(i -> assertThat(i.parallel()).isEqualTo(4));
    }
  }

  @Test
  void loadOfAnUnknownModelIsModelNotFound() {
    assertThatThrownBy(() -> fake.client().models().load("nobody/nothing"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.errorType()).isEqualTo("model_not_found");
            });
    assertThat(fake.takeRequest().json()).containsEntry("model", "nobody/nothing");
  }

  @Test
  void unloadRemovesTheInstance() {
    String unloaded = fake.client().models().unload(FakeModel.LOADED_LLM);

    assertThat(unloaded).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(fake.client().models().loaded()).isEmpty();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /api/v1/models/unload");
    assertThat(sent.json()).containsExactly(Map.entry("instance_id", FakeModel.LOADED_LLM));
  }

  @Test
  void unloadOfAnUnknownInstanceIsModelNotFound() {
    assertThatThrownBy(() -> fake.client().models().unload("ghost"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThat(fake.takeRequest().json()).containsEntry("instance_id", "ghost");
  }

  @Test
  void downloadProgressesOnEachPollThenAddsTheModel() {
    DownloadJob job = fake.client().models().download(FakeModel.DOWNLOADABLE);
    List<DownloadStatus> seen = new ArrayList<>();

    DownloadStatus done = job.await(seen::add, Duration.ZERO, Duration.ofSeconds(10));

    assertThat(job.jobId()).startsWith("job_");
    assertThat(job.initial().state()).isEqualTo(DownloadStatus.State.DOWNLOADING);
    assertThat(job.initial().startedAt()).isNotNull();
    assertThat(seen)
        .extracting(DownloadStatus::state)
        .containsExactly(
            DownloadStatus.State.DOWNLOADING,
            DownloadStatus.State.DOWNLOADING,
            DownloadStatus.State.DOWNLOADING,
            DownloadStatus.State.COMPLETED);
    assertThat(seen.get(1).fraction()).isCloseTo(1.0 / 3, within(1e-3));
    assertThat(seen.get(1).bytesPerSecond()).isPositive();
    assertThat(seen.get(1).estimatedCompletion()).isNotNull();
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.downloadedBytes()).isEqualTo(done.totalSizeBytes());
    assertThat(fake.client().models().find(FakeModel.DOWNLOADABLE)).isPresent();

    FakeRequest start = fake.takeRequest();
    assertThat(start.line()).isEqualTo("POST /api/v1/models/download");
    assertThat(start.json()).containsExactly(Map.entry("model", FakeModel.DOWNLOADABLE));
    assertThat(fake.takeRequest().line())
        .isEqualTo("GET /api/v1/models/download/status/" + job.jobId());
  }

  @Test
  void downloadOfAModelOnDiskIsAlreadyDownloadedWithoutAJob() {
    DownloadJob job = fake.client().models().download(FakeModel.UNLOADED_LLM);

    assertThat(job.jobId()).isNull();
    assertThat(job.initial().state()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
    assertThat(job.await().state()).isEqualTo(DownloadStatus.State.ALREADY_DOWNLOADED);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.UNLOADED_LLM);
  }

  @Test
  void downloadFromAHuggingFaceLinkTakesAQuantization() {
    String link = "https://huggingface.co/lmstudio-community/gpt-oss-20b-GGUF";
    DownloadJob job = fake.client().models().download(link, "Q8_0");

    job.await(s -> {}, Duration.ZERO, Duration.ofSeconds(10));

    Model model = fake.client().models().find("lmstudio-community/gpt-oss-20b").orElseThrow();
    assertThat(model.quantization().name()).isEqualTo("Q8_0");
    assertThat(fake.takeRequest().json())
        .containsEntry("model", link)
        .containsEntry("quantization", "Q8_0");
  }

  @Test
  void statusOfAnUnknownJobIsJobNotFound() {
    assertThatThrownBy(() -> fake.client().models().downloadStatus("job_missing"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.errorType()).isEqualTo("job_not_found");
            });
    assertThat(fake.takeRequest().line())
        .isEqualTo("GET /api/v1/models/download/status/job_missing");
  }

  @Test
  void aCustomCatalogueReplacesTheDefaults() {
    FakeModel mine = FakeModel.llm("acme/tiny-1b").loaded(true).loadedContextLength(2048).build();
    try (FakeLmStudio custom = FakeLmStudio.builder().models(mine).start()) {
      List<Model> models = custom.client().models().list();

      assertThat(models).extracting(Model::key).containsExactly("acme/tiny-1b");
      assertThat(models.get(0).publisher()).isEqualTo("acme");
      assertThat(models.get(0).loadedInstances().get(0).contextLength()).isEqualTo(2048);
      assertThat(custom.takeRequest().line()).isEqualTo("GET /api/v1/models");
    }
  }
}
