package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Model management: list, load, unload and download models. Reached through {@link
 * LmStudio#models()}.
 *
 * <pre>{@code
 * lms.models().list();                                   // every model on disk
 * lms.models().load(LoadRequest.builder("qwen/qwen3-4b").contextLength(8192).build());
 * lms.models().ensureLoaded(LoadRequest.of("qwen/qwen3-4b"));  // reuses a loaded instance
 * lms.models().unload("qwen/qwen3-4b");
 * lms.models().download("ibm/granite-4-micro").await(s -> System.out.println(s.fraction()));
 * }</pre>
 */
public final class Models {
  private static final String MODELS = "api/v1/models";

  /**
   * Serializes {@link #ensureLoaded} per model within this client, so that two threads asking for
   * the same model load it once; striped, so that a stranger's model names cannot grow a map.
   */
  private final ReentrantLock[] ensureLocks = new ReentrantLock[16];

  private final LmStudio lms;

  Models(LmStudio lms) {
    this.lms = lms;
    for (int i = 0; i < ensureLocks.length; i++) {
      ensureLocks[i] = new ReentrantLock();
    }
  }

  /**
   * Every model LM Studio has on disk, LLMs and embedding models, with their loaded instances
   * ({@code GET /api/v1/models}). Retried per the client's {@link RetryPolicy}.
   *
   * <p>A client of several hosts lists the models of every host that answers, host by host in the
   * order they were given; a model on two hosts is listed twice, and {@link Model#host()} says
   * where each is. Hosts that cannot be reached are left out; when none can, the first one's
   * failure is thrown.
   *
   * @return the models
   */
  public List<Model> list() {
    HostRouter router = lms.router();
    if (router != null) {
      return router.list();
    }
    String body = lms.transport().get(MODELS, lms.timeouts().idle());
    List<Model> models = NativeJson.models(body, "GET /" + MODELS);
    String host = lms.baseUrl();
    List<Model> hosted = new ArrayList<>(models.size());
    for (Model model : models) {
      hosted.add(model.withHost(host));
    }
    return List.copyOf(hosted);
  }

  /**
   * The models that have at least one loaded instance.
   *
   * @return the loaded models
   */
  public List<Model> loaded() {
    List<Model> loaded = new ArrayList<>();
    for (Model model : list()) {
      if (model.isLoaded()) {
        loaded.add(model);
      }
    }
    return List.copyOf(loaded);
  }

  /**
   * The model with a key, or the model one of whose loaded instances has that id.
   *
   * @param key a model key such as {@code qwen/qwen3-4b}, or a loaded instance id
   * @return the model, or empty when LM Studio has none by that name
   */
  public Optional<Model> find(String key) {
    Objects.requireNonNull(key, "key == null");
    List<Model> models = list();
    for (Model model : models) {
      if (key.equals(model.key())) {
        return Optional.of(model);
      }
    }
    for (Model model : models) {
      for (LoadedInstance instance : model.loadedInstances()) {
        if (key.equals(instance.id())) {
          return Optional.of(model);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The loaded instance with an id.
   *
   * @param instanceId an instance id, such as {@code qwen/qwen3-4b} or {@code qwen/qwen3-4b:2}
   * @return the instance, or empty when none has that id
   */
  public Optional<LoadedInstance> instance(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    for (Model model : list()) {
      for (LoadedInstance instance : model.loadedInstances()) {
        if (instanceId.equals(instance.id())) {
          return Optional.of(instance);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Loads a model with LM Studio's default configuration.
   *
   * @param model the model key
   * @return the loaded instance
   */
  public LoadResult load(String model) {
    return load(LoadRequest.of(model));
  }

  /**
   * Loads a model ({@code POST /api/v1/models/load}); waits until it is loaded, at most {@link
   * Timeouts#modelLoad()} or the request's own timeout. Never retried.
   *
   * <p>Loading a model that is already loaded loads another instance of it (with the id {@code
   * key:2}, and so on), which takes as much memory again; {@link #ensureLoaded} reuses one instead.
   *
   * <p>A request with a context length also asks LM Studio to echo the configuration it applied, so
   * that {@link LoadResult#contextReduced()} can tell whether LM Studio loaded less context than
   * asked for.
   *
   * <p>A client of several hosts loads on the first host that has the model, loaded or downloaded
   * (the first that answers when none has it); {@code lms.host(url).models().load(...)} loads on a
   * host of your choosing. {@link LoadResult#host()} says which.
   *
   * @param request what to load and how
   * @return the loaded instance, with its configuration when {@code echoLoadConfig} was set or a
   *     context length was asked for
   * @throws ModelNotFoundException when the model is not downloaded
   */
  public LoadResult load(LoadRequest request) {
    Objects.requireNonNull(request, "request == null");
    HostRouter router = lms.router();
    if (router != null) {
      try {
        return router.route(request.model()).models().load(request);
      } finally {
        router.forget();
      }
    }
    LoadRequest sent =
        request.contextLength() != null && request.echoLoadConfig() == null
            ? request.toBuilder().echoLoadConfig(true).build()
            : request;
    String path = MODELS + "/load";
    String body =
        lms.transport()
            .post(
                path,
                NativeJson.loadRequest(sent),
                loadLimit(request),
                LmStudioTimeoutException.Kind.MODEL_LOAD);
    return NativeJson.loadResult(body, "POST /" + path)
        .with(request.contextLength(), lms.baseUrl());
  }

  /**
   * Makes sure a model is loaded as asked, loading it only when no loaded instance will do: an
   * instance of the model (or the instance whose id the request names) is reused when its context
   * length is at least the requested one and every option the request sets has the requested value
   * in the instance's configuration (an option the instance's configuration does not list, such as
   * Flash Attention for an embedding model, does not apply to it and is no reason to load again).
   * Otherwise the model is loaded with {@link #load(LoadRequest)}.
   *
   * <pre>{@code
   * LoadResult r = lms.models().ensureLoaded(LoadRequest.builder("qwen/qwen3-4b").contextLength(8192).build());
   * System.out.println((r.reused() ? "reused " : "loaded ") + r.instanceId());
   * }</pre>
   *
   * <p>Calls of this client for the same model wait for each other, so two threads that ensure the
   * same model load it once; the wait counts in the load's time limit. Another program loading the
   * same model at the same time can still make a second instance.
   *
   * @param request what must be loaded and how
   * @return the reused instance ({@link LoadResult#reused()} true, with its configuration), or the
   *     loaded one
   * @throws ModelNotFoundException when the model is not downloaded
   * @throws LmStudioTimeoutException when the wait and the load took longer than the load's limit
   */
  public LoadResult ensureLoaded(LoadRequest request) {
    Objects.requireNonNull(request, "request == null");
    Duration limit = loadLimit(request);
    long start = System.nanoTime();
    ReentrantLock lock = ensureLocks[Math.floorMod(request.model().hashCode(), ensureLocks.length)];
    try {
      if (limit.isZero()) {
        lock.lockInterruptibly();
      } else if (!lock.tryLock(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new LmStudioTimeoutException(
            "Waited "
                + limit.toMillis()
                + " ms for another load of "
                + request.model()
                + " by this client to end; raise the load timeout",
            LmStudioTimeoutException.Kind.MODEL_LOAD,
            limit,
            null,
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LmStudioException("Interrupted while waiting to load " + request.model(), e);
    }
    try {
      for (Model model : list()) {
        for (LoadedInstance instance : model.loadedInstances()) {
          boolean named =
              request.model().equals(model.key()) || request.model().equals(instance.id());
          if (named && satisfies(instance.config(), request)) {
            return new LoadResult(
                model.type(),
                instance.id(),
                null,
                "loaded",
                instance.config(),
                request.contextLength(),
                true,
                instance.host());
          }
        }
      }
      if (limit.isZero()) {
        return load(request);
      }
      Duration left = limit.minusNanos(System.nanoTime() - start);
      return load(
          request.toBuilder().timeout(left.isNegative() ? Duration.ofMillis(1) : left).build());
    } finally {
      lock.unlock();
    }
  }

  /** Whether an instance with this configuration does what the request asks. */
  static boolean satisfies(InstanceConfig config, LoadRequest request) {
    if (config == null) {
      return request.contextLength() == null
          && request.evalBatchSize() == null
          && request.flashAttention() == null
          && request.numExperts() == null
          && request.offloadKvCacheToGpu() == null;
    }
    if (request.contextLength() != null
        && (config.contextLength() == null || config.contextLength() < request.contextLength())) {
      return false;
    }
    return applies(config.evalBatchSize(), request.evalBatchSize())
        && applies(config.flashAttention(), request.flashAttention())
        && applies(config.numExperts(), request.numExperts())
        && applies(config.offloadKvCacheToGpu(), request.offloadKvCacheToGpu());
  }

  private static boolean applies(Object loaded, Object requested) {
    return requested == null || loaded == null || loaded.equals(requested);
  }

  private Duration loadLimit(LoadRequest request) {
    return request.timeout() != null ? request.timeout() : lms.timeouts().modelLoad();
  }

  /**
   * Unloads a loaded instance ({@code POST /api/v1/models/unload}). Never retried. A client of
   * several hosts unloads it on the first host running an instance with that id.
   *
   * @param instanceId the instance id, from {@link LoadResult#instanceId()} or {@link
   *     LoadedInstance#id()}
   * @return the id of the unloaded instance
   * @throws ModelNotFoundException when no instance has that id
   */
  public String unload(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    HostRouter router = lms.router();
    if (router != null) {
      try {
        return router.hostOfInstance(instanceId).models().unload(instanceId);
      } finally {
        router.forget();
      }
    }
    String path = MODELS + "/unload";
    String body =
        lms.transport()
            .post(
                path,
                NativeJson.unloadRequest(instanceId),
                lms.timeouts().idle(),
                LmStudioTimeoutException.Kind.IDLE);
    return NativeJson.unloadedInstance(body, "POST /" + path);
  }

  /**
   * Starts downloading a model from LM Studio's catalogue or Hugging Face.
   *
   * @param model a catalogue id such as {@code ibm/granite-4-micro}, or a Hugging Face URL
   * @return the job; already finished when the model was on disk
   */
  public DownloadJob download(String model) {
    return download(model, null);
  }

  /**
   * Starts downloading a model ({@code POST /api/v1/models/download}). Never retried. A client of
   * several hosts asks the first host that has the model already (which answers at once), else the
   * first that answers; {@code lms.host(url).models().download(...)} picks the host.
   *
   * @param model a catalogue id, or a Hugging Face URL
   * @param quantization the quantization to fetch, such as {@code Q4_K_M} (Hugging Face URLs only);
   *     null for the default
   * @return the job; already finished when the model was on disk
   */
  public DownloadJob download(String model, String quantization) {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
    HostRouter router = lms.router();
    if (router != null) {
      return router.route(model).models().download(model, quantization);
    }
    String path = MODELS + "/download";
    String body =
        lms.transport()
            .post(
                path,
                NativeJson.downloadRequest(model, quantization),
                lms.timeouts().idle(),
                LmStudioTimeoutException.Kind.IDLE);
    return new DownloadJob(this, NativeJson.downloadStatus(body, "POST /" + path), lms.sleeper());
  }

  /**
   * The status of a download job ({@code GET /api/v1/models/download/status/:job_id}), so a
   * download started earlier (even by another process) can be followed. Retried per the client's
   * {@link RetryPolicy}. A client of several hosts asks the first host that answers; a {@link
   * DownloadJob} follows its own host, and {@code lms.host(url).models().downloadStatus(id)} asks
   * another.
   *
   * @param jobId the job id
   * @return the status
   */
  public DownloadStatus downloadStatus(String jobId) {
    Objects.requireNonNull(jobId, "jobId == null");
    // "." and ".." are dot segments: the URL would name the status endpoint's parent instead.
    if (jobId.isBlank() || jobId.contains("/") || jobId.equals(".") || jobId.equals("..")) {
      throw new IllegalArgumentException("not a job id: " + jobId);
    }
    HostRouter router = lms.router();
    if (router != null) {
      return router.first().models().downloadStatus(jobId);
    }
    String path = MODELS + "/download/status/" + Transport.encodePathSegment(jobId);
    String body = lms.transport().get(path, lms.timeouts().idle());
    return NativeJson.downloadStatus(body, "GET /" + path);
  }
}
