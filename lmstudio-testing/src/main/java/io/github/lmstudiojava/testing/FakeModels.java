package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake's model catalogue and loaded instances: {@code GET /api/v1/models}, {@code POST
 * /api/v1/models/load} and {@code POST /api/v1/models/unload}. Thread-safe.
 */
final class FakeModels {
  /** Seconds every fake load reports having taken. */
  static final double LOAD_TIME_SECONDS = 1.25;

  private final Map<String, FakeModel> models = new LinkedHashMap<>();
  private final Map<String, Instance> instances = new LinkedHashMap<>();

  /** One loaded instance. */
  private record Instance(String id, FakeModel model, Map<String, Object> config) {}

  /** The most context a load gets, as LM Studio's auto-fit gives; 0 for no limit. */
  private final int fitContext;

  FakeModels(List<FakeModel> catalogue) {
    this(catalogue, 0);
  }

  FakeModels(List<FakeModel> catalogue, int fitContext) {
    this.fitContext = fitContext;
    for (FakeModel model : catalogue) {
      add(model);
      if (model.loaded()) {
        load(model, model.loadedContextLength(), Map.of());
      }
    }
  }

  synchronized void add(FakeModel model) {
    models.put(model.key(), model);
  }

  synchronized boolean contains(String key) {
    return models.containsKey(key);
  }

  /** The model with this key or with a loaded instance of this id, or null. */
  synchronized FakeModel find(String keyOrInstanceId) {
    FakeModel model = models.get(keyOrInstanceId);
    if (model != null) {
      return model;
    }
    Instance instance = instances.get(keyOrInstanceId);
    return instance == null ? null : instance.model();
  }

  /** The instance that answers for a key or instance id, or null when none is loaded. */
  synchronized String loadedInstance(String keyOrInstanceId) {
    if (instances.containsKey(keyOrInstanceId)) {
      return keyOrInstanceId;
    }
    for (Instance instance : instances.values()) {
      if (instance.model().key().equals(keyOrInstanceId)) {
        return instance.id();
      }
    }
    return null;
  }

  /** The catalogue, in listing order. */
  synchronized List<FakeModel> all() {
    return List.copyOf(models.values());
  }

  /** The context length of a loaded instance, or 0 when no such instance is loaded. */
  synchronized int contextLength(String instanceId) {
    Instance instance = instances.get(instanceId);
    return instance == null ? 0 : ((Number) instance.config().get("context_length")).intValue();
  }

  synchronized Reply list() {
    List<Object> list = new ArrayList<>();
    for (FakeModel model : models.values()) {
      List<Map<String, Object>> loaded = new ArrayList<>();
      for (Instance instance : instances.values()) {
        if (instance.model() == model) {
          loaded.add(Json.object("id", instance.id(), "config", instance.config()));
        }
      }
      list.add(toJson(model, loaded));
    }
    return Reply.ok(Json.object("models", list));
  }

  synchronized Reply load(Map<String, Object> json) {
    String key = Params.requiredString(json, "model");
    FakeModel model = models.get(key);
    if (model == null) {
      throw Params.unknownModel(key);
    }
    Integer contextLength = Params.optionalInt(json, "context_length");
    if (contextLength != null && (contextLength < 1 || contextLength > model.maxContextLength())) {
      throw Params.invalid(
          "\"context_length\" must be between 1 and " + model.maxContextLength(),
          "invalid_value",
          "context_length");
    }
    Map<String, Object> options = new LinkedHashMap<>();
    for (String name : List.of("eval_batch_size", "num_experts")) {
      options.put(name, Params.optionalInt(json, name));
    }
    for (String name : List.of("flash_attention", "offload_kv_cache_to_gpu")) {
      options.put(name, Params.optionalBoolean(json, name));
    }
    Instance instance = load(model, contextLength, options);
    Map<String, Object> answer = Json.object("type", model.type(), "instance_id", instance.id());
    answer.put("load_time_seconds", LOAD_TIME_SECONDS);
    answer.put("status", "loaded");
    if (Boolean.TRUE.equals(Params.optionalBoolean(json, "echo_load_config"))) {
      answer.put("load_config", instance.config());
    }
    return Reply.ok(answer);
  }

  /** Loads one more instance: the first takes the key as id, the next ones {@code key:2} ... */
  synchronized String load(FakeModel model, Integer contextLength) {
    return load(model, contextLength, Map.of()).id();
  }

  private Instance load(FakeModel model, Integer contextLength, Map<String, Object> options) {
    String id = model.key();
    for (int n = 2; instances.containsKey(id); n++) {
      id = model.key() + ":" + n;
    }
    int context = contextLength != null ? contextLength : Math.min(4096, model.maxContextLength());
    if (fitContext > 0 && context > fitContext) {
      context = fitContext; // auto-fit: what the memory holds, and no word of it
    }
    Map<String, Object> config = Json.object("context_length", context);
    if (!model.isEmbedding()) {
      config.put("eval_batch_size", valueOr(options.get("eval_batch_size"), 512));
      config.put("parallel", 4);
      config.put("flash_attention", valueOr(options.get("flash_attention"), true));
      if (options.get("num_experts") != null) {
        config.put("num_experts", options.get("num_experts"));
      }
      config.put("offload_kv_cache_to_gpu", valueOr(options.get("offload_kv_cache_to_gpu"), true));
    }
    Instance instance = new Instance(id, model, config);
    instances.put(id, instance);
    return instance;
  }

  synchronized Reply unload(Map<String, Object> json) {
    String id = Params.requiredString(json, "instance_id");
    if (instances.remove(id) == null) {
      throw Params.notFound(
          "model_not_found", "No loaded model instance with id \"" + id + "\"", "instance_id");
    }
    return Reply.ok(Json.object("instance_id", id));
  }

  /** The model's entry in {@code GET /api/v1/models}, with the given loaded instances. */
  private static Map<String, Object> toJson(
      FakeModel model, List<Map<String, Object>> loadedInstances) {
    Map<String, Object> json =
        Json.object("type", model.type(), "publisher", model.publisher(), "key", model.key());
    json.put("display_name", model.displayName());
    if (!model.isEmbedding()) {
      json.put("architecture", model.architecture());
    }
    json.put(
        "quantization",
        Json.object("name", model.quantizationName(), "bits_per_weight", model.bitsPerWeight()));
    json.put("size_bytes", model.sizeBytes());
    json.put("params_string", model.paramsString());
    json.put("loaded_instances", loadedInstances);
    json.put("max_context_length", model.maxContextLength());
    json.put("format", model.format());
    if (!model.isEmbedding()) {
      Map<String, Object> capabilities =
          Json.object("vision", model.vision(), "trained_for_tool_use", model.trainedForToolUse());
      if (!model.reasoningOptions().isEmpty()) {
        capabilities.put(
            "reasoning",
            Json.object(
                "allowed_options", model.reasoningOptions(), "default", model.reasoningDefault()));
      }
      json.put("capabilities", capabilities);
      json.put("description", model.description());
    }
    if (!model.variants().isEmpty()) {
      json.put("variants", model.variants());
      json.put("selected_variant", model.selectedVariant());
    }
    return json;
  }

  private static Object valueOr(Object value, Object fallback) {
    return value != null ? value : fallback;
  }
}
