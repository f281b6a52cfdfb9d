package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.DownloadStatus;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** {@code model_download_status}: the state of a download started earlier, by job id. */
final class ModelDownloadStatusTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_download_status",
          "State of a model_download job.",
          """
          {"type":"object","properties":{
            "job_id":{"type":"string","minLength":1,"maxLength":256}},
           "required":["job_id"]}
          """,
          null,
          hints(true, false, true, false));

  ModelDownloadStatusTool() {
    super(DEFINITION);
  }

  @Override
  CallToolResult call(ToolCall call) {
    String jobId = call.args().required("job_id");
    DownloadStatus status = call.lms().models().downloadStatus(jobId);
    return result(
        "Download " + jobId + ": " + ModelViews.downloadLine(status) + pausedNote(status) + ".",
        ModelViews.download(status));
  }

  private static String pausedNote(DownloadStatus status) {
    return status.state() == DownloadStatus.State.PAUSED
        ? "; resume it in LM Studio's Downloads panel, and it goes on"
        : "";
  }
}
