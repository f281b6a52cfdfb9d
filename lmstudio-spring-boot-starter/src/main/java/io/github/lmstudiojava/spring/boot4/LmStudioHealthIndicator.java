package io.github.lmstudiojava.spring.boot4;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.spring.HealthCheck;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * LM Studio's health for Actuator on Spring Boot 4 (see {@link HealthCheck}), which moved the
 * health API to {@code org.springframework.boot.health}.
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
