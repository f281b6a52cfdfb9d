package io.github.lmstudiojava.client.openai;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The vectors of a {@code POST /v1/embeddings} request, one per input text and in input order (LM
 * Studio's {@code index} fields put them back in order whatever order they came in).
 *
 * <pre>{@code
 * EmbeddingResult r = lms.openai().embed("text-embedding-nomic-embed-text-v1.5", "cat", "dog");
 * float[] cat = r.vector(0);
 * int size = r.dimensions();
 * }</pre>
 *
 * <p>Two results are equal when their vectors hold equal values.
 *
 * @param model the model that made the vectors, as LM Studio names it
 * @param vectors one vector per input, in input order; never null
 * @param usage token counts; may be null
 */
public record EmbeddingResult(String model, List<float[]> vectors, CompletionUsage usage) {

  /** Copies the list of vectors (not the vectors themselves). */
  public EmbeddingResult {
    vectors = vectors == null ? List.of() : List.copyOf(vectors);
  }

  /**
   * The vector of one input.
   *
   * @param i the input's position
   * @return the vector; not a copy, so do not change it
   * @throws IndexOutOfBoundsException when there is no such input
   */
  public float[] vector(int i) {
    return vectors.get(i);
  }

  /**
   * How many vectors there are: one per input.
   *
   * @return the count
   */
  public int size() {
    return vectors.size();
  }

  /**
   * The length of the vectors, the model's embedding size.
   *
   * @return the first vector's length; 0 when there are no vectors
   */
  public int dimensions() {
    return vectors.isEmpty() ? 0 : vectors.get(0).length;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EmbeddingResult)) {
      return false;
    }
    EmbeddingResult other = (EmbeddingResult) o;
    if (!Objects.equals(model, other.model)
        || !Objects.equals(usage, other.usage)
        || vectors.size() != other.vectors.size()) {
      return false;
    }
    for (int i = 0; i < vectors.size(); i++) {
      if (!Arrays.equals(vectors.get(i), other.vectors.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(model, usage);
    for (float[] vector : vectors) {
      hash = 31 * hash + Arrays.hashCode(vector);
    }
    return hash;
  }

  /** Shows the counts, not the numbers. */
  @Override
  public String toString() {
    return "EmbeddingResult[model="
        + model
        + ", vectors="
        + vectors.size()
        + ", dimensions="
        + dimensions()
        + ", usage="
        + usage
        + "]";
  }
}
