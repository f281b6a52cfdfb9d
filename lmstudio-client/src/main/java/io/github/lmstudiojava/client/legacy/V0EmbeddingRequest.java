package io.github.lmstudiojava.client.legacy;

import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /api/v0/embeddings}: texts to turn into vectors.
 *
 * @param model the embedding model id
 * @param input the texts; not empty (one is sent as a plain string)
 * @param ttl seconds a model loaded just for this request may stay idle; null for the default
 */
public record V0EmbeddingRequest(String model, List<String> input, Integer ttl) {

  /** Checks the values and copies the list. */
  public V0EmbeddingRequest {
    V0ChatRequest.checkModel(model);
    Objects.requireNonNull(input, "input == null");
    input = List.copyOf(input);
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input is empty");
    }
    V0ChatRequest.checkOptions(null, null, ttl);
  }

  /**
   * A request for one or more texts.
   *
   * @param model the embedding model id
   * @param input the texts
   * @return the request
   */
  public static V0EmbeddingRequest of(String model, String... input) {
    return new V0EmbeddingRequest(model, List.of(input), null);
  }

  /**
   * A copy with an idle time-to-live.
   *
   * @param ttl seconds, or null
   * @return the request
   */
  public V0EmbeddingRequest withTtl(Integer ttl) {
    return new V0EmbeddingRequest(model, input, ttl);
  }
}
