package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;

/** {@code model_unload}: frees a loaded instance. */
final class ModelUnloadTool implements McpTool {
  private static final McpSchema.Tool DEFINITION =
      McpTool.define(
          "model_unload",
          "Unload model",
          "Unload a loaded model instance to free memory.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256,
              "description":"Instance id (the model key for its first instance)"}},
           "required":["model"],"additionalProperties":false}
          """,
          """
          {"type":"object","properties":{"instance_id":{"type":"string"}},
           "required":["instance_id"]}
          """,
          McpTool.hints(false, true, true, false));

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
    String model = call.args().required("model");
    String unloaded = call.lms().models().unload(model);
    String id = unloaded == null ? model : unloaded;
    call.log().info("unloaded " + id);
    return McpTool.result("Unloaded " + id + ".", Json.obj().put("instance_id", id));
  }
}
