package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.DownloadJob;
import io.github.lmstudiojava.client.DownloadStatus;
import io.github.lmstudiojava.client.LmStudioException;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * {@code model_download}: starts a download and follows it with progress notifications for a time
 * budget; a download still running then is returned with its job id for {@code
 * model_download_status}.
 */
final class ModelDownloadTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_download",
          "Download a model, waiting up to wait_seconds; model_download_status follows its"
              + " job_id.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":2048,
              "description":"Catalogue id or Hugging Face URL"},
            "quantization":{"type":"string","minLength":1,"maxLength":256,
              "description":"e.g. Q4_K_M (Hugging Face)"},
            "wait_seconds":{"type":"integer","minimum":0,"maximum":3600}},
           "required":["model"]}
          """,
          null,
          hints(false, false, true, true));

  ModelDownloadTool() {
    super(DEFINITION);
  }

  @Override
  Duration deadline(ServerConfig config, Args args) {
    return wait(config, args).plus(config.requestTimeout());
  }

  @Override
  boolean isLong(Args args) {
    return true;
  }

  @Override
  String deadlineFlag(Args args) {
    return "wait_seconds or --download-wait";
  }

  private static Duration wait(ServerConfig config, Args args) {
    Integer seconds = args.integer("wait_seconds");
    return seconds == null ? config.downloadWait() : Duration.ofSeconds(seconds);
  }

  @Override
  CallToolResult call(ToolCall call) {
    Args a = call.args();
    String model = a.required("model");
    String quantization = a.string("quantization");
    Duration wait = wait(call.config(), a);
    DownloadJob job = call.lms().models().download(model, quantization);
    DownloadStatus status = job.initial();
    call.log().info("download of " + model + ": " + ModelViews.downloadLine(status));
    long until = System.nanoTime() + wait.toNanos();
    // A paused job moves only when it is resumed in LM Studio: following it on is pointless.
    while (!status.isFinished() && status.state() != DownloadStatus.State.PAUSED) {
      call.progress().milestone(model + ": " + ModelViews.downloadLine(status));
      long left = until - System.nanoTime();
      if (left <= 0) {
        break;
      }
      sleep(call, Math.min(left, call.config().downloadPoll().toNanos()));
      status = call.lms().models().downloadStatus(status.jobId());
    }
    if (status.state() == DownloadStatus.State.FAILED) {
      throw new LmStudioException(
          "The download of "
              + model
              + " failed (job "
              + status.jobId()
              + "); LM Studio's Downloads panel says why.");
    }
    String text;
    if (status.isFinished()) {
      text = "Downloaded " + model + " (" + ModelViews.downloadLine(status) + ").";
      call.log().info(text);
    } else if (status.state() == DownloadStatus.State.PAUSED) {
      text =
          "The download of "
              + model
              + " is paused in LM Studio ("
              + ModelViews.downloadLine(status)
              + "): resume it in LM Studio's Downloads panel, then follow it with"
              + " model_download_status job_id \""
              + status.jobId()
              + "\".";
      call.log().info(text);
    } else {
      text =
          "Still downloading "
              + model
              + " ("
              + ModelViews.downloadLine(status)
              + "); follow it with model_download_status job_id \""
              + status.jobId()
              + "\".";
    }
    return result(text, ModelViews.download(status));
  }

  /** Waits for the next poll; a stopped call stops waiting at once. */
  private static void sleep(ToolCall call, long nanos) {
    try {
      if (call.stop().await(nanos, TimeUnit.NANOSECONDS)) {
        throw new CancellationException("the download is no longer followed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LmStudioException("interrupted while following a download", e);
    }
  }
}
