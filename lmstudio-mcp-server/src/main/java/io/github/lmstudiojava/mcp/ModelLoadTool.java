package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model_load}: makes sure a model is loaded, with every native load option.
 *
 * <p>By default an instance already loaded whose context and options satisfy the call is reused
 * ({@code models().ensureLoaded}), since a second load of the same model takes as much memory
 * again; {@code new_instance} asks for another instance explicitly. When LM Studio loads less
 * context than asked for (its auto-fit), the result says so, and what to do.
 *
 * <p>It also takes mcp-llm-studio's {@code gpu} and {@code ttl}, so that server's callers work
 * unchanged, but never sends them: LM Studio's load endpoint refuses keys its reference does not
 * list. The result says plainly that they were not applied, and how to get them.
 */
final class ModelLoadTool extends McpTool {
  /**
   * Why {@code gpu} cannot be applied: the REST API has no GPU offload setting; {@code lms load
   * --gpu} and the app have one.
   */
  static final String GPU_NOT_APPLIED =
      "LM Studio's REST API has no GPU offload setting for a load; set it with `lms load --gpu` or"
          + " in LM Studio's model loader";

  /**
   * Why {@code ttl} cannot be applied: LM Studio takes a TTL only with a request that loads the
   * model just in time ("Idle TTL and Auto-Evict"), or from {@code lms load --ttl}.
   */
  static final String TTL_NOT_APPLIED =
      "LM Studio applies an idle TTL only to a model it loads just in time for a request that"
          + " carries ttl: leave the model unloaded and pass ttl to the chat tool, or use"
          + " `lms load --ttl`";

  private static final McpSchema.Tool DEFINITION =
      define(
          "model_load",
          "Load a model, or reuse a loaded instance that fits (gpu and ttl are not applied).",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256,"description":"Model key"},
            "context_length":{"type":"integer","minimum":1,"maximum":16777216},
            "gpu":{"type":"number","minimum":0,"maximum":1},
            "flash_attention":{"type":"boolean"},
            "ttl":{"type":"integer","minimum":-1},
            "eval_batch_size":{"type":"integer","minimum":1,"maximum":1048576},
            "num_experts":{"type":"integer","minimum":1,"maximum":1024},
            "offload_kv_cache_to_gpu":{"type":"boolean"},
            "new_instance":{"type":"boolean"}},
           "required":["model"]}
          """,
          null,
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
  boolean isLong(Args args) {
    return true;
  }

  @Override
  CallToolResult call(ToolCall call) {
    Args a = call.args();
    String model = a.required("model");
    LoadRequest request =
        LoadRequest.builder(model)
            .contextLength(a.integer("context_length"))
            .flashAttention(a.bool("flash_attention"))
            .evalBatchSize(a.integer("eval_batch_size"))
            .numExperts(a.integer("num_experts"))
            .offloadKvCacheToGpu(a.bool("offload_kv_cache_to_gpu"))
            .echoLoadConfig(true)
            .timeout(call.config().loadTimeout())
            .build();
    boolean newInstance = Boolean.TRUE.equals(a.bool("new_instance"));
    // The load endpoint reports nothing until the model is ready: heartbeats say it is going on.
    call.progress().milestone("loading " + model);
    call.log().info("loading " + model);
    LoadResult r =
        newInstance ? call.lms().models().load(request) : call.lms().models().ensureLoaded(request);
    String took =
        r.loadTimeSeconds() == null ? "" : " in " + Decimals.fixed(r.loadTimeSeconds(), 1) + " s";
    Json.Obj config = ModelViews.loadConfig(r.loadConfig());
    String context = r.contextLength() != null ? ", context " + r.contextLength() : "";
    String host =
        call.lms().hosts().size() > 1 && r.host() != null
            ? ServerConfig.hideUserInfo(r.host())
            : null;
    if (host != null) {
      context += ", on " + host;
    }
    String text =
        r.reused()
            ? "Already loaded: "
                + r.instanceId()
                + " ("
                + r.type()
                + context
                + "), reused; pass new_instance for another instance."
            : "Loaded " + r.instanceId() + " (" + r.type() + ")" + took + context + ".";
    String warning = contextWarning(r);
    if (warning != null) {
      text += " Warning: " + warning;
      call.log().warn(warning);
    }
    call.log().info(text);
    List<Json.Obj> notApplied = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    note(notApplied, notes, "gpu", a.number("gpu"), GPU_NOT_APPLIED);
    note(notApplied, notes, "ttl", a.integer("ttl"), TTL_NOT_APPLIED);
    return result(
        text + notes,
        Json.obj()
            .put("instance_id", r.instanceId() == null ? model : r.instanceId())
            .put("type", r.type())
            .put("status", r.status())
            .put("load_time_seconds", r.loadTimeSeconds())
            .put("load_config", config)
            .put("reused", r.reused())
            .put("host", host)
            .putIf(r.contextReduced(), "requested_context_length", r.requestedContextLength())
            .putIf(warning != null, "warning", warning)
            .putIf(!notApplied.isEmpty(), "not_applied", Json.maps(notApplied)));
  }

  /**
   * What to tell the caller when LM Studio loaded less context than asked for; null when it loaded
   * what was asked (or nothing was asked).
   */
  static String contextWarning(LoadResult r) {
    if (!r.contextReduced()) {
      return null;
    }
    return "LM Studio loaded "
        + r.contextLength()
        + " tokens of context, not the "
        + r.requestedContextLength()
        + " asked for (it fits the context to free memory); prompts longer than "
        + r.contextLength()
        + " tokens will fail. Free memory (unload other models) and load again, or ask for less.";
  }

  /** Records an argument that was given but could not be applied, with the reason. */
  private static void note(
      List<Json.Obj> notApplied, StringBuilder notes, String name, Number value, String reason) {
    if (value == null) {
      return;
    }
    notApplied.add(Json.obj().put("argument", name).put("value", value).put("reason", reason));
    notes.append(" Not applied: ").append(name).append(' ').append(value).append(": ");
    notes.append(reason).append('.');
  }
}
