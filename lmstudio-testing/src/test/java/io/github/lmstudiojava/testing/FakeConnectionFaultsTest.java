package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults below HTTP: a TCP reset, a request never answered, a fake on a fixed port. */
class FakeConnectionFaultsTest {
  private static final ChatRequest HELLO = ChatRequest.of(FakeModel.LOADED_LLM, "Hello world");

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void resetSendsATcpResetInsteadOfAnAnswer() {
    fake.enqueueChat(FakeReply.reset());

    assertThatThrownBy(() -> fake.client().chat(HELLO))
        .isInstanceOf(LmStudioConnectionException.class)
        .hasRootCauseInstanceOf(SocketException.class)
        .rootCause()
        .hasMessageContaining("reset");
    assertThat(fake.takeRequest().json()).containsEntry("input", "Hello world");
    assertThat(fake.client().chat(HELLO).text()).isEqualTo("You said: Hello world");
  }

  @Test
  void noResponseSendsNotEvenHeadersUntilTheClientGivesUp() {
    fake.enqueue(FakeReply.noResponse());
    ChatRequest request =
        HELLO.toBuilder().timeouts(Timeouts.defaults().withCall(Duration.ofMillis(300))).build();

    assertThatThrownBy(() -> fake.client().chat(request))
        .isInstanceOfSatisfying(
            LmStudioTimeoutException.class,
            e -> assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.CALL));
    assertThat(fake.takeRequest().line()).isEqualTo("POST /api/v1/chat");
  }

  @Test
  void noResponseEndsWhenTheFakeCloses() throws Exception {
    FakeLmStudio silent = FakeLmStudio.start();
    silent.enqueue(FakeReply.noResponse());
    LmStudio lms =
        silent
            .clientBuilder()
            .timeouts(Timeouts.defaults())
            .retryPolicy(RetryPolicy.none())
            .build();
    try (lms) {
      Thread closer =
          new Thread(
              () -> {
                silent.takeRequest();
                silent.close();
              });
      closer.start();

      assertThatThrownBy(() -> lms.models().list()).isInstanceOf(LmStudioConnectionException.class);
      closer.join();
    }
  }

  @Test
  void fakeCanListenOnAGivenPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (FakeLmStudio fixed = FakeLmStudio.builder().listenOn("127.0.0.1", port).start()) {
      assertThat(fixed.url()).endsWith(":" + port);
      assertThat(fixed.client().models().list()).hasSize(5);
      assertThat(fixed.takeRequest().line()).isEqualTo("GET /api/v1/models");
    }
  }

  @Test
  void listenOnRefusesAPortOutOfRange() {
    assertThatThrownBy(() -> FakeLmStudio.builder().listenOn("127.0.0.1", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536");
  }
}
