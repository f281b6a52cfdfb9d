package io.github.lmstudiojava.spring.boot4;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.spring.LmStudioAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code lmstudio} health indicator on Spring Boot 4, with its health module on the class path;
 * off with {@code management.health.lmstudio.enabled=false}.
 */
@AutoConfiguration(after = LmStudioAutoConfiguration.class)
@ConditionalOnClass({LmStudio.class, HealthIndicator.class})
@ConditionalOnBean(LmStudio.class)
@ConditionalOnEnabledHealthIndicator("lmstudio")
public class LmStudioHealthAutoConfiguration {
  /** For Spring. */
  public LmStudioHealthAutoConfiguration() {}

  /**
   * The health indicator, named {@code lmstudio} in Actuator's answer.
   *
   * @param lms the client
   * @return the indicator
   */
  @Bean(name = "lmstudioHealthIndicator")
  @ConditionalOnMissingBean(name = "lmstudioHealthIndicator")
  public LmStudioHealthIndicator lmstudioHealthIndicator(LmStudio lms) {
    return new LmStudioHealthIndicator(lms);
  }
}
