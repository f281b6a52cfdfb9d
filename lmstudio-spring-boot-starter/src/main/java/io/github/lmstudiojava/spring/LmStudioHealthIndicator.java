package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioListener;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * LM Studio's health for Actuator: UP with the server's URL, the number of models and the loaded
 * ones when it answers {@code GET /api/v1/models}; DOWN with the client's one-sentence reason when
 * it does not (not running, refused token, not LM Studio). The check has its own short limits and
 * is not counted by the client's listeners.
 */
public class LmStudioHealthIndicator extends AbstractHealthIndicator implements DisposableBean {
  /** The connect limit of a check. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The answer limit of a check. */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  private final LmStudio client;

  /**
   * A health indicator over a client; it makes a client of its own that shares the connections.
   *
   * @param lms the application's client
   */
  public LmStudioHealthIndicator(LmStudio lms) {
    super("LM Studio health check failed");
    this.client =
        lms.newBuilder()
            .timeouts(
                Timeouts.defaults()
                    .withConnect(CONNECT_TIMEOUT)
                    .withIdle(ANSWER_TIMEOUT)
                    .withCall(ANSWER_TIMEOUT))
            .listener(LmStudioListener.NONE)
            .build();
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("baseUrl", client.baseUrl());
    List<Model> models;
    try {
      models = client.models().list();
    } catch (LmStudioException e) {
      builder.down().withDetail("error", e.getMessage());
      return;
    }
    List<String> loaded = models.stream().filter(Model::isLoaded).map(Model::key).toList();
    builder.up().withDetail("models", models.size()).withDetail("loaded", loaded);
  }

  /** Closes the indicator's own client (the connections stay with the application's). */
  @Override
  public void destroy() {
    client.close();
  }
}
