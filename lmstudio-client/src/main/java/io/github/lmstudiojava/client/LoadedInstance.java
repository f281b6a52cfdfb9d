package io.github.lmstudiojava.client;

/**
 * A loaded instance of a model.
 *
 * @param id the instance id, used by chat requests and by {@code models().unload(id)}
 * @param config the configuration it was loaded with; may be null
 */
public record LoadedInstance(String id, InstanceConfig config) {

  /**
   * The instance's context length.
   *
   * @return the context length in tokens, or null when unknown
   */
  public Integer contextLength() {
    return config == null ? null : config.contextLength();
  }
}
