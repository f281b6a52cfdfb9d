package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.JsonSchema;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.anthropic.Message;
import io.github.lmstudiojava.client.anthropic.MessageRequest;
import io.github.lmstudiojava.client.anthropic.MessageStreamEvent;
import io.github.lmstudiojava.client.legacy.V0ChatCompletion;
import io.github.lmstudiojava.client.legacy.V0Model;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.client.openai.ChatResponseFormat;
import io.github.lmstudiojava.client.openai.ChatTool;
import io.github.lmstudiojava.client.openai.ChatToolCall;
import io.github.lmstudiojava.client.openai.EmbeddingResult;
import io.github.lmstudiojava.client.openai.ResponseRequest;
import io.github.lmstudiojava.client.openai.ResponseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's compatible surfaces against the fake: the two were written from the same reference,
 * so each checks the other's reading of the wire formats.
 */
class CompatibleSurfacesEndToEndTest {
  private static final Map<String, Object> WEATHER_SCHEMA =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("city", Map.of("type", "string")),
          "required",
          List.of("city"));

  record Forecast(String city, int high, boolean rain) {}

  private FakeLmStudio fake;
  private LmStudio lms;

  @BeforeEach
  void start() {
    fake = FakeLmStudio.builder().apiToken("secret-token").start();
    lms = fake.client();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void chatCompletionAnswersAndSendsTheConversation() {
    ChatCompletion answer = lms.openai().chatCompletion(FakeModel.LOADED_LLM, "hello there");

    assertThat(answer.text()).contains("hello there");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer secret-token");
    assertThat(sent.json())
        .containsEntry("model", FakeModel.LOADED_LLM)
        .containsEntry("messages", List.of(Map.of("role", "user", "content", "hello there")));
  }

  @Test
  void streamedToolCallIsRebuiltAndItsResultAnsweredBack() {
    ChatTool weather = ChatTool.function("get_weather", "Current weather", WEATHER_SCHEMA);
    ChatCompletionRequest ask =
        ChatCompletionRequest.builder(FakeModel.LOADED_LLM)
            .messages(ChatMessage.user("Use get_weather for Paris"))
            .tools(weather)
            .build();

    ChatCompletion first;
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(ask)) {
      stream.forEach(chunks::add);
      first = stream.result();
    }

    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.toolCalls()).hasSize(1);
    ChatToolCall call = first.toolCalls().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.argumentsMap()).containsKey("city");
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);

    ChatCompletion second =
        lms.openai()
            .chatCompletion(
                ask.toBuilder()
                    .addMessage(first.assistantMessage())
                    .addMessage(ChatMessage.tool(call.id(), "sunny, 21 degrees"))
                    .build());

    assertThat(second.text()).contains("sunny, 21 degrees");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messages =
        (List<Map<String, Object>>) fake.takeRequest().json().get("messages");
    assertThat(messages)
        .extracting(m -> m.get("role"))
        .containsExactly("user", "assistant", "tool");
    assertThat(messages.get(2)).containsEntry("tool_call_id", call.id());
  }

  @Test
  void jsonSchemaReplyBindsToTheRecord() {
    ChatCompletion answer =
        lms.openai()
            .chatCompletion(
                ChatCompletionRequest.builder(FakeModel.LOADED_LLM)
                    .messages(ChatMessage.user("Forecast for Oslo"))
                    .responseFormat(
                        ChatResponseFormat.jsonSchema("forecast", JsonSchema.of(Forecast.class)))
                    .build());

    Forecast forecast = JsonSchema.parse(answer.text(), Forecast.class);

    assertThat(forecast.city()).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> format =
        (Map<String, Object>) fake.takeRequest().json().get("response_format");
    assertThat(format).containsEntry("type", "json_schema");
  }

  @Test
  void embeddingsAreDeterministicAndInInputOrder() {
    EmbeddingResult first = lms.openai().embed(FakeModel.EMBEDDING, "cat", "dog");
    EmbeddingResult again = lms.openai().embedAll(FakeModel.EMBEDDING, List.of("cat", "dog"), 1);

    assertThat(first.size()).isEqualTo(2);
    assertThat(first.dimensions()).isEqualTo(768);
    assertThat(again.vector(0)).containsExactly(first.vector(0));
    assertThat(again.vector(1)).containsExactly(first.vector(1));
    assertThat(first.vector(0)).isNotEqualTo(first.vector(1));
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void responsesChainThroughPreviousResponseIdAndStream() {
    ResponseResult first = lms.openai().response(FakeModel.LOADED_LLM, "remember blue");
    ResponseResult second;
    try (var stream =
        lms.openai()
            .streamResponse(
                ResponseRequest.builder(FakeModel.LOADED_LLM)
                    .input("what colour?")
                    .previousResponseId(first.id())
                    .build())) {
      second = stream.result();
    }

    assertThat(first.text()).contains("remember blue");
    assertThat(second.text()).contains("what colour?");
    fake.takeRequest();
    assertThat(fake.takeRequest().json()).containsEntry("previous_response_id", first.id());
  }

  @Test
  void anthropicStreamRebuildsTheMessageAndSendsBothAuthHeaders() {
    Message message;
    try (EventStream<MessageStreamEvent, Message> stream =
        lms.anthropic().streamMessages(MessageRequest.of(FakeModel.LOADED_LLM, "bonjour"))) {
      message = stream.result();
    }

    assertThat(message.text()).contains("bonjour");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("secret-token");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer secret-token");
  }

  @Test
  void legacyModelsShowLoadStateAndChatCarriesStats() {
    List<V0Model> models = lms.legacy().models();
    V0ChatCompletion answer = lms.legacy().chatCompletion(FakeModel.LOADED_LLM, "stats please");

    assertThat(models)
        .filteredOn(m -> m.id().equals(FakeModel.LOADED_LLM))
        .singleElement()
        .satisfies(m -> assertThat(m.isLoaded()).isTrue());
    assertThat(models)
        .filteredOn(m -> m.id().equals(FakeModel.UNLOADED_LLM))
        .singleElement()
        .satisfies(m -> assertThat(m.isLoaded()).isFalse());
    assertThat(answer.text()).contains("stats please");
    assertThat(answer.stats()).isNotNull();
    assertThat(answer.stats().tokensPerSecond()).isNotNull();
  }
}
