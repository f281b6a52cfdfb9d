package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.InputItem;
import io.github.lmstudiojava.client.Integration;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.OutputItem;
import io.github.lmstudiojava.client.Reasoning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeChatTest {
  private static final String RED_DOT =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mP8z8BQz0AEYBxV"
          + "SF+FABJADveWkH6oAAAAAElFTkSuQmCC";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void chatAnswersWithTheInputAndStats() {
    ChatResult result = fake.client().chat(FakeModel.LOADED_LLM, "Hello there");

    assertThat(result.text()).isEqualTo("You said: Hello there");
    assertThat(result.modelInstanceId()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(result.reasoning()).isEmpty();
    assertThat(result.toolCalls()).isEmpty();
    assertThat(result.responseId()).startsWith("resp_");
    assertThat(result.stats().inputTokens()).isEqualTo(3);
    assertThat(result.stats().totalOutputTokens()).isEqualTo(6);
    assertThat(result.stats().reasoningOutputTokens()).isZero();
    assertThat(result.stats().modelLoadTimeSeconds()).isNull();

    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /api/v1/chat");
    assertThat(sent.json())
        .containsExactly(
            Map.entry("model", FakeModel.LOADED_LLM), Map.entry("input", "Hello there"));
  }

  @Test
  void streamedChatLoadsTheModelFirstAndEndsWithTheSameResult() {
    List<ChatEvent> events = new ArrayList<>();
    ChatResult streamed;
    try (ChatStream stream =
        fake.client().streamChat(ChatRequest.of(FakeModel.UNLOADED_LLM, "Hi there"))) {
      stream.forEach(events::add);
      streamed = stream.result();
    }

    assertThat(events)
        .extracting(ChatEvent::type)
        .containsExactly(
            "chat.start",
            "model_load.start",
            "model_load.progress",
            "model_load.progress",
            "model_load.end",
            "prompt_processing.start",
            "prompt_processing.progress",
            "prompt_processing.progress",
            "prompt_processing.end",
            "message.start",
            "message.delta",
            "message.delta",
            "message.delta",
            "message.delta",
            "message.end",
            "chat.end");
    assertThat(streamed.text()).isEqualTo("You said: Hi there");
    assertThat(streamed.stats().modelLoadTimeSeconds()).isEqualTo(FakeModels.LOAD_TIME_SECONDS);
    assertThat(fake.client().models().find(FakeModel.UNLOADED_LLM).orElseThrow().isLoaded())
        .isTrue();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
    assertThat(sent.json()).containsEntry("stream", true).containsEntry("input", "Hi there");

    ChatResult again = fake.client().chat(FakeModel.UNLOADED_LLM, "Hi there");
    assertThat(again.stats().modelLoadTimeSeconds()).isNull();
    assertThat(again.output()).isEqualTo(streamed.output());
  }

  @Test
  void aSmallBudgetSpentOnReasoningLeavesNoMessageStreamedOrNot() {
    ChatRequest request =
        ChatRequest.builder(FakeModel.REASONING).input("Hi there").maxOutputTokens(5).build();
    List<ChatEvent> events = new ArrayList<>();
    ChatResult streamed;
    try (ChatStream stream = fake.client().streamChat(request)) {
      stream.forEach(events::add);
      streamed = stream.result();
    }
    ChatResult plain = fake.client().chat(request);
    ChatResult roomy =
        fake.client()
            .chat(
                ChatRequest.builder(FakeModel.REASONING).input("Hi").maxOutputTokens(500).build());

    assertThat(events).extracting(ChatEvent::type).doesNotContain("message.start", "message.end");
    assertThat(events).extracting(ChatEvent::type).endsWith("reasoning.end", "chat.end");
    assertThat(streamed.output()).singleElement().isInstanceOf(OutputItem.Reasoning.class);
    assertThat(streamed.reasoning()).hasSize(20);
    assertThat(streamed.reasoningWithoutAnswer()).isTrue();
    assertThat(plain.output()).isEqualTo(streamed.output());
    assertThat(plain.stats().totalOutputTokens()).isEqualTo(5);
    assertThat(roomy.reasoningWithoutAnswer()).isFalse();
    assertThat(roomy.text()).isEqualTo("You said: Hi");
  }

  @Test
  void contextLengthOfAChatThatLoadsTheModelIsTheInstanceContext() {
    fake.client()
        .chat(ChatRequest.builder(FakeModel.VISION).input("x").contextLength(8000).build());

    assertThat(
            fake.client()
                .models()
                .find(FakeModel.VISION)
                .orElseThrow()
                .loadedInstances()
                .get(0)
                .contextLength())
        .isEqualTo(8000);
    assertThat(fake.takeRequest().json()).containsEntry("context_length", 8000.0);
  }

  @Test
  void reasoningModelReasonsByDefaultInStreamAndResult() {
    ChatEventRecorder recorder = new ChatEventRecorder();
    fake.client().streamChat(ChatRequest.of(FakeModel.REASONING, "Why?"), recorder).join();

    ChatResult result = recorder.awaitChatEnd(java.time.Duration.ofSeconds(5));
    assertThat(recorder.types())
        .containsSubsequence(
            "reasoning.start", "reasoning.delta", "reasoning.end", "message.start", "chat.end");
    assertThat(recorder.reasoning()).isEqualTo("The user wrote 4 characters; I will repeat them.");
    assertThat(result.reasoning()).isEqualTo(recorder.reasoning());
    assertThat(result.output().get(0)).isInstanceOf(OutputItem.Reasoning.class);
    assertThat(result.stats().reasoningOutputTokens()).isEqualTo(12);
    assertThat(fake.takeRequest().json()).doesNotContainKey("reasoning");
  }

  @Test
  void reasoningOffSkipsReasoning() {
    ChatResult result =
        fake.client()
            .chat(
                ChatRequest.builder(FakeModel.REASONING)
                    .input("Why?")
                    .reasoning(Reasoning.OFF)
                    .build());

    assertThat(result.reasoning()).isEmpty();
    assertThat(result.output()).hasSize(1);
    assertThat(fake.takeRequest().json()).containsEntry("reasoning", "off");
  }

  @Test
  void unsupportedReasoningSettingIsRefused() {
    assertThatThrownBy(
            () ->
                fake.client()
                    .chat(
                        ChatRequest.builder(FakeModel.LOADED_LLM)
                            .input("x")
                            .reasoning(Reasoning.HIGH)
                            .build()))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.param()).isEqualTo("reasoning");
            });
    assertThat(fake.takeRequest().json()).containsEntry("reasoning", "high");
  }

  @Test
  void eachIntegrationMakesOneToolCall() {
    ChatRequest request =
        ChatRequest.builder(FakeModel.LOADED_LLM)
            .input("trending models")
            .integrations(
                Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                    .allowedTools("model_search"),
                Integration.plugin("mcp/playwright").allowedTools("browser_navigate"),
                Integration.plugin("mcp/filesystem"))
            .build();
    ChatEventRecorder recorder = new ChatEventRecorder();

    ChatResult result = fake.client().streamChat(request, recorder).join();

    assertThat(result.toolCalls())
        .extracting(OutputItem.ToolCall::tool)
        .containsExactly("model_search", "browser_navigate", ChatInput.DEFAULT_TOOL);
    OutputItem.ToolCall first = result.toolCalls().get(0);
    assertThat(first.arguments()).containsEntry("query", "trending models");
    assertThat(first.output()).contains("model_search found: trending models");
    assertThat(first.providerInfo().type()).isEqualTo("ephemeral_mcp");
    assertThat(first.providerInfo().serverLabel()).isEqualTo("huggingface");
    assertThat(result.toolCalls().get(1).providerInfo().pluginId()).isEqualTo("mcp/playwright");
    assertThat(result.toolCalls().get(2).providerInfo().pluginId()).isEqualTo("mcp/filesystem");
    assertThat(recorder.types())
        .containsSubsequence(
            "tool_call.start", "tool_call.arguments", "tool_call.success", "message.start");
    assertThat(recorder.eventsOf(ChatEvent.ToolCallSuccess.class)).hasSize(3);

    @SuppressWarnings("unchecked")
    List<Object> integrations = (List<Object>) fake.takeRequest().json().get("integrations");
    assertThat(integrations).hasSize(3);
    assertThat(integrations.get(2)).isEqualTo("mcp/filesystem");
    assertThat(integrations.get(0))
        .isEqualTo(
            Map.of(
                "type", "ephemeral_mcp",
                "server_label", "huggingface",
                "server_url", "https://huggingface.co/mcp",
                "allowed_tools", List.of("model_search")));
  }

  @Test
  void previousResponseIdContinuesTheStoredChat() {
    ChatResult first = fake.client().chat(FakeModel.LOADED_LLM, "My name is Ada");
    ChatResult second =
        fake.client()
            .chat(
                ChatRequest.builder(FakeModel.LOADED_LLM)
                    .input("What is my name?")
                    .previousResponseId(first.responseId())
                    .build());

    assertThat(second.text())
        .isEqualTo("You said: What is my name? (turn 2, following \"My name is Ada\")");
    assertThat(second.responseId()).startsWith("resp_").isNotEqualTo(first.responseId());
    assertThat(second.stats().inputTokens())
        .isGreaterThan(first.stats().inputTokens() + first.stats().totalOutputTokens());
    fake.takeRequest();
    assertThat(fake.takeRequest().json()).containsEntry("previous_response_id", first.responseId());
  }

  @Test
  void storeFalseReturnsNoResponseId() {
    ChatResult result =
        fake.client()
            .chat(ChatRequest.builder(FakeModel.LOADED_LLM).input("x").store(false).build());

    assertThat(result.responseId()).isNull();
    assertThat(fake.takeRequest().json()).containsEntry("store", false);
  }

  @Test
  void unknownPreviousResponseIdIsRefused() {
    ChatRequest request =
        ChatRequest.builder(FakeModel.LOADED_LLM)
            .input("x")
            .previousResponseId("resp_unknown")
            .build();

    assertThatThrownBy(() -> fake.client().chat(request))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.errorType()).isEqualTo("invalid_request");
              assertThat(e.param()).isEqualTo("previous_response_id");
            });
    assertThat(fake.takeRequest().json()).containsEntry("previous_response_id", "resp_unknown");
  }

  @Test
  void imagesAndSeveralTextsAreAccepted() {
    ChatResult result =
        fake.client()
            .chat(
                ChatRequest.builder(FakeModel.VISION)
                    .input(
                        InputItem.text("Describe"),
                        InputItem.imageDataUrl(RED_DOT),
                        InputItem.text("briefly"))
                    .build());

    assertThat(result.text()).isEqualTo("You said: Describe\nbriefly (with 1 image)");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> input =
        (List<Map<String, Object>>) fake.takeRequest().json().get("input");
    assertThat(input.get(1)).containsEntry("type", "image").containsEntry("data_url", RED_DOT);
  }

  @Test
  void messageTypedInputItemsAreRefusedAsLmStudioRefusesThem() {
    RawHttp.Answer answer =
        RawHttp.post(
            fake,
            "/api/v1/chat",
            "{\"model\":\""
                + FakeModel.LOADED_LLM
                + "\",\"input\":[{\"type\":\"message\",\"content\":\"hi\"}]}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json())
        .isEqualTo(
            Json.parseObject(
                "{\"error\":{\"type\":\"invalid_request\",\"message\":\"Invalid discriminator"
                    + " value. Expected 'text' | 'image'\",\"code\":\"invalid_union\","
                    + "\"param\":\"input\"}}"));
    assertThat(fake.takeRequest().body()).contains("\"type\":\"message\"");
  }

  @Test
  void imageForAModelWithoutVisionIsRefused() {
    ChatRequest request =
        ChatRequest.builder(FakeModel.LOADED_LLM)
            .input(InputItem.text("x"), InputItem.imageDataUrl(RED_DOT))
            .build();

    assertThatThrownBy(() -> fake.client().chat(request))
        .isInstanceOf(LmStudioHttpException.class)
        .hasMessageContaining("does not support images");
    assertThat(fake.takeRequest().json()).containsKey("input");
  }

  @Test
  void unknownModelIsModelNotFound() {
    assertThatThrownBy(() -> fake.client().chat("nobody/nothing", "x"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.errorType()).isEqualTo("model_not_found");
            });
    assertThat(fake.takeRequest().json()).containsEntry("model", "nobody/nothing");
  }

  @Test
  void missingModelOrInputIsAnInvalidRequestNamingTheParameter() {
    RawHttp.Answer noModel = RawHttp.post(fake, "/api/v1/chat", "{\"input\":\"x\"}");
    RawHttp.Answer noInput = RawHttp.post(fake, "/api/v1/chat", "{\"model\":\"m\"}");

    assertThat(noModel.status()).isEqualTo(400);
    assertThat(noModel.json())
        .isEqualTo(
            Map.of(
                "error",
                Map.of(
                    "type", "invalid_request",
                    "message", "\"model\" is required",
                    "code", "missing_required_parameter",
                    "param", "model")));
    assertThat(noInput.status()).isEqualTo(400);
    assertThat(noInput.body()).contains("\"param\":\"input\"");
    assertThat(fake.takeRequest().json()).containsOnlyKeys("input");
    assertThat(fake.takeRequest().json()).containsOnlyKeys("model");
  }

  @Test
  void unknownRouteAnswers200WithABareErrorAsLmStudioDoes() {
    RawHttp.Answer answer = RawHttp.get(fake, "/api/v1/nothing");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json())
        .containsExactly(
            Map.entry("error", "Unexpected endpoint or method. (GET /api/v1/nothing)"));
    assertThat(fake.lastRequest().line()).isEqualTo("GET /api/v1/nothing");
  }

  @Test
  void maxOutputTokensShortensTheAnswer() {
    ChatResult result =
        fake.client()
            .chat(
                ChatRequest.builder(FakeModel.LOADED_LLM)
                    .input("a rather long sentence")
                    .maxOutputTokens(2)
                    .build());

    assertThat(result.text()).isEqualTo("You said");
    assertThat(fake.takeRequest().json()).containsEntry("max_output_tokens", 2.0);
  }
}
