package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.LmStudio;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link LmStudioMetrics} for the client, when the application has a Micrometer {@link
 * MeterRegistry} (Actuator makes one), on Spring Boot 3.5 and 4.0.
 */
@AutoConfiguration(
    before = LmStudioAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      // The same in Spring Boot 4.
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({LmStudio.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class LmStudioMetricsAutoConfiguration {
  /** For Spring. */
  public LmStudioMetricsAutoConfiguration() {}

  /**
   * The metrics listener, which the client's auto-configuration gives the client.
   *
   * @param registry the registry
   * @return the listener
   */
  @Bean
  @ConditionalOnMissingBean
  public LmStudioMetrics lmStudioMetrics(MeterRegistry registry) {
    return new LmStudioMetrics(registry);
  }
}
