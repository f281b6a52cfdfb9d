package io.github.lmstudiojava.client;

import java.util.Objects;

/**
 * The answer to a model load ({@code POST /api/v1/models/load}), or the instance {@link
 * Models#ensureLoaded(LoadRequest)} reused instead of loading.
 *
 * <p>LM Studio may load less context than was asked for: with its "auto-fit" it shrinks the context
 * to the memory it has, and says so nowhere but in the loaded configuration. {@link
 * #contextReduced()} compares the two, so a caller can warn before prompts overflow.
 *
 * <pre>{@code
 * LoadResult r = lms.models().ensureLoaded(LoadRequest.builder("qwen/qwen3-4b").contextLength(32768).build());
 * if (r.contextReduced()) {
 *   System.err.println("only " + r.contextLength() + " tokens of context");
 * }
 * }</pre>
 *
 * @param type {@code "llm"} or {@code "embedding"}
 * @param instanceId the id of the loaded instance, for chat requests and unload
 * @param loadTimeSeconds how long the load took; null when an instance was reused
 * @param status {@code "loaded"}
 * @param loadConfig the configuration applied: present when the request asked for {@code
 *     echo_load_config} or for a context length, and for a reused instance
 * @param requestedContextLength the context length the request asked for; null when it left it to
 *     LM Studio
 * @param reused whether an instance already loaded was reused instead of loading another one
 * @param host the root URL of the LM Studio server the instance runs on, such as {@code
 *     http://gpu-box:1234} (a client of several servers picks one); null only for a result not read
 *     from a server
 */
public record LoadResult(
    String type,
    String instanceId,
    Double loadTimeSeconds,
    String status,
    InstanceConfig loadConfig,
    Integer requestedContextLength,
    boolean reused,
    String host) {

  /**
   * A fresh load as LM Studio answers it, without a requested context length.
   *
   * @param type {@code "llm"} or {@code "embedding"}
   * @param instanceId the id of the loaded instance
   * @param loadTimeSeconds how long the load took
   * @param status {@code "loaded"}
   * @param loadConfig the configuration applied, or null
   */
  public LoadResult(
      String type,
      String instanceId,
      Double loadTimeSeconds,
      String status,
      InstanceConfig loadConfig) {
    this(type, instanceId, loadTimeSeconds, status, loadConfig, null, false, null);
  }

  /**
   * The context length the instance has.
   *
   * @return the length in tokens, or null when the load configuration is not known
   */
  public Integer contextLength() {
    return loadConfig == null ? null : loadConfig.contextLength();
  }

  /**
   * Whether the instance has less context than the request asked for (LM Studio's auto-fit, or a
   * model whose maximum is smaller). Prompts longer than {@link #contextLength()} fail.
   *
   * @return true when both lengths are known and the loaded one is smaller
   */
  public boolean contextReduced() {
    Integer actual = contextLength();
    return requestedContextLength != null && actual != null && actual < requestedContextLength;
  }

  /**
   * This result, noting the context length that was asked for and the server that loaded it.
   *
   * @param requested the requested length, or null
   * @param server the server's root URL
   * @return the result
   */
  LoadResult with(Integer requested, String server) {
    return Objects.equals(requested, requestedContextLength) && Objects.equals(server, host)
        ? this
        : new LoadResult(
            type, instanceId, loadTimeSeconds, status, loadConfig, requested, reused, server);
  }
}
