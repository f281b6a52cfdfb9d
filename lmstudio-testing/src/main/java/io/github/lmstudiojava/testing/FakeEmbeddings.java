package io.github.lmstudiojava.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/embeddings} and the legacy {@code POST /api/v0/embeddings}: one vector of {@link
 * #DIMENSIONS} floats per input, in input order, scaled to unit length. A vector is a hashed bag of
 * the text's lower-cased words of three letters or more and of their first three letters (so "cats"
 * meets "cat" and "naps" meets "napping"), plus a small part drawn from a generator seeded by a
 * SHA-256 hash of the whole text, so that texts sharing words score high, texts sharing none score
 * near zero and no two different texts get the same vector. Every hash includes the model key: the
 * same text and model always give the same vector, and another model gives another one. {@code
 * encoding_format: "base64"} sends each vector as little-endian float32 bytes, as OpenAI does.
 */
final class FakeEmbeddings {
  /** The length of every fake embedding vector. */
  static final int DIMENSIONS = 768;

  /** How much the whole text's own hash weighs against its words: enough to tell texts apart. */
  private static final double TEXT_WEIGHT = 0.1;

  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

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
    double[] words = new double[DIMENSIONS];
    for (String word : NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))) {
      // Words shorter than three letters (a, is, of, in ...) say little about a text.
      if (word.codePointCount(0, word.length()) < 3) {
        continue;
      }
      add(words, modelKey, "word:" + word);
      add(words, modelKey, "start:" + word.substring(0, word.offsetByCodePoints(0, 3)));
    }
    normalise(words);
    // The whole text's part: texts with the same words (or none) still get different vectors.
    SplittableRandom random =
        new SplittableRandom(ByteBuffer.wrap(sha256(modelKey + "\ntext:" + text)).getLong());
    double[] raw = new double[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      raw[i] = random.nextDouble(-1, 1);
    }
    normalise(raw);
    for (int i = 0; i < DIMENSIONS; i++) {
      raw[i] = words[i] + TEXT_WEIGHT * raw[i];
    }
    normalise(raw);
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) raw[i];
    }
    return vector;
  }

  /**
   * Adds one feature to a bag: plus or minus one in each of four dimensions its hash picks, so two
   * features that collide in one dimension still differ in the others.
   */
  private static void add(double[] bag, String modelKey, String feature) {
    ByteBuffer digest = ByteBuffer.wrap(sha256(modelKey + "\n" + feature));
    for (int slot = 0; slot < 4; slot++) {
      long hash = digest.getLong();
      bag[(int) Math.floorMod(hash, (long) DIMENSIONS)] += (hash >>> 63) == 0 ? 1 : -1;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Scales to unit length; a zero vector stays zero. */
  private static void normalise(double[] vector) {
    double norm = 0;
    for (double value : vector) {
      norm += value * value;
    }
    if (norm == 0) {
      return;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
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
