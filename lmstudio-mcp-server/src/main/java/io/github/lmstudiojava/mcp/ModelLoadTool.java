package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Locale;

/** {@code model_load}: loads a model with every native load option. */
final class ModelLoadTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "model_load",
          "Load model",
          "Load a model into memory; waits until it is ready, reporting progress.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256,"description":"Model key"},
            "context_length":{"type":"integer","minimum":1,"maximum":16777216},
            "gpu":{"type":"number","minimum":0,"maximum":1,"description":"GPU offload ratio"},
            "flash_attention":{"type":"boolean"},
            "ttl":{"type":"integer","minimum":-1,"description":"Idle seconds before unload; -1 never"},
            "eval_batch_size":{"type":"integer","minimum":1,"maximum":1048576},
            "num_experts":{"type":"integer","minimum":1,"maximum":1024},
            "offload_kv_cache_to_gpu":{"type":"boolean"}},
           "required":["model"]}
          """,
          """
          {"type":"object","properties":{
            "instance_id":{"type":"string"},"load_config":{"type":"object"}},
           "required":["instance_id"]}
          """,
          hints(false, false, false, false));

  ModelLoadTool() {
    super(DEFINITION);
  }

  @Override
  Duration deadline(ServerConfig config, Args args) {
    return config.loadTimeout();
  }

  @Override
  String deadlineFlag(Args args) {
    return "--load-timeout";
  }

  @Override
  CallToolResult call(ToolCall call) {
    Args a = call.args();
    String model = a.required("model");
    LoadRequest request =
        LoadRequest.builder(model)
            .contextLength(a.integer("context_length"))
            .gpu(a.number("gpu"))
            .flashAttention(a.bool("flash_attention"))
            .ttl(a.integer("ttl"))
            .evalBatchSize(a.integer("eval_batch_size"))
            .numExperts(a.integer("num_experts"))
            .offloadKvCacheToGpu(a.bool("offload_kv_cache_to_gpu"))
            .echoLoadConfig(true)
            .timeout(call.config().loadTimeout())
            .build();
    // The load endpoint reports nothing until the model is ready: heartbeats say it is going on.
    call.progress().milestone("loading " + model);
    call.log().info("loading " + model);
    LoadResult r = call.lms().models().load(request);
    String took =
        r.loadTimeSeconds() == null
            ? ""
            : String.format(Locale.ROOT, " in %.1f s", r.loadTimeSeconds());
    Json.Obj config = ModelViews.loadConfig(r.loadConfig());
    String context =
        r.loadConfig() != null && r.loadConfig().contextLength() != null
            ? ", context " + r.loadConfig().contextLength()
            : "";
    String text = "Loaded " + r.instanceId() + " (" + r.type() + ")" + took + context + ".";
    call.log().info(text);
    return result(
        text,
        Json.obj()
            .put("instance_id", r.instanceId() == null ? model : r.instanceId())
            .put("type", r.type())
            .put("status", r.status())
            .put("load_time_seconds", r.loadTimeSeconds())
            .put("load_config", config));
  }
}
