package io.github.lmstudiojava.client;

/**
 * A loaded instance of a model.
 *
 * @param id the instance id, used by chat requests and by {@code models().unload(id)}
 * @param config the configuration it was loaded with; may be null
 * @param host the root URL of the LM Studio server running it (see {@link Model#host()}); null only
 *     for an instance not read from a server
 */
public record LoadedInstance(String id, InstanceConfig config, String host) {

  /**
   * An instance without a host.
   *
   * @param id the instance id
   * @param config the configuration; may be null
   */
  public LoadedInstance(String id, InstanceConfig config) {
    this(id, config, null);
  }

  /**
   * The instance's context length.
   *
   * @return the context length in tokens, or null when unknown
   */
  public Integer contextLength() {
    return config == null ? null : config.contextLength();
  }

  /**
   * The most predictions the instance runs at once; requests beyond it wait in LM Studio.
   *
   * @return the number of parallel slots, or null when unknown (embedding models, older LM Studio)
   */
  public Integer parallel() {
    return config == null ? null : config.parallel();
  }
}
