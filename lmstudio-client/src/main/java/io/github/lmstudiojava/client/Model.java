package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A model LM Studio has on disk, as listed by {@code GET /api/v1/models}.
 *
 * <pre>{@code
 * for (Model m : lms.models().list()) {
 *   System.out.println(m.key() + " " + m.paramsString() + (m.isLoaded() ? " (loaded)" : ""));
 * }
 * }</pre>
 *
 * @param type {@code "llm"} or {@code "embedding"}
 * @param publisher the publisher, such as {@code google}
 * @param key the model's key, used in chat and load requests
 * @param displayName a readable name
 * @param architecture the architecture, such as {@code llama}; null for embedding models
 * @param quantization the quantization; may be null
 * @param sizeBytes size on disk in bytes; may be null
 * @param paramsString the parameter count as text, such as {@code 7B}; may be null
 * @param loadedInstances the loaded instances; empty when not loaded
 * @param maxContextLength the longest context the model supports, in tokens; may be null
 * @param format {@code "gguf"}, {@code "mlx"}, or null
 * @param capabilities what the model can do; null for embedding models
 * @param description a description; may be null
 * @param variants the quantization variants of a multi-variant model; empty otherwise
 * @param selectedVariant the selected variant when there are variants; otherwise null
 * @param host the root URL of the LM Studio server that has the model, such as {@code
 *     http://gpu-box:1234}: a client of several servers ({@link LmStudio.Builder#baseUrls}) lists
 *     the models of all of them; null only for a model not read from a server
 */
public record Model(
    String type,
    String publisher,
    String key,
    @Json(name = "display_name") String displayName,
    String architecture,
    Quantization quantization,
    @Json(name = "size_bytes") Long sizeBytes,
    @Json(name = "params_string") String paramsString,
    @Json(name = "loaded_instances") List<LoadedInstance> loadedInstances,
    @Json(name = "max_context_length") Integer maxContextLength,
    String format,
    Capabilities capabilities,
    String description,
    List<String> variants,
    @Json(name = "selected_variant") String selectedVariant,
    String host) {

  /** Copies the lists and normalizes null to empty. */
  public Model {
    loadedInstances = loadedInstances == null ? List.of() : List.copyOf(loadedInstances);
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /**
   * A model without a host, as before clients could talk to several servers.
   *
   * @param type {@code "llm"} or {@code "embedding"}
   * @param publisher the publisher
   * @param key the model's key
   * @param displayName a readable name
   * @param architecture the architecture; may be null
   * @param quantization the quantization; may be null
   * @param sizeBytes size on disk in bytes; may be null
   * @param paramsString the parameter count as text; may be null
   * @param loadedInstances the loaded instances
   * @param maxContextLength the longest context, in tokens; may be null
   * @param format {@code "gguf"}, {@code "mlx"}, or null
   * @param capabilities what the model can do; may be null
   * @param description a description; may be null
   * @param variants the quantization variants
   * @param selectedVariant the selected variant; may be null
   */
  public Model(
      String type,
      String publisher,
      String key,
      String displayName,
      String architecture,
      Quantization quantization,
      Long sizeBytes,
      String paramsString,
      List<LoadedInstance> loadedInstances,
      Integer maxContextLength,
      String format,
      Capabilities capabilities,
      String description,
      List<String> variants,
      String selectedVariant) {
    this(
        type,
        publisher,
        key,
        displayName,
        architecture,
        quantization,
        sizeBytes,
        paramsString,
        loadedInstances,
        maxContextLength,
        format,
        capabilities,
        description,
        variants,
        selectedVariant,
        null);
  }

  /**
   * This model, and its loaded instances, as held by the server at {@code host}.
   *
   * @param host the server's root URL
   * @return the model with the host set
   */
  public Model withHost(String host) {
    List<LoadedInstance> instances = new ArrayList<>(loadedInstances.size());
    for (LoadedInstance instance : loadedInstances) {
      instances.add(new LoadedInstance(instance.id(), instance.config(), host));
    }
    return new Model(
        type,
        publisher,
        key,
        displayName,
        architecture,
        quantization,
        sizeBytes,
        paramsString,
        instances,
        maxContextLength,
        format,
        capabilities,
        description,
        variants,
        selectedVariant,
        host);
  }

  /**
   * Whether at least one instance is loaded.
   *
   * @return true when loaded
   */
  public boolean isLoaded() {
    return !loadedInstances.isEmpty();
  }

  /**
   * Whether this is a language model.
   *
   * @return true when {@code type} is {@code llm}
   */
  public boolean isLlm() {
    return "llm".equals(type);
  }

  /**
   * Whether this is an embedding model.
   *
   * @return true when {@code type} is {@code embedding}
   */
  public boolean isEmbedding() {
    return "embedding".equals(type);
  }
}
