package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compatible model listings: OpenAI's {@code GET /v1/models} and the legacy {@code GET
 * /api/v0/models} and {@code GET /api/v0/models/{id}}, all from the fake's catalogue.
 *
 * <p>{@code /v1/models} lists every model on disk, as LM Studio does with just-in-time loading on;
 * its entries have OpenAI's {@code id}, {@code object} and {@code owned_by} (LM Studio's docs show
 * no example). The v0 entries have the fields of LM Studio's REST v0 reference, plus the {@code
 * capabilities} array its changelog (0.3.16) adds.
 */
final class CompatModels {
  private final FakeModels models;

  CompatModels(FakeModels models) {
    this.models = models;
  }

  Reply openAiList() {
    List<Object> data = new ArrayList<>();
    for (FakeModel model : models.all()) {
      data.add(Json.object("id", model.key(), "object", "model", "owned_by", "organization_owner"));
    }
    return Reply.ok(Json.object("object", "list", "data", data));
  }

  Reply legacyList() {
    List<Object> data = new ArrayList<>();
    for (FakeModel model : models.all()) {
      data.add(legacy(model));
    }
    return Reply.ok(Json.object("object", "list", "data", data));
  }

  /** One model by key; LM Studio's v0 ids are keys, so a key with a slash spans two segments. */
  Reply legacyModel(String key) {
    FakeModel model = models.find(key);
    if (model == null || !model.key().equals(key)) {
      throw Params.unknownModel(key);
    }
    return Reply.ok(legacy(model));
  }

  private Map<String, Object> legacy(FakeModel model) {
    String type = model.isEmbedding() ? "embeddings" : model.vision() ? "vlm" : "llm";
    Map<String, Object> json = Json.object("id", model.key(), "object", "model", "type", type);
    json.put("publisher", model.publisher());
    json.put("arch", arch(model));
    json.put("compatibility_type", model.format());
    json.put("quantization", model.quantizationName());
    json.put("state", models.loadedInstance(model.key()) != null ? "loaded" : "not-loaded");
    json.put("max_context_length", model.maxContextLength());
    if (!model.isEmbedding()) {
      json.put("capabilities", model.trainedForToolUse() ? List.of("tool_use") : List.of());
    }
    return json;
  }

  /**
   * The architecture; the native listing has none for embedding models, so the fake names one as
   * the v0 example does ({@code nomic-bert} for Nomic models, else {@code bert}).
   */
  static String arch(FakeModel model) {
    if (model.architecture() != null) {
      return model.architecture();
    }
    return model.key().toLowerCase(Locale.ROOT).contains("nomic") ? "nomic-bert" : "bert";
  }
}
