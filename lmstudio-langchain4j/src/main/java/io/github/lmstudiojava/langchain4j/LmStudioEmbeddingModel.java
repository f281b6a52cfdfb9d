package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.CompletionUsage;
import io.github.lmstudiojava.client.openai.EmbeddingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A LangChain4j {@link EmbeddingModel} answered by LM Studio's {@code POST /v1/embeddings}, in
 * batches; the model is loaded on first use.
 *
 * <pre>{@code
 * EmbeddingModel model = LmStudioEmbeddingModel.builder()
 *     .lmStudio(lms)
 *     .modelName("text-embedding-nomic-embed-text-v1.5")
 *     .build();
 * Embedding vector = model.embed("Where is my cat napping?").content();
 * }</pre>
 */
public final class LmStudioEmbeddingModel implements EmbeddingModel {
  /** The default number of texts sent in one request. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final LmStudio lms;
  private final String modelName;
  private final int batchSize;
  private volatile Integer dimension;

  private LmStudioEmbeddingModel(Builder builder) {
    if (builder.lmStudio == null) {
      throw new IllegalStateException("lmStudio is required: the LmStudio client to use");
    }
    if (builder.modelName == null || builder.modelName.isBlank()) {
      throw new IllegalStateException("modelName is required: an embedding model's key");
    }
    this.lms = builder.lmStudio;
    this.modelName = builder.modelName;
    this.batchSize = builder.batchSize;
  }

  /**
   * A builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EmbeddingResponse doEmbed(EmbeddingRequest request) {
    List<String> texts = new ArrayList<>();
    for (EmbeddingInput input : request.inputs()) {
      texts.add(input.text());
    }
    String model = request.modelName() != null ? request.modelName() : modelName;
    if (texts.isEmpty()) {
      return EmbeddingResponse.builder().embeddings(List.of()).modelName(model).build();
    }
    EmbeddingResult result = lms.openai().embedAll(model, texts, batchSize);
    List<Embedding> embeddings = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      embeddings.add(Embedding.from(result.vector(i)));
    }
    if (model.equals(modelName)) {
      dimension = result.dimensions();
    }
    CompletionUsage usage = result.usage();
    return EmbeddingResponse.builder()
        .embeddings(embeddings)
        .modelName(result.model() != null ? result.model() : model)
        .tokenUsage(usage == null ? null : new TokenUsage(usage.promptTokens()))
        .build();
  }

  /**
   * The vectors' length; the first call asks LM Studio for one vector to learn it.
   *
   * @return the dimension
   */
  @Override
  public int dimension() {
    Integer known = dimension;
    if (known == null) {
      known = lms.openai().embed(modelName, "dimension").dimensions();
      dimension = known;
    }
    return known;
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Builds an {@link LmStudioEmbeddingModel}. */
  public static final class Builder {
    private LmStudio lmStudio;
    private String modelName;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * The client that talks to LM Studio (required); it stays the caller's to close.
     *
     * @param lmStudio the client
     * @return this builder
     */
    public Builder lmStudio(LmStudio lmStudio) {
      this.lmStudio = Objects.requireNonNull(lmStudio, "lmStudio == null");
      return this;
    }

    /**
     * The embedding model (required), such as {@code text-embedding-nomic-embed-text-v1.5}.
     *
     * @param modelName the model's key
     * @return this builder
     */
    public Builder modelName(String modelName) {
      this.modelName = modelName;
      return this;
    }

    /**
     * How many texts go in one request.
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     * @throws IllegalStateException without a client or a model
     */
    public LmStudioEmbeddingModel build() {
      return new LmStudioEmbeddingModel(this);
    }
  }
}
