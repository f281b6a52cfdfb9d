package io.github.lmstudiojava.client.openai;

import java.util.List;
import java.util.Objects;

/** Checks shared by the request records of the OpenAI-compatible endpoints. */
final class Requests {
  private Requests() {}

  static void model(String model) {
    Objects.requireNonNull(model, "model == null");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model is blank");
    }
  }

  static List<String> stop(List<String> stop) {
    if (stop == null) {
      return List.of();
    }
    for (String s : stop) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException("stop sequences must not be null or empty: " + stop);
      }
    }
    return List.copyOf(stop);
  }

  static void sampling(Double temperature, Double topP, Integer topK, Double repeatPenalty) {
    if (temperature != null && temperature < 0) {
      throw new IllegalArgumentException("temperature < 0: " + temperature);
    }
    if (topP != null && (topP < 0 || topP > 1)) {
      throw new IllegalArgumentException("topP must be within [0, 1]: " + topP);
    }
    if (topK != null && topK < 0) {
      throw new IllegalArgumentException("topK < 0: " + topK);
    }
    if (repeatPenalty != null && repeatPenalty <= 0) {
      throw new IllegalArgumentException("repeatPenalty <= 0: " + repeatPenalty);
    }
  }

  /** LM Studio's own examples send {@code -1} for "no limit". */
  static void maxTokens(Integer maxTokens) {
    if (maxTokens != null && maxTokens <= 0 && maxTokens != -1) {
      throw new IllegalArgumentException("maxTokens must be more than 0, or -1: " + maxTokens);
    }
  }

  static void ttl(Integer ttl) {
    if (ttl != null && ttl <= 0) {
      throw new IllegalArgumentException("ttl <= 0: " + ttl);
    }
  }
}
