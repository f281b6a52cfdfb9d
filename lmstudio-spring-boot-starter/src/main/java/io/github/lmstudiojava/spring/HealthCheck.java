package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioListener;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LM Studio's health, for the indicators of Spring Boot 3.5 and 4: whether it answers {@code GET
 * /api/v1/models} within short limits and without retries, with the server's URL, the number of
 * models and the loaded ones, or the client's one-sentence reason. Its own client shares the
 * application's connections and is not counted by the application's listeners.
 */
public final class HealthCheck implements AutoCloseable {
  /** The connect limit of a check. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The answer limit of a check. */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  private final LmStudio client;

  /**
   * Checks over an application's client.
   *
   * @param lms the application's client
   */
  public HealthCheck(LmStudio lms) {
    this.client =
        lms.newBuilder()
            .timeouts(
                Timeouts.defaults()
                    .withConnect(CONNECT_TIMEOUT)
                    .withIdle(ANSWER_TIMEOUT)
                    .withCall(ANSWER_TIMEOUT))
            .retryPolicy(RetryPolicy.none())
            .listener(LmStudioListener.NONE)
            .build();
  }

  /**
   * One check.
   *
   * @param up whether LM Studio answered
   * @param details what to show: {@code baseUrl}, and {@code models} and {@code loaded}, or {@code
   *     error}
   */
  public record Result(boolean up, Map<String, Object> details) {}

  /**
   * Runs one check.
   *
   * @return the result
   */
  public Result run() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("baseUrl", client.baseUrl());
    List<Model> models;
    try {
      models = client.models().list();
    } catch (LmStudioException e) {
      details.put("error", e.getMessage());
      return new Result(false, details);
    }
    details.put("models", models.size());
    details.put("loaded", models.stream().filter(Model::isLoaded).map(Model::key).toList());
    return new Result(true, details);
  }

  /** Closes the check's own client (the connections stay with the application's). */
  @Override
  public void close() {
    client.close();
  }
}
