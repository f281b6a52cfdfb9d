package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.LmStudio;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * LM Studio's health for Actuator on Spring Boot 3.5 (see {@link HealthCheck}): UP with the
 * server's URL, the number of models and the loaded ones; DOWN with the client's one-sentence
 * reason (not running, refused token, not LM Studio).
 */
public class LmStudioHealthIndicator extends AbstractHealthIndicator implements DisposableBean {
  private final HealthCheck check;

  /**
   * A health indicator over a client.
   *
   * @param lms the application's client
   */
  public LmStudioHealthIndicator(LmStudio lms) {
    super("LM Studio health check failed");
    this.check = new HealthCheck(lms);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    HealthCheck.Result result = check.run();
    (result.up() ? builder.up() : builder.down()).withDetails(result.details());
  }

  /** Closes the indicator's own client (the connections stay with the application's). */
  @Override
  public void destroy() {
    check.close();
  }
}
