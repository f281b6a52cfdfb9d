package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Model management: list, load, unload and download models. Reached through {@link
 * LmStudio#models()}.
 *
 * <pre>{@code
 * lms.models().list();                                   // every model on disk
 * lms.models().load(LoadRequest.builder("qwen/qwen3-4b").contextLength(8192).build());
 * lms.models().unload("qwen/qwen3-4b");
 * lms.models().download("ibm/granite-4-micro").await(s -> System.out.println(s.fraction()));
 * }</pre>
 */
public final class Models {
  private static final String MODELS = "api/v1/models";

  private final LmStudio lms;

  Models(LmStudio lms) {
    this.lms = lms;
  }

  /**
   * Every model LM Studio has on disk, LLMs and embedding models, with their loaded instances
   * ({@code GET /api/v1/models}). Retried per the client's {@link RetryPolicy}.
   *
   * @return the models
   */
  public List<Model> list() {
    String body = lms.transport().get(MODELS, lms.timeouts().idle());
    return NativeJson.models(body, "GET /" + MODELS);
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
   * @param request what to load and how
   * @return the loaded instance, with its configuration when {@code echoLoadConfig} was set
   * @throws ModelNotFoundException when the model is not downloaded
   */
  public LoadResult load(LoadRequest request) {
    Objects.requireNonNull(request, "request == null");
    String path = MODELS + "/load";
    String body =
        lms.transport()
            .post(
                path,
                NativeJson.loadRequest(request),
                request.timeout() != null ? request.timeout() : lms.timeouts().modelLoad(),
                LmStudioTimeoutException.Kind.MODEL_LOAD);
    return NativeJson.loadResult(body, "POST /" + path);
  }

  /**
   * Unloads a loaded instance ({@code POST /api/v1/models/unload}). Never retried.
   *
   * @param instanceId the instance id, from {@link LoadResult#instanceId()} or {@link
   *     LoadedInstance#id()}
   * @return the id of the unloaded instance
   * @throws ModelNotFoundException when no instance has that id
   */
  public String unload(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId == null");
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
   * Starts downloading a model ({@code POST /api/v1/models/download}). Never retried.
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
   * {@link RetryPolicy}.
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
    String path = MODELS + "/download/status/" + Transport.encodePathSegment(jobId);
    String body = lms.transport().get(path, lms.timeouts().idle());
    return NativeJson.downloadStatus(body, "GET /" + path);
  }
}
