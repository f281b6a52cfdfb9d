package io.github.lmstudiojava.client.legacy;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@code POST /api/v0/embeddings}: one vector per input text.
 *
 * @param object {@code list}
 * @param data the embeddings, in input order
 * @param model the model that computed them
 * @param usage token counts; may be null
 */
public record V0Embeddings(String object, List<Embedding> data, String model, V0Usage usage) {

  /** Normalizes a missing list to empty. */
  public V0Embeddings {
    data = data == null ? List.of() : List.copyOf(data);
  }

  /**
   * The vectors, in input order.
   *
   * @return one vector per input
   */
  public List<List<Double>> vectors() {
    List<List<Double>> vectors = new ArrayList<>(data.size());
    for (Embedding embedding : data) {
      vectors.add(embedding.embedding());
    }
    return List.copyOf(vectors);
  }

  /**
   * One vector.
   *
   * @param object {@code embedding}
   * @param embedding the vector
   * @param index the position of its input
   */
  public record Embedding(String object, List<Double> embedding, Integer index) {
    /** Normalizes a missing vector to empty. */
    public Embedding {
      embedding = embedding == null ? List.of() : List.copyOf(embedding);
    }
  }
}
