package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.DownloadStatus;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;

/** {@code model_download_status}: the state of a download started earlier, by job id. */
final class ModelDownloadStatusTool implements McpTool {
  private static final McpSchema.Tool DEFINITION =
      McpTool.define(
          "model_download_status",
          "Download status",
          "State of a download started by model_download, by its job_id.",
          """
          {"type":"object","properties":{
            "job_id":{"type":"string","minLength":1,"maxLength":256}},
           "required":["job_id"],"additionalProperties":false}
          """,
          ModelViews.DOWNLOAD_SCHEMA,
          McpTool.hints(true, false, true, false));

  @Override
  public McpSchema.Tool definition() {
    return DEFINITION;
  }

  @Override
  public Duration deadline(ServerConfig config, Args args) {
    return config.requestTimeout();
  }

  @Override
  public CallToolResult call(ToolCall call) {
    String jobId = call.args().required("job_id");
    DownloadStatus status = call.lms().models().downloadStatus(jobId);
    return McpTool.result(
        "Download " + jobId + ": " + ModelViews.downloadLine(status) + ".",
        ModelViews.download(status));
  }
}
