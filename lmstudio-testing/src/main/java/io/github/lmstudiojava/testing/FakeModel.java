package io.github.lmstudiojava.testing;

import java.util.List;
import java.util.Objects;

/**
 * One model in a {@link FakeLmStudio}'s catalogue, with every field of {@code GET /api/v1/models}.
 *
 * <pre>{@code
 * FakeModel mine = FakeModel.llm("acme/tiny-1b").loaded(true).reasoning("on", "off", "on").build();
 * try (FakeLmStudio fake = FakeLmStudio.builder().models(mine).start()) { ... }
 * }</pre>
 *
 * @param type {@code llm} or {@code embedding}
 * @param publisher the publisher, such as {@code qwen}
 * @param key the model key, such as {@code qwen/qwen3-4b}
 * @param displayName the human-readable name
 * @param architecture such as {@code qwen3}; null for embedding models (then absent from the JSON)
 * @param quantizationName such as {@code Q4_K_M}
 * @param bitsPerWeight bits per weight of the quantization
 * @param sizeBytes the size on disk
 * @param paramsString such as {@code 4B}; may be null
 * @param maxContextLength the largest context the model supports
 * @param format {@code gguf} or {@code mlx}
 * @param vision whether it takes images (LLMs only)
 * @param trainedForToolUse whether it was trained for tool use (LLMs only)
 * @param reasoningOptions the allowed reasoning settings; empty when the model exposes none
 * @param reasoningDefault the default reasoning setting; null when {@code reasoningOptions} is
 *     empty
 * @param description the description (LLMs only); may be null
 * @param variants the quantization variants; empty for single-variant models
 * @param selectedVariant the selected variant; null when {@code variants} is empty
 * @param loaded whether one instance is loaded when the fake starts
 * @param loadedContextLength that instance's context length
 */
