package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** {@code model_unload}: frees a loaded instance. */
final class ModelUnloadTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_unload",
          "Free a loaded model instance.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256,
              "description":"Instance id or model key"}},
           "required":["model"]}
          """,
          null,
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
