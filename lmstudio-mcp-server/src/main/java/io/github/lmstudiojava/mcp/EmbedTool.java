package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.List;

/** {@code embed}: embeddings of one text or many. */
final class EmbedTool extends McpTool {
  /** Texts per request to LM Studio. */
  private static final int BATCH = 64;

  private static final McpSchema.Tool DEFINITION =
      define(
          "embed",
          "Embeddings of a text or texts, from an embedding model.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256},
            "input":{"anyOf":[{"type":"string","maxLength":1048576},
              {"type":"array","minItems":1,"maxItems":1024,
               "items":{"type":"string","maxLength":1048576}}]}},
           "required":["model","input"]}
          """,
          """
          {"type":"object","properties":{
            "embeddings":{"type":"array","items":{"type":"array","items":{"type":"number"}}}},
           "required":["embeddings"]}
          """,
          hints(true, false, true, false));

  EmbedTool() {
    super(DEFINITION);
  }

  @Override
  CallToolResult call(ToolCall call) {
    String model = call.args().required("model");
    List<String> input = call.args().strings("input");
    if (input.isEmpty()) {
      throw new IllegalArgumentException("\"input\" is empty");
    }
    List<float[]> vectors = call.lms().openai().embedAll(model, input, BATCH).vectors();
    List<List<Double>> embeddings = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      List<Double> values = new ArrayList<>(v.length);
      for (float f : v) {
        values.add((double) f);
      }
      embeddings.add(values);
    }
    int dimensions = vectors.isEmpty() ? 0 : vectors.get(0).length;
    Json.Obj structured =
        Json.obj().put("model", model).put("dimensions", dimensions).put("embeddings", embeddings);
    String text =
        vectors.size()
            + (vectors.size() == 1 ? " embedding" : " embeddings")
            + " of "
            + dimensions
            + " dimensions from "
            + model
            + ":\n"
            + Json.write(embeddings);
    return result(text, structured);
  }
}
