package io.github.lmstudiojava.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LmStudioStreamingChatModelTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final LmStudio lms = fake.client();

  @AfterEach
  void close() {
    fake.close();
  }

  private StreamingChatModel model(String name) {
    return LmStudioStreamingChatModel.builder().lmStudio(lms).modelName(name).build();
  }

  @Test
  void aNativeStreamSendsTokensThenTheWholeAnswer() throws Exception {
    Collector handler = new Collector();

    model(FakeModel.LOADED_LLM).chat("count to 5", handler);

    ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
    assertThat(handler.tokens).containsExactly("1", " 2", " 3", " 4", " 5");
    assertThat(response.aiMessage().text()).isEqualTo("1 2 3 4 5");
    LmStudioChatResponseMetadata metadata = (LmStudioChatResponseMetadata) response.metadata();
    assertThat(metadata.route()).isEqualTo(LmStudioChatResponseMetadata.Route.NATIVE);
    assertThat(metadata.stats().totalOutputTokens()).isPositive();
    assertThat(handler.errors).isEmpty();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/api/v1/chat");
    assertThat(sent.json()).containsEntry("input", "count to 5").containsEntry("stream", true);
  }

  @Test
  void reasoningArrivesAsPartialThinking() throws Exception {
    Collector handler = new Collector();

    model(FakeModel.REASONING).chat("Why is the sky blue?", handler);

    ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
    assertThat(handler.thinking).isNotEmpty();
    assertThat(String.join("", handler.thinking)).isEqualTo(response.aiMessage().thinking());
    assertThat(String.join("", handler.tokens)).isEqualTo(response.aiMessage().text());
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.REASONING);
  }

  @Test
  void aHistoryStreamsFromTheCompatibleChat() throws Exception {
    Collector handler = new Collector();

    model(FakeModel.LOADED_LLM)
        .chat(
            List.of(
                UserMessage.from("My name is Ada."),
                AiMessage.from("Hello Ada."),
                UserMessage.from("count to 3")),
            handler);

    ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
    assertThat(String.join("", handler.tokens)).isEqualTo(response.aiMessage().text());
    assertThat(response.aiMessage().text()).isEqualTo("1 2 3");
    assertThat(((LmStudioChatResponseMetadata) response.metadata()).route())
        .isEqualTo(LmStudioChatResponseMetadata.Route.OPENAI_COMPATIBLE);
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.json()).containsEntry("stream", true);
  }

  @Test
  void anUnknownModelEndsInOnErrorOnly() throws Exception {
    Collector handler = new Collector();

    model("no/such-model").chat("Hello", handler);

    Throwable error = handler.failed.get(10, TimeUnit.SECONDS);
    assertThat(error).isInstanceOf(ModelNotFoundException.class);
    assertThat(handler.done).isNotDone();
    assertThat(handler.tokens).isEmpty();
    assertThat(fake.takeRequest().json()).containsEntry("model", "no/such-model");
  }

  @Test
  void aHandlerThatThrowsStopsTheStreamAndHearsWhy() throws Exception {
    Collector handler = new Collector();
    AtomicInteger taken = new AtomicInteger();
    StreamingChatResponseHandler throwing =
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String token) {
            if (taken.incrementAndGet() == 3) {
              throw new IllegalStateException("handler bug");
            }
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            handler.onCompleteResponse(response);
          }

          @Override
          public void onError(Throwable error) {
            handler.onError(error);
          }
        };

    model(FakeModel.LOADED_LLM).chat("count to 100000", throwing);

    Throwable error = handler.failed.get(10, TimeUnit.SECONDS);
    assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("handler bug");
    Thread.sleep(200);
    assertThat(handler.done).isNotDone();
    assertThat(handler.errors).hasSize(1);
    assertThat(taken.get()).isLessThan(100_000);
    assertThat(fake.takeRequest().json()).containsEntry("input", "count to 100000");
  }

  /** Collects what a stream hands over. */
  static final class Collector implements StreamingChatResponseHandler {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<String> thinking = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    final CompletableFuture<Throwable> failed = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String token) {
      tokens.add(token);
    }

    @Override
    public void onPartialThinking(PartialThinking partial) {
      thinking.add(partial.text());
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
      failed.complete(error);
    }
  }
}
