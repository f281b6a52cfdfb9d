package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reset of a connection the client reused from its pool, after the request went out on it. */
class PooledConnectionResetTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final LmStudio lms = fake.clientBuilder().retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void close() {
    lms.close();
    fake.close();
  }

  @Test
  void chatIsSentOnceWhenItsReusedConnectionIsReset() {
    lms.models().list();
    fake.enqueue(FakeReply.reset());

    assertThatThrownBy(() -> lms.chat(ChatRequest.of(FakeModel.LOADED_LLM, "Hello world")))
        .isInstanceOf(LmStudioConnectionException.class);
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly("GET /api/v1/models", "POST /api/v1/chat");
    assertThat(fake.lastRequest().json()).containsEntry("input", "Hello world");
    assertThat(lms.chat(FakeModel.LOADED_LLM, "again").text()).isEqualTo("You said: again");
  }

  @Test
  void modelLoadIsSentOnceWhenItsReusedConnectionIsReset() {
    lms.models().list();
    fake.enqueue(FakeReply.reset());

    assertThatThrownBy(() -> lms.models().load(FakeModel.UNLOADED_LLM))
        .isInstanceOf(LmStudioConnectionException.class);
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly("GET /api/v1/models", "POST /api/v1/models/load");
    assertThat(fake.lastRequest().json()).containsEntry("model", FakeModel.UNLOADED_LLM);
  }

  @Test
  void readOnAReusedConnectionThatIsResetIsSentAgain() {
    lms.models().list();
    fake.enqueue(FakeReply.reset());

    assertThat(lms.models().list()).hasSize(5);
    assertThat(fake.requests())
        .extracting(FakeRequest::line)
        .containsExactly("GET /api/v1/models", "GET /api/v1/models", "GET /api/v1/models");
  }
}
