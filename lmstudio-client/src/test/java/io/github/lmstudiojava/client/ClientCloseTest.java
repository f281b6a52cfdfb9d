package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.chatStart;
import static io.github.lmstudiojava.client.ChatTestSupport.delta;
import static io.github.lmstudiojava.client.ChatTestSupport.stalledAfter;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.OpenAi;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link LmStudio#close()} does to streams and surfaces still in use. */
@Timeout(30)
class ClientCloseTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void closeCancelsAnOpenPullStreamThatIsWaitingForEvents() throws Exception {
    server.enqueue(stalledAfter(chatStart() + delta("Hel")));
    LmStudio lms = ChatTestSupport.client(server);
    ChatStream stream = lms.streamChat(ChatRequest.of("m", "Hi"));
    CompletableFuture<ChatResult> reading = CompletableFuture.supplyAsync(stream::result);
    takeChatRequest(server, true);

    lms.close();

    assertThatThrownBy(() -> reading.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CancellationException.class);
  }

  @Test
  void closeCancelsAnOpenPushStream() throws Exception {
    server.enqueue(stalledAfter(chatStart() + delta("Hel")));
    LmStudio lms = ChatTestSupport.client(server);
    ChatCall call = lms.streamChat(ChatRequest.of("m", "Hi"), event -> {});
    takeChatRequest(server, true);

    lms.close();

    assertThatThrownBy(() -> call.result().get(5, TimeUnit.SECONDS))
        .isInstanceOfAny(CancellationException.class, ExecutionException.class);
    assertThat(call.isDone()).isTrue();
  }

  @Test
  void aSurfaceHeldAcrossCloseRefusesNewCalls() {
    LmStudio lms = ChatTestSupport.client(server);
    OpenAi openai = lms.openai();

    lms.close();

    assertThatThrownBy(() -> openai.chatCompletion("m", "Hi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this LmStudio client is closed");
    assertThatThrownBy(
            () -> openai.streamChatCompletion(ChatCompletionRequest.of("m", "Hi"), chunk -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aDerivedClientWhoseOwnerClosedSaysSoInsteadOfATimeout() {
    LmStudio owner = ChatTestSupport.client(server);
    LmStudio derived = owner.newBuilder().build();
    owner.close();

    ChatCall call = derived.streamChat(ChatRequest.of("m", "Hi"), event -> {});

    assertThatThrownBy(call::join)
        .isExactlyInstanceOf(LmStudioException.class)
        .hasMessageContaining("was closed");
    derived.close();
  }

  @Test
  void closingADerivedClientCancelsItsCallWaitingForAnswerAndLeavesTheOwnerWorking()
      throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().body("{\"instance_id\":\"m\"}").build());
    LmStudio owner = ChatTestSupport.client(server);
    LmStudio derived = owner.newBuilder().build();
    CompletableFuture<LoadResult> loading =
        CompletableFuture.supplyAsync(() -> derived.models().load("m"));
    assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v1/models/load");

    derived.close();

    assertThatThrownBy(() -> loading.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isExactlyInstanceOf(LmStudioException.class)
        .hasMessage(
            "POST /api/v1/models/load was cancelled because the LmStudio client was closed.");
    assertThat(owner.models().unload("m")).isEqualTo("m");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v1/models/unload");
    owner.close();
  }
}
