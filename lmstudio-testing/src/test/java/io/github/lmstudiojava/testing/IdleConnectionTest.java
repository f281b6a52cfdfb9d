package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LM Studio closes a kept-alive connection after 5 s without a request. Every call after any idle
 * pause must succeed, and the server must receive each request exactly once.
 */
class IdleConnectionTest {
  @ParameterizedTest
  @EnumSource(FaultSurface.class)
  void everySurfaceWorksAfterTheServerClosedItsIdleConnection(FaultSurface surface)
      throws Exception {
    // A short keep-alive makes the check before writing do the work: the client's own pool would
    // keep these connections for 4 s.
    try (FakeLmStudio fake = FakeLmStudio.builder().keepAlive(Duration.ofMillis(150)).start();
        LmStudio lms = fake.client()) {
      String jobId = surface.prepare(lms);
      int before = fake.requestCount();

      String first = surface.call(lms, jobId, null);
      Thread.sleep(700);
      String second = surface.call(lms, jobId, null);

      assertThat(second).isEqualTo(first);
      List<String> sent = sentSince(fake, before);
      assertThat(sent).containsExactly(surface.line, surface.line);
    }
  }

  @Test
  void callsSucceedAfterSixAndSevenSecondPausesAgainstNodesDefaultKeepAlive() throws Exception {
    try (FakeLmStudio fake = FakeLmStudio.start();
        LmStudio lms = fake.client()) {
      lms.chat(FakeModel.LOADED_LLM, "one");
      Thread.sleep(6_000);
      assertThat(lms.chat(FakeModel.LOADED_LLM, "two").text()).isEqualTo("You said: two");
      Thread.sleep(7_000);
      assertThat(
              lms.openai()
                  .chatCompletion(ChatCompletionRequest.of(FakeModel.LOADED_LLM, "three"))
                  .text())
          .isEqualTo("You said: three");
      assertThat(lms.models().list()).isNotEmpty();

      List<FakeRequest> requests = fake.requests();
      assertThat(requests)
          .extracting(r -> r.method() + " " + r.path())
          .containsExactly(
              "POST /api/v1/chat",
              "POST /api/v1/chat",
              "POST /v1/chat/completions",
              "GET /api/v1/models");
      assertThat(requests.subList(0, 2))
          .extracting(r -> r.json().get("input"))
          .containsExactly("one", "two");
    }
  }

  @Test
  void aCallersOwnPoolThatKeepsConnectionsForMinutesIsCheckedBeforeEachWrite() throws Exception {
    OkHttpClient own = new OkHttpClient();
    try (FakeLmStudio fake = FakeLmStudio.builder().keepAlive(Duration.ofMillis(200)).start();
        LmStudio lms = LmStudio.builder().baseUrl(fake.url()).okHttpClient(own).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(lms.chat(ChatRequest.of(FakeModel.LOADED_LLM, "turn " + i)).text())
            .isEqualTo("You said: turn " + i);
        Thread.sleep(600);
      }
      assertThat(fake.requests())
          .extracting(r -> r.json().get("input"))
          .containsExactly("turn 0", "turn 1", "turn 2");
    } finally {
      own.dispatcher().executorService().shutdown();
      own.connectionPool().evictAll();
    }
  }

  @Test
  void aConnectionThatDiesAfterTheRequestWasSentIsNeverResent() {
    try (FakeLmStudio fake = FakeLmStudio.start();
        LmStudio lms = fake.client()) {
      lms.chat(FakeModel.LOADED_LLM, "warm up the connection");
      fake.enqueueChat(FakeReply.disconnect());

      Throwable thrown = catchThrowable(() -> lms.chat(FakeModel.LOADED_LLM, "once only"));

      assertThat(thrown).isInstanceOf(LmStudioConnectionException.class);
      Map<Object, Long> inputs =
          fake.requests().stream()
              .collect(Collectors.groupingBy(r -> r.json().get("input"), Collectors.counting()));
      assertThat(inputs).containsEntry("once only", 1L);
      assertThat(lms.chat(FakeModel.LOADED_LLM, "after").text()).isEqualTo("You said: after");
    }
  }

  private static List<String> sentSince(FakeLmStudio fake, int before) {
    List<FakeRequest> all = fake.requests();
    return all.subList(before, all.size()).stream()
        .map(r -> r.method() + " " + r.path())
        .collect(Collectors.toList());
  }
}
