package io.github.lmstudiojava.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/embeddings} and the legacy {@code POST /api/v0/embeddings}: one vector of {@link
 * #DIMENSIONS} floats per input, in input order, drawn from a generator seeded by a SHA-256 hash of
 * the model key and the text and scaled to unit length. The same text and model always give the
 * same vector; different texts give unrelated ones. {@code encoding_format: "base64"} sends each
 * vector as little-endian float32 bytes, as OpenAI does.
 */
final class FakeEmbeddings {
  /** The length of every fake embedding vector. */
  static final int DIMENSIONS = 768;

  private final Inference inference;

  FakeEmbeddings(Inference inference) {
    this.inference = inference;
  }

  @SuppressWarnings("unchecked")
  Reply embed(Map<String, Object> json) {
    String key = Params.requiredString(json, "model");
    FakeModel model = inference.embedding(key);
    Object input = json.get("input");
    List<Object> texts = input instanceof List ? (List<Object>) input : List.of(input);
    if (input == null || texts.isEmpty()) {
      throw Params.invalid("\"input\" is required", "missing_required_parameter", "input");
    }
    String format = Params.optionalString(json, "encoding_format");
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw Params.invalid(
          "\"encoding_format\" must be \"float\" or \"base64\"",
          "invalid_value",
          "encoding_format");
    }
    List<Object> data = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      if (!(texts.get(i) instanceof String)) {
        throw Params.invalid(
            "\"input\" must be a string or an array of strings", "invalid_type", "input");
      }
      String text = (String) texts.get(i);
      tokens += Inference.tokens(text);
      float[] vector = vector(model.key(), text);
      Object embedding = "base64".equals(format) ? base64(vector) : list(vector);
      data.add(Json.object("object", "embedding", "embedding", embedding, "index", i));
    }
    Map<String, Object> answer = Json.object("object", "list", "data", data, "model", key);
    answer.put("usage", Json.object("prompt_tokens", tokens, "total_tokens", tokens));
    return Reply.ok(answer);
  }

  /** The unit-length vector for a text embedded by a model. */
  static float[] vector(String modelKey, String text) {
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("SHA-256")
              .digest((modelKey + "\n" + text).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    SplittableRandom random = new SplittableRandom(ByteBuffer.wrap(hash).getLong());
    double[] raw = new double[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      raw[i] = random.nextDouble(-1, 1);
      norm += raw[i] * raw[i];
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) (raw[i] / norm);
    }
    return vector;
  }

  private static List<Double> list(float[] vector) {
    List<Double> list = new ArrayList<>(vector.length);
    for (float value : vector) {
      // Through the float's shortest decimal form, so the JSON shows float precision.
      list.add(Double.parseDouble(Float.toString(value)));
    }
    return list;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
