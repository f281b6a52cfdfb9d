package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /v1/embeddings}: texts to turn into vectors with an embedding model. One
 * text is sent as a plain string, several as an array.
 *
 * @param model the embedding model's identifier, such as {@code
 *     text-embedding-nomic-embed-text-v1.5}
 * @param input the texts, in order; never empty
 * @param ttl seconds a model loaded for this request stays loaded while idle (LM Studio extension);
 *     null to leave it out
 * @param timeouts limits for this request, overriding the client's; never sent
 */
public record EmbeddingRequest(String model, List<String> input, Integer ttl, Timeouts timeouts) {

  /** Checks the model and the texts and copies them. */
  public EmbeddingRequest {
    Requests.model(model);
    Objects.requireNonNull(input, "input == null");
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input is empty");
    }
    input = List.copyOf(input);
    Requests.ttl(ttl);
  }

  /**
   * A request for some texts.
   *
   * @param model the embedding model's identifier
   * @param input the texts
   * @return the request
   */
  public static EmbeddingRequest of(String model, String... input) {
    return new EmbeddingRequest(model, Arrays.asList(input), null, null);
  }

  /**
   * A request for some texts.
   *
   * @param model the embedding model's identifier
   * @param input the texts
   * @return the request
   */
  public static EmbeddingRequest of(String model, List<String> input) {
    return new EmbeddingRequest(model, input, null, null);
  }

  /**
   * A builder.
   *
   * @param model the embedding model's identifier
   * @return the builder
   */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /**
   * A builder holding this request's values, to make a changed copy.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.input = new ArrayList<>(input);
    b.ttl = ttl;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds an {@link EmbeddingRequest}; each setter replaces the value set before. */
  public static final class Builder {
    private String model;
    private List<String> input = new ArrayList<>();
    private Integer ttl;
    private Timeouts timeouts;

    private Builder(String model) {
      this.model = model;
    }

    /** Sets the embedding model's identifier. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets the texts to embed, in order. */
    public Builder input(String... input) {
      this.input = new ArrayList<>(Arrays.asList(input));
      return this;
    }

    /** Sets the texts to embed, in order. */
    public Builder input(List<String> input) {
      this.input = new ArrayList<>(input);
      return this;
    }

    /** Sets LM Studio's {@code ttl}: idle seconds before a JIT-loaded model unloads, or null. */
    public Builder ttl(Integer ttl) {
      this.ttl = ttl;
      return this;
    }

    /** Sets limits for this request, or null for the client's. */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException when no text was given
     */
    public EmbeddingRequest build() {
      return new EmbeddingRequest(model, input, ttl, timeouts);
    }
  }
}
