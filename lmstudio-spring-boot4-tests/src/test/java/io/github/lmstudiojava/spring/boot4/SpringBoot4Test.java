package io.github.lmstudiojava.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The starter on Spring Boot 4: the client, the session store, health and metrics. */
class SpringBoot4Test {
  private final FakeLmStudio fake = FakeLmStudio.builder().apiToken("boot4-secret").start();

  /**
   * An application: every auto-configuration on the class path, the starter's among them, found by
   * name as Spring Boot finds them (the Boot 3.5 health configuration must stay away quietly).
   */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Application {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Application.class)
          .withPropertyValues(
              "lmstudio.base-url=" + fake.url(),
              "lmstudio.api-token=boot4-secret",
              "lmstudio.sessions.uri=memory:");

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void theClientAndTheStoreAreMadeFromTheProperties() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed().hasSingleBean(LmStudio.class);
          assertThat(context).hasSingleBean(SessionStore.class);
          LmStudio lms = context.getBean(LmStudio.class);

          assertThat(lms.chat(FakeModel.LOADED_LLM, "Hello").text()).isEqualTo("You said: Hello");
          FakeRequest sent = fake.takeRequest();
          assertThat(sent.path()).isEqualTo("/api/v1/chat");
          assertThat(sent.header("Authorization")).isEqualTo("Bearer boot4-secret");
          assertThat(sent.json()).containsEntry("input", "Hello");
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthUsesBoot4sApiAndTheBoot3IndicatorStaysAway() {
    runner.run(
        context -> {
          // The one indicator is Boot 4's; naming Boot 3.5's class here would not even load.
          assertThat(context.getBean("lmstudioHealthIndicator"))
              .isExactlyInstanceOf(LmStudioHealthIndicator.class);
          Health health =
              context.getBean("lmstudioHealthIndicator", HealthIndicator.class).health();

          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("baseUrl", fake.url());
          assertThat((List<Object>) health.getDetails().get("loaded"))
              .contains(FakeModel.LOADED_LLM);
          assertThat(fake.takeRequest().path()).isEqualTo("/api/v1/models");
        });
    runner
        .withPropertyValues("management.health.lmstudio.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("lmstudioHealthIndicator"));
  }

  @Test
  void metricsGoToTheRegistrySpringBootMakes() {
    runner.run(
        context -> {
          context.getBean(LmStudio.class).chat(FakeModel.LOADED_LLM, "count to 3");

          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(
                  registry
                      .get("lmstudio.client.requests")
                      .tags("uri", "/api/v1/chat", "status", "200", "outcome", "SUCCESS")
                      .timer()
                      .count())
              .isEqualTo(1);
          assertThat(fake.takeRequest().json()).containsEntry("input", "count to 3");
        });
  }
}
