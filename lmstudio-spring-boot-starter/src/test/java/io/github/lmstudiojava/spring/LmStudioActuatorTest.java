package io.github.lmstudiojava.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Actuator health indicator and the Micrometer metrics, against a fake LM Studio. */
class LmStudioActuatorTest {
  private final FakeLmStudio fake = FakeLmStudio.start();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LmStudioAutoConfiguration.class,
                  LmStudioHealthAutoConfiguration.class,
                  LmStudioMetricsAutoConfiguration.class))
          .withPropertyValues("lmstudio.base-url=" + fake.url());

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthIsUpWithTheLoadedModels() {
    runner.run(
        context -> {
          Health health =
              context.getBean("lmstudioHealthIndicator", HealthIndicator.class).health();

          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("baseUrl", fake.url())
              .containsEntry("models", FakeModel.defaults().size());
          assertThat((List<Object>) health.getDetails().get("loaded"))
              .contains(FakeModel.LOADED_LLM)
              .doesNotContain(FakeModel.UNLOADED_LLM);
          FakeRequest sent = fake.takeRequest();
          assertThat(sent.method()).isEqualTo("GET");
          assertThat(sent.path()).isEqualTo("/api/v1/models");
        });
  }

  @Test
  void healthIsDownWithTheReasonWhenNothingListens() throws IOException {
    String closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }
    runner
        .withPropertyValues("lmstudio.base-url=" + closed)
        .run(
            context -> {
              Health health =
                  context.getBean("lmstudioHealthIndicator", HealthIndicator.class).health();

              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat((String) health.getDetails().get("error"))
                  .contains(closed)
                  .contains("not running");
            });
  }

  @Test
  void healthChecksAreNotCountedInTheMetrics() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              context.getBean("lmstudioHealthIndicator", HealthIndicator.class).health();

              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .find("lmstudio.client.requests")
                          .timers())
                  .isEmpty();
              assertThat(fake.takeRequest().path()).isEqualTo("/api/v1/models");
            });
  }

  @Test
  void noHealthIndicatorWhenDisabledOrWithoutActuator() {
    runner
        .withPropertyValues("management.health.lmstudio.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LmStudioHealthIndicator.class));
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(LmStudio.class)
                    .doesNotHaveBean(LmStudioHealthIndicator.class));
  }

  @Test
  void metricsCountCallsTokensAndTimeToFirstToken() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              LmStudio lms = context.getBean(LmStudio.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);

              lms.chat(FakeModel.LOADED_LLM, "count to 5");
              try (ChatStream stream =
                  lms.streamChat(ChatRequest.of(FakeModel.LOADED_LLM, "count to 3"))) {
                for (ChatEvent ignored : stream) {
                  // read to the end
                }
              }

              assertThat(
                      registry
                          .get("lmstudio.client.requests")
                          .tags(
                              "method",
                              "POST",
                              "uri",
                              "/api/v1/chat",
                              "stream",
                              "false",
                              "status",
                              "200",
                              "outcome",
                              "SUCCESS",
                              "exception",
                              "none")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("lmstudio.client.requests")
                          .tags("uri", "/api/v1/chat", "stream", "true", "outcome", "SUCCESS")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(registry.get("lmstudio.client.time.to.first.token").timer().count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("lmstudio.client.tokens")
                          .tags("model", FakeModel.LOADED_LLM)
                          .counter()
                          .count())
                  .isPositive();
              assertThat(
                      registry
                          .get("lmstudio.client.tokens.per.second")
                          .tags("model", FakeModel.LOADED_LLM)
                          .summary()
                          .count())
                  .isEqualTo(2);
              FakeRequest first = fake.takeRequest();
              assertThat(first.path()).isEqualTo("/api/v1/chat");
              assertThat(first.json()).containsEntry("input", "count to 5");
              assertThat(fake.takeRequest().json()).containsEntry("stream", true);
            });
  }

  @Test
  void metricsGoToTheRegistryActuatorMakes() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration
                    .class,
                org.springframework.boot.actuate.autoconfigure.metrics
                    .CompositeMeterRegistryAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.metrics.export.simple
                    .SimpleMetricsExportAutoConfiguration.class,
                LmStudioAutoConfiguration.class,
                LmStudioMetricsAutoConfiguration.class))
        .withPropertyValues("lmstudio.base-url=" + fake.url())
        .run(
            context -> {
              assertThat(context).hasSingleBean(LmStudioMetrics.class);
              context.getBean(LmStudio.class).chat(FakeModel.LOADED_LLM, "Hello");

              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .get("lmstudio.client.requests")
                          .tags("uri", "/api/v1/chat", "outcome", "SUCCESS")
                          .timer()
                          .count())
                  .isEqualTo(1);
              FakeRequest sent = fake.takeRequest();
              assertThat(sent.method()).isEqualTo("POST");
              assertThat(sent.path()).isEqualTo("/api/v1/chat");
              assertThat(sent.json()).containsEntry("input", "Hello");
            });
  }

  @Test
  void metricsCountFailuresByException() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              LmStudio lms = context.getBean(LmStudio.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);

              assertThatThrownBy(() -> lms.chat("no/such-model", "Hello"))
                  .isInstanceOf(ModelNotFoundException.class);

              assertThat(
                      registry
                          .get("lmstudio.client.errors")
                          .tags("uri", "/api/v1/chat", "exception", "ModelNotFoundException")
                          .counter()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("lmstudio.client.requests")
                          .tags("outcome", "ERROR", "exception", "ModelNotFoundException")
                          .timer()
                          .getId()
                          .getTag("status"))
                  .isIn("400", "404");
              assertThat(fake.takeRequest().json()).containsEntry("model", "no/such-model");
            });
  }

  @Test
  void idsInPathsBecomeTemplates() {
    assertThat(
            LmStudioMetrics.uri(
                new io.github.lmstudiojava.client.LmStudioListener.CallInfo(
                    "GET", "/api/v1/models/download/status/job_123", false)))
        .isEqualTo("/api/v1/models/download/status/{job_id}");
    assertThat(
            LmStudioMetrics.uri(
                new io.github.lmstudiojava.client.LmStudioListener.CallInfo(
                    "GET", "/api/v0/models/qwen%2Fqwen3-4b", false)))
        .isEqualTo("/api/v0/models/{model}");
    assertThat(
            LmStudioMetrics.uri(
                new io.github.lmstudiojava.client.LmStudioListener.CallInfo(
                    "POST", "/v1/chat/completions", true)))
        .isEqualTo("/v1/chat/completions");
  }

  @Test
  void noMetricsWithoutARegistry() {
    runner.run(
        context ->
            assertThat(context)
                .hasSingleBean(LmStudio.class)
                .doesNotHaveBean(LmStudioMetrics.class));
  }

  @Test
  void theIdeMetadataDescribesEveryProperty() throws IOException {
    String metadata;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    for (String property :
        List.of(
            "lmstudio.base-url",
            "lmstudio.api-token",
            "lmstudio.sessions.uri",
            "lmstudio.timeouts.connect",
            "lmstudio.timeouts.model-load",
            "lmstudio.timeouts.first-event",
            "lmstudio.timeouts.idle",
            "lmstudio.timeouts.call",
            "management.health.lmstudio.enabled")) {
      assertThat(metadata).contains("\"name\": \"" + property + "\"");
    }
  }
}
