package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** {@code model_unload}: frees a loaded instance. */
final class ModelUnloadTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_unload",
          "Unload model",
          "Unload a loaded model instance to free memory.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256,
              "description":"Instance id (the model key for its first instance)"}},
           "required":["model"]}
          """,
          """
          {"type":"object","properties":{"instance_id":{"type":"string"}},
           "required":["instance_id"]}
          """,
          hints(false, true, true, false));

  ModelUnloadTool() {
    super(DEFINITION);
  }

  @Override
  CallToolResult call(ToolCall call) {
    String model = call.args().required("model");
    String unloaded = call.lms().models().unload(model);
    String id = unloaded == null ? model : unloaded;
    call.log().info("unloaded " + id);
    return result("Unloaded " + id + ".", Json.obj().put("instance_id", id));
  }
}
