package io.github.lmstudiojava.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Model downloads: {@code POST /api/v1/models/download} and {@code GET
 * /api/v1/models/download/status/:job_id}. A job advances by one step on each status poll and
 * completes on the configured poll; the model then joins the catalogue. When set to pause, a job
 * stops advancing on the configured poll and reports {@code paused} from then on. Thread-safe.
 */
final class FakeDownloads {
  private static final String HUGGING_FACE = "https://huggingface.co/";
  private static final String STARTED_AT = "2025-10-03T15:33:23.496Z";
  private static final String ESTIMATED_COMPLETION = "2025-10-03T15:43:12.000Z";
  private static final String COMPLETED_AT = "2025-10-03T15:43:12.102Z";
  private static final double BYTES_PER_SECOND = 52_428_800.0;

  private final FakeModels models;
  private final Map<String, FakeModel> catalogue = new LinkedHashMap<>();
  private final int pollsToComplete;
  private final int pollsToPause;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private int jobCount;

  /** One download; {@code polls} counts the status requests seen so far. */
  private static final class Job {
    final String id;
    final FakeModel model;
    int polls;

    Job(String id, FakeModel model) {
      this.id = id;
      this.model = model;
    }
  }

  FakeDownloads(
      FakeModels models, List<FakeModel> downloadable, int pollsToComplete, int pollsToPause) {
    this.models = models;
    this.pollsToComplete = pollsToComplete;
    this.pollsToPause = pollsToPause;
    for (FakeModel model : downloadable) {
      catalogue.put(model.key(), model);
    }
  }

  synchronized Reply start(Map<String, Object> json) {
    String model = Params.requiredString(json, "model");
    String quantization = Params.optionalString(json, "quantization");
    FakeModel target;
    if (model.startsWith(HUGGING_FACE)) {
      target = fromHuggingFace(model, quantization);
    } else {
      if (quantization != null) {
        throw Params.invalid(
            "\"quantization\" is only supported for Hugging Face links",
            "invalid_value",
            "quantization");
      }
      target = models.contains(model) ? null : catalogue.get(model);
      if (target == null && !models.contains(model)) {
        throw Params.notFound(
            "model_not_found", "Model \"" + model + "\" not found in the catalog", "model");
      }
    }
    if (target == null || models.contains(target.key())) {
      return Reply.ok(Json.object("status", "already_downloaded"));
    }
    Job job = new Job(String.format(Locale.ROOT, "job_%010x", 0x493c7c9dedL + jobCount++), target);
    jobs.put(job.id, job);
    Map<String, Object> answer = Json.object("job_id", job.id, "status", "downloading");
    answer.put("total_size_bytes", target.sizeBytes());
    answer.put("started_at", STARTED_AT);
    return Reply.ok(answer);
  }

  private static FakeModel fromHuggingFace(String url, String quantization) {
    String[] path = url.substring(HUGGING_FACE.length()).split("/");
    if (path.length < 2 || path[0].isEmpty() || path[1].isEmpty()) {
      throw Params.invalid(
          "\"model\" must be a Hugging Face repository link such as " + HUGGING_FACE + "owner/repo",
          "invalid_value",
          "model");
    }
    String name = path[1].toLowerCase(Locale.ROOT).replaceFirst("-gguf$", "");
    FakeModel.Builder builder = FakeModel.llm(path[0] + "/" + name).displayName(path[1]);
    if (quantization != null) {
      builder.quantization(quantization, 4);
    }
    return builder.build();
  }

  synchronized Reply status(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw Params.notFound("job_not_found", "No download job with id \"" + jobId + "\"", null);
    }
    long total = job.model.sizeBytes();
    Map<String, Object> answer = Json.object("job_id", job.id);
    if (pollsToPause > 0 && job.polls + 1 >= pollsToPause && job.polls < pollsToComplete) {
      // Paused in LM Studio's app (or by a lost connection): the job stays as it was. The
      // reference lists "paused" among the states; speed and estimate belong to "downloading".
      answer.put("status", "paused");
      answer.put("total_size_bytes", total);
      answer.put("downloaded_bytes", total * job.polls / pollsToComplete);
      answer.put("started_at", STARTED_AT);
      return Reply.ok(answer);
    }
    job.polls++;
    if (job.polls >= pollsToComplete) {
      models.add(job.model);
      answer.put("status", "completed");
      answer.put("total_size_bytes", total);
      answer.put("downloaded_bytes", total);
      answer.put("started_at", STARTED_AT);
      answer.put("completed_at", COMPLETED_AT);
    } else {
      answer.put("status", "downloading");
      answer.put("bytes_per_second", BYTES_PER_SECOND);
      answer.put("estimated_completion", ESTIMATED_COMPLETION);
      answer.put("total_size_bytes", total);
      answer.put("downloaded_bytes", total * job.polls / pollsToComplete);
      answer.put("started_at", STARTED_AT);
    }
    return Reply.ok(answer);
  }
}
