package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAuthTest {
  private final FakeLmStudio fake = FakeLmStudio.builder().apiToken("secret-token").start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void clientOfTheFakeSendsItsToken() {
    assertThat(fake.client().chat(FakeModel.LOADED_LLM, "hi").text()).isEqualTo("You said: hi");

    FakeRequest sent = fake.takeRequest();
    assertThat(sent.header("authorization")).isEqualTo("Bearer secret-token");
    assertThat(sent.toString()).doesNotContain("secret-token");
    assertThat(fake.toString()).doesNotContain("secret-token");
  }

  @Test
  void requestWithoutATokenIsRefusedWith401() {
    try (LmStudio anonymous = fake.clientBuilder().apiToken(null).build()) {
      assertThatThrownBy(() -> anonymous.models().list())
          .isInstanceOfSatisfying(
              LmStudioAuthenticationException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.serverMessage()).contains("API token is required");
              });
    }
    assertThat(fake.takeRequest().header("Authorization")).isNull();
  }

  @Test
  void requestWithAWrongTokenIsRefusedWith401() {
    try (LmStudio wrong = fake.clientBuilder().apiToken("guess").build()) {
      assertThatThrownBy(() -> wrong.chat(FakeModel.LOADED_LLM, "hi"))
          .isInstanceOf(LmStudioAuthenticationException.class)
          .hasMessageNotContaining("guess");
    }
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.header("Authorization")).isEqualTo("Bearer guess");
    assertThat(sent.line()).isEqualTo("POST /api/v1/chat");
  }

  @Test
  void fakeWithoutATokenAcceptsAnyRequest() {
    try (FakeLmStudio open = FakeLmStudio.start();
        LmStudio withToken = open.clientBuilder().apiToken("anything").build()) {
      assertThat(open.client().hasApiToken()).isFalse();
      assertThat(withToken.models().list()).isNotEmpty();
      assertThat(open.takeRequest().header("Authorization")).isEqualTo("Bearer anything");
    }
  }
}
