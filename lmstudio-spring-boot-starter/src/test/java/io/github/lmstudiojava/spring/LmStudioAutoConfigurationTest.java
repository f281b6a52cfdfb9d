package io.github.lmstudiojava.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client and the session store made from {@code lmstudio.*}, against a fake LM Studio. */
class LmStudioAutoConfigurationTest {
  private final FakeLmStudio fake = FakeLmStudio.builder().apiToken("spring-secret").start();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LmStudioAutoConfiguration.class))
          .withPropertyValues(
              "lmstudio.base-url=" + fake.url(), "lmstudio.api-token=spring-secret");

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void theClientTalksToTheConfiguredServerWithTheToken() {
    runner
        .withPropertyValues("lmstudio.timeouts.idle=7s", "lmstudio.timeouts.connect=3s")
        .run(
            context -> {
              LmStudio lms = context.getBean(LmStudio.class);

              assertThat(lms.models().list())
                  .extracting(Model::key)
                  .contains(FakeModel.LOADED_LLM, FakeModel.UNLOADED_LLM);
              assertThat(lms.baseUrl()).isEqualTo(fake.url());
              assertThat(lms.timeouts().idle()).isEqualTo(Duration.ofSeconds(7));
              assertThat(lms.timeouts().connect()).isEqualTo(Duration.ofSeconds(3));
              assertThat(lms.timeouts().call()).isEqualTo(Duration.ofMinutes(30));
              FakeRequest sent = fake.takeRequest();
              assertThat(sent.method()).isEqualTo("GET");
              assertThat(sent.path()).isEqualTo("/api/v1/models");
              assertThat(sent.header("Authorization")).isEqualTo("Bearer spring-secret");
            });
  }

  @Test
  void aBlankTokenIsNoToken() {
    try (FakeLmStudio open = FakeLmStudio.start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(LmStudioAutoConfiguration.class))
          .withPropertyValues("lmstudio.base-url=" + open.url() + "/api/v1", "lmstudio.api-token= ")
          .run(
              context -> {
                LmStudio lms = context.getBean(LmStudio.class);
                assertThat(lms.chat(FakeModel.LOADED_LLM, "Hello").text())
                    .isEqualTo("You said: Hello");
                FakeRequest sent = open.takeRequest();
                assertThat(sent.path()).isEqualTo("/api/v1/chat");
                assertThat(sent.header("Authorization")).isNull();
                assertThat(sent.json()).containsEntry("input", "Hello");
              });
    }
  }

  @Test
  void theClientIsClosedWithTheContext() {
    LmStudio[] kept = new LmStudio[1];
    runner.run(context -> kept[0] = context.getBean(LmStudio.class));

    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> kept[0].models().list())
        .withMessageContaining("closed");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void anApplicationsOwnClientWins() {
    try (LmStudio own = LmStudio.builder().baseUrl("http://127.0.0.1:9").build()) {
      runner
          .withBean(LmStudio.class, () -> own)
          .run(
              context -> {
                assertThat(context).hasSingleBean(LmStudio.class);
                assertThat(context.getBean(LmStudio.class)).isSameAs(own);
              });
    }
  }

  @Test
  void aSessionStoreWhenAUriIsSet(@TempDir Path dir) {
    Path db = dir.resolve("sessions.db");
    runner
        .withPropertyValues("lmstudio.sessions.uri=sqlite:" + db)
        .run(
            context -> {
              SessionStore store = context.getBean(SessionStore.class);
              assertThat(store.list(0, 10)).isEmpty();
              assertThat(Files.exists(db)).isTrue();
            });
  }

  @Test
  void noSessionStoreWithoutAUriOrWithoutTheModule() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SessionStore.class));
    runner
        .withPropertyValues("lmstudio.sessions.uri=memory:")
        .withClassLoader(new FilteredClassLoader(SessionStore.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(SessionStore.class);
              assertThat(context).hasSingleBean(LmStudio.class);
            });
  }

  @Test
  void anApplicationsOwnStoreWins() {
    SessionStore own = SessionStores.inMemory();
    runner
        .withPropertyValues("lmstudio.sessions.uri=memory:")
        .withBean(SessionStore.class, () -> own)
        .run(context -> assertThat(context.getBean(SessionStore.class)).isSameAs(own));
  }

  @Test
  void aBadStoreUriStopsTheContextWithTheReason() {
    runner
        .withPropertyValues("lmstudio.sessions.uri=nowhere")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a session store URI"));
  }
}
