package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.Model;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.stream.Collectors;

/** {@code model_list}: downloaded and loaded models, with instances and capabilities. */
final class ModelListTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_list",
          "Downloaded models: loaded instances, context lengths, capabilities.",
          """
          {"type":"object","properties":{"loaded_only":{"type":"boolean"}}}
          """,
          """
          {"type":"object","properties":{
            "models":{"type":"array","items":{"type":"object","required":["key","loaded"]}}},
           "required":["models"]}
          """,
          hints(true, false, true, false));

  ModelListTool() {
    super(DEFINITION);
  }

  @Override
  CallToolResult call(ToolCall call) {
    boolean loadedOnly = Boolean.TRUE.equals(call.args().bool("loaded_only"));
    List<Model> models = loadedOnly ? call.lms().models().loaded() : call.lms().models().list();
    long loaded = models.stream().filter(Model::isLoaded).count();
    boolean hosts = call.lms().hosts().size() > 1;
    String text =
        models.isEmpty()
            ? (loadedOnly ? "No model is loaded." : "LM Studio has no models downloaded.")
            : (loadedOnly ? "Loaded models:\n" : "Models (" + loaded + " loaded):\n")
                + models.stream()
                    .map(m -> ModelViews.line(m, hosts))
                    .collect(Collectors.joining("\n"));
    return result(
        text,
        Json.obj()
            .put("models", Json.maps(models.stream().map(m -> ModelViews.model(m, hosts)).toList()))
            .put("loaded_count", loaded));
  }
}