public record FakeModel(
    String type,
    String publisher,
    String key,
    String displayName,
    String architecture,
    String quantizationName,
    double bitsPerWeight,
    long sizeBytes,
    String paramsString,
    int maxContextLength,
    String format,
    boolean vision,
    boolean trainedForToolUse,
    List<String> reasoningOptions,
    String reasoningDefault,
    String description,
    List<String> variants,
    String selectedVariant,
    boolean loaded,
    int loadedContextLength) {

  /** A loaded LLM with variants: {@code ibm/granite-4-micro}. */
  public static final String LOADED_LLM = "ibm/granite-4-micro";

  /** An LLM on disk but not loaded: {@code meta/llama-3.2-3b}. */
  public static final String UNLOADED_LLM = "meta/llama-3.2-3b";

  /** An embedding model, not loaded: {@code text-embedding-nomic-embed-text-v1.5}. */
  public static final String EMBEDDING = "text-embedding-nomic-embed-text-v1.5";

  /** A reasoning LLM (options {@code off}, {@code on}; default {@code on}), not loaded. */
  public static final String REASONING = "qwen/qwen3-4b";

  /**
   * A reasoning LLM with effort levels, among them {@code xhigh}, which LM Studio takes although
   * its reference does not list it: {@code openai/gpt-oss-20b}, from {@link #effortReasoning()},
   * not in the default catalogue.
   */
  public static final String EFFORT_REASONING = "openai/gpt-oss-20b";

  /** A vision LLM, not loaded: {@code qwen/qwen3-vl-4b}. */
  public static final String VISION = "qwen/qwen3-vl-4b";

  /** A catalogue model that is not on disk and can be downloaded: {@code google/gemma-3-1b}. */
  public static final String DOWNLOADABLE = "google/gemma-3-1b";

  /** Checks the required fields and copies the lists. */
  public FakeModel {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(publisher, "publisher == null");
    reasoningOptions = List.copyOf(reasoningOptions);
    variants = List.copyOf(variants);
    if (!type.equals("llm") && !type.equals("embedding")) {
      throw new IllegalArgumentException("type must be llm or embedding: " + type);
    }
  }

  /**
   * A builder for an LLM with plausible defaults (Q4_K_M GGUF, 32k context, tool use, not loaded).
   *
   * @param key the model key, such as {@code acme/tiny-1b}; its first segment is the publisher
   * @return the builder
   */
  public static Builder llm(String key) {
    return new Builder("llm", key);
  }

  /**
   * A builder for an embedding model: no architecture, capabilities or description.
   *
   * @param key the model key
   * @return the builder
   */
  public static Builder embedding(String key) {
    return new Builder("embedding", key)
        .architecture(null)
        .quantization("F16", 16)
        .sizeBytes(274_290_560L)
        .paramsString(null)
        .maxContextLength(2048)
        .trainedForToolUse(false)
        .description(null);
  }

  /**
   * The default catalogue: {@link #LOADED_LLM}, {@link #UNLOADED_LLM}, {@link #EMBEDDING}, {@link
   * #REASONING} and {@link #VISION}.
   *
   * @return the models, in that order
   */
  public static List<FakeModel> defaults() {
    return DefaultCatalogue.MODELS;
  }

  /**
   * The {@link #EFFORT_REASONING} model, not loaded: reasoning options {@code low}, {@code medium},
   * {@code high} and {@code xhigh}, default {@code medium}, as LM Studio lists them for such models
   * (abdulmominsakib/localmind#75). Add it with {@link FakeLmStudio.Builder#addModels}.
   *
   * @return the model
   */
  public static FakeModel effortReasoning() {
    return DefaultCatalogue.EFFORT_REASONING_MODEL;
  }

  /**
   * Whether this is an embedding model.
   *
   * @return true for {@code embedding}
   */
  public boolean isEmbedding() {
    return type.equals("embedding");
  }

  /**
   * A builder holding this model's fields.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(type, key);
    b.publisher = publisher;
    b.displayName = displayName;
    b.architecture = architecture;
    b.quantizationName = quantizationName;
    b.bitsPerWeight = bitsPerWeight;
    b.sizeBytes = sizeBytes;
    b.paramsString = paramsString;
    b.maxContextLength = maxContextLength;
    b.format = format;
    b.vision = vision;
    b.trainedForToolUse = trainedForToolUse;
    b.reasoningOptions = reasoningOptions;
    b.reasoningDefault = reasoningDefault;
    b.description = description;
    b.variants = variants;
    b.selectedVariant = selectedVariant;
    b.loaded = loaded;
    b.loadedContextLength = loadedContextLength;
    return b;
  }

  /** Builds a {@link FakeModel}; every setter returns this builder. */
  public static final class Builder {
    private final String type;
    private final String key;
    private String publisher;
    private String displayName;
    private String architecture = "llama";
    private String quantizationName = "Q4_K_M";
    private double bitsPerWeight = 4;
    private long sizeBytes = 2_019_377_696L;
    private String paramsString = "3B";
    private int maxContextLength = 32_768;
    private String format = "gguf";
    private boolean vision;
    private boolean trainedForToolUse = true;
    private List<String> reasoningOptions = List.of();
    private String reasoningDefault;
    private String description = null;
    private List<String> variants = List.of();
    private String selectedVariant;
    private boolean loaded;
    private int loadedContextLength = 4096;

    private Builder(String type, String key) {
      this.type = type;
      this.key = Objects.requireNonNull(key, "key == null");
      int slash = key.indexOf('/');
      this.publisher = slash > 0 ? key.substring(0, slash) : "lmstudio-community";
      this.displayName = slash > 0 ? key.substring(slash + 1) : key;
    }

    /**
     * Sets {@code publisher}.
     *
     * @param publisher the publisher
     * @return this builder
     */
    public Builder publisher(String publisher) {
      this.publisher = publisher;
      return this;
    }

    /**
     * Sets {@code displayName}.
     *
     * @param displayName the human-readable name
     * @return this builder
     */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /**
     * Sets {@code architecture}.
     *
     * @param architecture the architecture, or null
     * @return this builder
     */
    public Builder architecture(String architecture) {
      this.architecture = architecture;
      return this;
    }

    /**
     * Sets {@code sizeBytes}.
     *
     * @param sizeBytes the size on disk
     * @return this builder
     */
    public Builder sizeBytes(long sizeBytes) {
      this.sizeBytes = sizeBytes;
      return this;
    }

    /**
     * Sets {@code paramsString}.
     *
     * @param paramsString the parameter count text, or null
     * @return this builder
     */
    public Builder paramsString(String paramsString) {
      this.paramsString = paramsString;
      return this;
    }

    /**
     * Sets {@code maxContextLength}.
     *
     * @param maxContextLength the largest context
     * @return this builder
     */
    public Builder maxContextLength(int maxContextLength) {
      this.maxContextLength = maxContextLength;
      return this;
    }

    /**
     * Sets {@code format}.
     *
     * @param format {@code gguf} or {@code mlx}
     * @return this builder
     */
    public Builder format(String format) {
      this.format = format;
      return this;
    }

    /**
     * Sets {@code vision}.
     *
     * @param vision whether the model takes images
     * @return this builder
     */
    public Builder vision(boolean vision) {
      this.vision = vision;
      return this;
    }

    /**
     * Sets {@code trainedForToolUse}.
     *
     * @param trainedForToolUse whether the model was trained for tool use
     * @return this builder
     */
    public Builder trainedForToolUse(boolean trainedForToolUse) {
      this.trainedForToolUse = trainedForToolUse;
      return this;
    }

    /**
     * Sets {@code description}.
     *
     * @param description the description, or null
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets {@code loaded}.
     *
     * @param loaded whether an instance is loaded at start
     * @return this builder
     */
    public Builder loaded(boolean loaded) {
      this.loaded = loaded;
      return this;
    }

    /**
     * Sets {@code loadedContextLength}.
     *
     * @param loadedContextLength the context length of the instance loaded at start
     * @return this builder
     */
    public Builder loadedContextLength(int loadedContextLength) {
      this.loadedContextLength = loadedContextLength;
      return this;
    }

    /**
     * Sets the quantization.
     *
     * @param name such as {@code Q4_K_M}
     * @param bitsPerWeight its bits per weight
     * @return this builder
     */
    public Builder quantization(String name, double bitsPerWeight) {
      this.quantizationName = name;
      this.bitsPerWeight = bitsPerWeight;
      return this;
    }

    /**
     * Makes this a reasoning model.
     *
     * @param defaultOption the default setting, such as {@code on}
     * @param allowedOptions the allowed settings, such as {@code off on low medium high xhigh}
     * @return this builder
     */
    public Builder reasoning(String defaultOption, String... allowedOptions) {
      this.reasoningDefault = Objects.requireNonNull(defaultOption, "defaultOption == null");
      this.reasoningOptions = List.of(allowedOptions);
      return this;
    }

    /**
     * Sets the variants; the first one becomes the selected variant.
     *
     * @param variants such as {@code qwen/qwen3-4b@q4_k_m}
     * @return this builder
     */
    public Builder variants(String... variants) {
      this.variants = List.of(variants);
      this.selectedVariant = variants.length == 0 ? null : variants[0];
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     */
    public FakeModel build() {
      return new FakeModel(
          type,
          publisher,
          key,
          displayName,
          architecture,
          quantizationName,
          bitsPerWeight,
          sizeBytes,
          paramsString,
          maxContextLength,
          format,
          vision,
          trainedForToolUse,
          reasoningOptions,
          reasoningDefault,
          description,
          variants,
          selectedVariant,
          loaded,
          loadedContextLength);
    }
  }
}
