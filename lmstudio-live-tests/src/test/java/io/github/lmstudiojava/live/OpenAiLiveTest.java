package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.client.openai.EmbeddingResult;
import io.github.lmstudiojava.client.openai.OpenAiModel;
import io.github.lmstudiojava.client.openai.ResponseEvent;
import io.github.lmstudiojava.client.openai.ResponseRequest;
import io.github.lmstudiojava.client.openai.ResponseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible endpoints ({@code /v1}): models, chat completions, embeddings, responses.
 */
@Tag("live")
class OpenAiLiveTest {
  private final LmStudio lms = Live.client();

  static ChatCompletionRequest.Builder shortCompletion(Live.Pick llm) {
    return ChatCompletionRequest.builder(llm.name())
        .messages(ChatMessage.user(Live.PROMPT))
        .maxTokens(llm.maxTokens());
  }

  @Test
  void listsModelsWithIds() {
    List<OpenAiModel> models = lms.openai().models();

    assertThat(models).allSatisfy(m -> assertThat(m.id()).isNotBlank());
  }

  @Test
  void aChatCompletionAnswersWithUsage() {
    Live.Pick llm = Live.llm(lms);

    ChatCompletion c = lms.openai().chatCompletion(shortCompletion(llm).build());

    assertThat(c.id()).isNotBlank();
    assertThat(c.choices()).hasSize(1);
    assertThat(c.finishReason()).isNotBlank();
    Live.assertAnswered(llm, c.text(), c.reasoning());
    assertThat(c.usage()).isNotNull();
    assertThat(c.usage().promptTokens()).isPositive();
    assertThat(c.usage().completionTokens()).isPositive();
  }

  @Test
  void aStreamedChatCompletionAddsUpToItsResult() {
    Live.Pick llm = Live.llm(lms);
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    ChatCompletion c;
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(shortCompletion(llm).includeUsage(true).build())) {
      stream.forEach(chunks::add);
      c = stream.result();
    }

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.id()).isEqualTo(c.id()));
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(chunk.text()));
    assertThat(c.text()).isEqualTo(text.toString());
    Live.assertAnswered(llm, c.text(), c.reasoning());
    assertThat(c.finishReason()).isNotBlank();
    assertThat(c.usage()).as("usage of a stream with include_usage").isNotNull();
    assertThat(c.usage().completionTokens()).isPositive();
  }

  @Test
  void embeddingsHaveOneVectorPerTextOfOneSize() {
    Live.Pick embedding = Live.embedding(lms);

    EmbeddingResult r = lms.openai().embed(embedding.name(), "a cat", "a dog on a sunny day");

    assertThat(r.size()).isEqualTo(2);
    assertThat(r.dimensions()).isPositive();
    assertThat(r.vector(1)).hasSize(r.dimensions());
    assertThat(r.vector(0)).isNotEqualTo(r.vector(1));
    assertThat(r.usage()).isNotNull();
    assertThat(r.usage().promptTokens()).isPositive();
  }

  @Test
  void aResponseAnswersWithAnIdAndUsage() {
    Live.Pick llm = Live.llm(lms);

    ResponseResult r =
        lms.openai()
            .response(
                ResponseRequest.builder(llm.name())
                    .input(Live.PROMPT)
                    .maxOutputTokens(llm.maxTokens())
                    .build());

    assertThat(r.id()).isNotBlank();
    assertThat(r.status()).isIn("completed", "incomplete");
    Live.assertAnswered(llm, r.text(), r.reasoning());
    assertThat(r.usage()).isNotNull();
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
  }

  @Test
  void aStreamedResponseIsCreatedThenDeltasThenCompleted() {
    Live.Pick llm = Live.llm(lms);
    List<ResponseEvent> events = new ArrayList<>();

    ResponseResult r;
    try (EventStream<ResponseEvent, ResponseResult> stream =
        lms.openai()
            .streamResponse(
                ResponseRequest.builder(llm.name())
                    .input(Live.PROMPT)
                    .maxOutputTokens(llm.maxTokens())
                    .build())) {
      stream.forEach(events::add);
      r = stream.result();
    }

    assertThat(events.get(0)).isInstanceOf(ResponseEvent.Created.class);
    ResponseEvent last = events.get(events.size() - 1);
    assertThat(last).isInstanceOfAny(ResponseEvent.Completed.class, ResponseEvent.Incomplete.class);
    assertThat(events).noneMatch(e -> e instanceof ResponseEvent.Error);
    assertThat(events.subList(1, events.size() - 1))
        .anyMatch(
            e ->
                e instanceof ResponseEvent.OutputTextDelta
                    || e instanceof ResponseEvent.ReasoningTextDelta);
    assertThat(r.id()).isEqualTo(((ResponseEvent.Created) events.get(0)).response().id());
    Live.assertAnswered(llm, r.text(), r.reasoning());
    assertThat(r.usage().outputTokens()).isPositive();
  }
}
