package io.github.lmstudiojava.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.Reasoning;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LmStudioChatModelTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final LmStudio lms = fake.client();

  @AfterEach
  void close() {
    fake.close();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private LmStudioChatModel.Builder model(String name) {
    return LmStudioChatModel.builder().lmStudio(lms).modelName(name);
  }

  @Test
  void oneTurnGoesToTheNativeChatWithItsSettingsAndStats() {
    ChatModel model =
        model(FakeModel.LOADED_LLM)
            .temperature(0.2)
            .maxOutputTokens(64)
            .contextLength(8192)
            .reasoning(Reasoning.OFF)
            .build();

    ChatResponse response =
        model.chat(SystemMessage.from("Be brief."), UserMessage.from("Hello there"));

    assertThat(response.aiMessage().text()).isEqualTo("You said: Hello there");
    LmStudioChatResponseMetadata metadata = (LmStudioChatResponseMetadata) response.metadata();
    assertThat(metadata.route()).isEqualTo(LmStudioChatResponseMetadata.Route.NATIVE);
    assertThat(metadata.modelName()).isEqualTo(FakeModel.LOADED_LLM);
    assertThat(metadata.stats()).isNotNull();
    assertThat(metadata.stats().tokensPerSecond()).isPositive();
    assertThat(metadata.tokenUsage().inputTokenCount()).isEqualTo(metadata.stats().inputTokens());
    assertThat(metadata.tokenUsage().outputTokenCount())
        .isEqualTo(metadata.stats().totalOutputTokens());
    assertThat(metadata.finishReason()).isEqualTo(FinishReason.STOP);
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/api/v1/chat");
    assertThat(sent.json())
        .containsEntry("model", FakeModel.LOADED_LLM)
        .containsEntry("input", "Hello there")
        .containsEntry("system_prompt", "Be brief.")
        .containsEntry("temperature", 0.2)
        .containsEntry("max_output_tokens", 64.0)
        .containsEntry("context_length", 8192.0)
        .containsEntry("reasoning", "off")
        .containsEntry("store", false)
        .doesNotContainKey("stream");
  }

  @Test
  void aReasoningModelsReasoningIsTheThinking() {
    ChatResponse response =
        model(FakeModel.REASONING)
            .build()
            .chat(ChatRequest.builder().messages(UserMessage.from("Why is the sky blue?")).build());

    assertThat(response.aiMessage().thinking()).isNotBlank();
    assertThat(response.aiMessage().text()).isEqualTo("You said: Why is the sky blue?");
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.REASONING);
  }

  @Test
  void aHistoryGoesToTheCompatibleChatWithEveryRole() {
    ChatModel model = model(FakeModel.LOADED_LLM).build();

    ChatResponse response =
        model.chat(
            SystemMessage.from("Be brief."),
            UserMessage.from("My name is Ada."),
            AiMessage.from("Hello Ada."),
            UserMessage.from("What is my name?"));

    assertThat(response.aiMessage().text()).contains("What is my name?");
    LmStudioChatResponseMetadata metadata = (LmStudioChatResponseMetadata) response.metadata();
    assertThat(metadata.route()).isEqualTo(LmStudioChatResponseMetadata.Route.OPENAI_COMPATIBLE);
    assertThat(metadata.stats()).isNull();
    assertThat(metadata.tokenUsage().totalTokenCount()).isPositive();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.json()).containsEntry("model", FakeModel.LOADED_LLM);
    assertThat(list(sent.json().get("messages")))
        .containsExactly(
            Map.of("role", "system", "content", "Be brief."),
            Map.of("role", "user", "content", "My name is Ada."),
            Map.of("role", "assistant", "content", "Hello Ada."),
            Map.of("role", "user", "content", "What is my name?"));
  }

  @Test
  void toolsAreOfferedAndTheirCallsComeBackAsRequests() {
    ToolSpecification weather =
        ToolSpecification.builder()
            .name("get_weather")
            .description("The weather in a city")
            .parameters(
                JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();
    ChatModel model = model(FakeModel.LOADED_LLM).build();

    ChatResponse first =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("What is the weather in Paris?"))
                .toolSpecifications(weather)
                .build());

    assertThat(first.aiMessage().hasToolExecutionRequests()).isTrue();
    ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).contains("\"city\"");
    assertThat(first.metadata().finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.json()).containsEntry("tool_choice", "auto");
    assertThat(list(sent.json().get("tools")))
        .singleElement()
        .isEqualTo(
            Map.of(
                "type",
                "function",
                "function",
                Map.of(
                    "name",
                    "get_weather",
                    "description",
                    "The weather in a city",
                    "parameters",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("city", Map.of("type", "string")),
                        "required",
                        List.of("city")))));

    ChatResponse second =
        model.chat(
            ChatRequest.builder()
                .messages(
                    UserMessage.from("What is the weather in Paris?"),
                    first.aiMessage(),
                    ToolExecutionResultMessage.from(call, "Sunny, 24 C"))
                .toolSpecifications(weather)
                .build());

    assertThat(second.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(second.aiMessage().text()).isNotBlank();
    List<Object> messages = list(fake.takeRequest().json().get("messages"));
    assertThat(messages).hasSize(3);
    assertThat(map(messages.get(1))).containsEntry("role", "assistant");
    assertThat((List<?>) (map(messages.get(1))).get("tool_calls")).hasSize(1);
    assertThat(map(messages.get(2)))
        .containsEntry("role", "tool")
        .containsEntry("tool_call_id", call.id())
        .containsEntry("content", "Sunny, 24 C");
  }

  @Test
  void aJsonSchemaAnswerGoesToTheCompatibleChat() {
    ResponseFormat format =
        ResponseFormat.builder()
            .type(ResponseFormatType.JSON)
            .jsonSchema(
                JsonSchema.builder()
                    .name("person")
                    .rootElement(
                        JsonObjectSchema.builder()
                            .addStringProperty("name")
                            .addIntegerProperty("age")
                            .required("name", "age")
                            .build())
                    .build())
            .build();

    ChatResponse response =
        model(FakeModel.LOADED_LLM)
            .build()
            .chat(
                ChatRequest.builder()
                    .messages(UserMessage.from("Ada is 36."))
                    .responseFormat(format)
                    .build());

    assertThat(response.aiMessage().text()).contains("\"name\"").contains("\"age\"");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    Map<String, Object> responseFormat = map(sent.json().get("response_format"));
    assertThat(responseFormat).containsEntry("type", "json_schema");
    assertThat(map(responseFormat.get("json_schema"))).containsEntry("name", "person");
  }

  @Test
  void anUnknownModelIsTheClientsTypedErrorAndListenersHearIt() {
    List<String> heard = new CopyOnWriteArrayList<>();
    ChatModel model =
        model("no/such-model")
            .listeners(
                List.of(
                    new ChatModelListener() {
                      @Override
                      public void onRequest(ChatModelRequestContext context) {
                        heard.add("request " + context.chatRequest().modelName());
                      }

                      @Override
                      public void onResponse(ChatModelResponseContext context) {
                        heard.add("response");
                      }

                      @Override
                      public void onError(ChatModelErrorContext context) {
                        heard.add("error " + context.error().getClass().getSimpleName());
                      }
                    }))
            .build();

    assertThatThrownBy(() -> model.chat("Hello"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no/such-model");
    assertThat(heard).containsExactly("request no/such-model", "error ModelNotFoundException");
    assertThat(fake.takeRequest().json()).containsEntry("model", "no/such-model");
  }

  @Test
  void imagesGoAsDataUrlsAndRemoteOnesAreRefusedBeforeAnyCall() {
    String png =
        "iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mP8z8BQz0AEYBxVSF+FABJADveWkH6oAAAAAElFTkSuQmCC";
    ChatModel model = model(FakeModel.VISION).build();

    ChatResponse response =
        model.chat(
            UserMessage.from(
                TextContent.from("What is this?"), ImageContent.from(png, "image/png")));

    assertThat(response.aiMessage().text()).isNotBlank();
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.path()).isEqualTo("/api/v1/chat");
    assertThat(list(sent.json().get("input")))
        .containsExactly(
            Map.of("type", "text", "content", "What is this?"),
            Map.of("type", "image", "data_url", "data:image/png;base64," + png));

    assertThatThrownBy(
            () ->
                model.chat(
                    UserMessage.from(
                        TextContent.from("And this?"),
                        ImageContent.from("https://example.com/cat.png"))))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("from their bytes");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void aModelNeedsAClientAndAModelName() {
    assertThatThrownBy(() -> LmStudioChatModel.builder().modelName("m").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lmStudio is required");
    assertThatThrownBy(() -> LmStudioChatModel.builder().lmStudio(lms).build().chat("Hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model");
    assertThat(fake.requestCount()).isZero();
  }
}
