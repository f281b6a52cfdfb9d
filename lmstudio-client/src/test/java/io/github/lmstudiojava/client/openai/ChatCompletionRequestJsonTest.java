package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.client;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.helloStream;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.object;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.sse;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON sent to {@code POST /v1/chat/completions}, checked against the docs' examples. */
class ChatCompletionRequestJsonTest {
  private static final String PATH = "/v1/chat/completions";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  private Object send(ChatCompletionRequest request) throws InterruptedException {
    server.enqueue(json(fixture("v0-chat-response-docs.json")));
    lms.openai().chatCompletion(request);
    return takePost(server, PATH, false);
  }

  @Test
  void docsPythonExampleIsSentAsDocumented() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("model-identifier")
            .messages(
                ChatMessage.system("Always answer in rhymes."),
                ChatMessage.user("Introduce yourself."))
            .temperature(0.7)
            .build();

    assertThat(send(request)).isEqualTo(tree(fixture("chat-request-docs.json")));
  }

  @Test
  void docsCurlExampleIsSentAsDocumented() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("use the model identifier from LM Studio here")
            .messages(ChatMessage.user("Say this is a test!"))
            .temperature(0.7)
            .build();

    assertThat(send(request)).isEqualTo(tree(fixture("chat-request-curl-docs.json")));
  }

  @Test
  void docsV0ExampleWithUnlimitedMaxTokensIsSentWithoutStreamFalse() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("granite-3.0-2b-instruct")
            .messages(
                ChatMessage.system("Always answer in rhymes."),
                ChatMessage.user("Introduce yourself."))
            .temperature(0.7)
            .maxTokens(-1)
            .build();
    Map<String, Object> expected = object(fixture("v0-chat-request-docs.json"));
    // "stream": false is the default; a request that does not stream leaves it out.
    expected.remove("stream");

    assertThat(send(request)).isEqualTo(expected);
  }

  @Test
  void docsStructuredOutputExampleIsSentWithStrictAsABoolean() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("{{model}}")
            .messages(
                ChatMessage.system("You are a helpful jokester."),
                ChatMessage.user("Tell me a joke."))
            .responseFormat(
                ChatResponseFormat.jsonSchema(
                        "joke_response",
                        "{\"type\": \"object\", \"properties\": {\"joke\": {\"type\": \"string\"}},"
                            + " \"required\": [\"joke\"]}")
                    .withStrict(true))
            .temperature(0.7)
            .maxTokens(50)
            .build();
    Map<String, Object> expected = object(fixture("structured-output-request-docs.json"));
    expected.remove("stream");
    // The docs write "strict": "true"; OpenAI's schema, which LM Studio follows, has a boolean.
    jsonSchemaOf(expected).put("strict", true);

    assertThat(send(request)).isEqualTo(expected);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonSchemaOf(Map<String, Object> request) {
    return (Map<String, Object>)
        ((Map<String, Object>) request.get("response_format")).get("json_schema");
  }

  @Test
  void docsStructuredOutputSchemaGivenAsMapsIsSentAsDocumented() throws Exception {
    Map<String, Object> character =
        Map.of(
            "type", "object",
            "properties",
                Map.of(
                    "name", Map.of("type", "string"),
                    "occupation", Map.of("type", "string"),
                    "personality", Map.of("type", "string"),
                    "background", Map.of("type", "string")),
            "required", List.of("name", "occupation", "personality", "background"));
    Map<String, Object> schema =
        Map.of(
            "type", "object",
            "properties",
                Map.of("characters", Map.of("type", "array", "items", character, "minItems", 1)),
            "required", List.of("characters"));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("your-model")
            .messages(
                ChatMessage.system("You are a helpful AI assistant."),
                ChatMessage.user("Create 1-3 fictional characters"))
            .responseFormat(ChatResponseFormat.jsonSchema("characters", schema))
            .build();

    assertThat(send(request))
        .isEqualTo(tree(fixture("structured-output-characters-request-docs.json")));
  }

  @Test
  void docsToolExampleWithASchemaGivenAsTextIsSentAsDocumented() throws Exception {
    String parameters =
        """
        {"type": "object",
         "properties": {
           "query": {"type": "string", "description": "Search terms or product name"},
           "category": {"type": "string", "description": "Product category to filter by",
                        "enum": ["electronics", "clothing", "home", "outdoor"]},
           "max_price": {"type": "number", "description": "Maximum price in dollars"}},
         "required": ["query"],
         "additionalProperties": false}
        """;
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("lmstudio-community/qwen2.5-7b-instruct")
            .messages(ChatMessage.user("What dell products do you have under $50 in electronics?"))
            .tools(
                ChatTool.function(
                    "search_products",
                    "Search the product catalog by various criteria. Use this whenever a customer"
                        + " asks about product availability, pricing, or specifications.",
                    parameters))
            .build();

    assertThat(send(request)).isEqualTo(tree(fixture("tools-request-docs.json")));
  }

  @Test
  void docsSingleTurnToolExampleWithASchemaGivenAsMapsIsSentAsDocumented() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("lmstudio-community/qwen2.5-7b-instruct")
            .messages(ChatMessage.user("Can you say hello to Bob the Builder?"))
            .tools(
                ChatTool.function(
                    "say_hello",
                    "Says hello to someone",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of(
                            "name", Map.of("type", "string", "description", "The person's name")),
                        "required",
                        List.of("name"))))
            .build();

    assertThat(send(request)).isEqualTo(tree(fixture("tools-say-hello-request-docs.json")));
  }

  @Test
  void docsMultiTurnToolExampleReplaysTheToolCallAndItsResult() throws Exception {
    ChatMessage system =
        ChatMessage.system(
            "You are a helpful customer support assistant. Use the supplied tools to assist the"
                + " user.");
    ChatMessage user = ChatMessage.user("Give me the delivery date and time for order number 1017");
    ChatTool tool =
        ChatTool.function(
            "get_delivery_date",
            "Get the delivery date for a customer's order. Call this whenever you need to know the"
                + " delivery date, for example when a customer asks 'Where is my package'",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                    "order_id",
                    Map.of("type", "string", "description", "The customer's order ID.")),
                "required",
                List.of("order_id"),
                "additionalProperties",
                false));
    server.enqueue(json(fixture("tools-multi-turn-response-docs.json")));
    server.enqueue(json(fixture("v0-chat-response-docs.json")));

    ChatCompletion first =
        lms.openai()
            .chatCompletion(
                ChatCompletionRequest.builder("lmstudio-community/qwen2.5-7b-instruct")
                    .messages(system, user)
                    .tools(tool)
                    .build());
    ChatToolCall call = first.toolCalls().get(0);
    lms.openai()
        .chatCompletion(
            ChatCompletionRequest.builder("lmstudio-community/qwen2.5-7b-instruct")
                .messages(
                    system,
                    user,
                    first.assistantMessage(),
                    ChatMessage.tool(
                        call.id(),
                        "{\"order_id\": \""
                            + call.argumentsMap().get("order_id")
                            + "\", \"delivery_date\": \"2024-11-19 13:03:17\"}"))
                .build());

    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree(fixture("tools-multi-turn-request-docs.json")));
    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree(fixture("tools-multi-turn-followup-request-docs.json")));
  }

  @Test
  void everyOptionIsSentUnderItsSnakeCaseName() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("deepseek-r1-distill-qwen-7b")
            .messages(
                ChatMessage.system("Be brief."),
                ChatMessage.user(
                    ChatContentPart.text("What is this?"),
                    ChatContentPart.imageUrl("data:image/png;base64,iVBORw0KGgo=")),
                ChatMessage.assistant("A logo."),
                ChatMessage.assistant(List.of(ChatToolCall.of("call_1", "lookup", "{\"q\":1}"))),
                ChatMessage.tool("call_1", "found"))
            .tools(
                ChatTool.function("lookup", null, "{\"type\":\"object\"}"),
                ChatTool.function("now", "Time"))
            .toolChoice(ChatToolChoice.function("lookup"))
            .responseFormat(ChatResponseFormat.text())
            .temperature(0.5)
            .topP(0.9)
            .topK(40)
            .maxTokens(256)
            .stop("\n\n", "END")
            .presencePenalty(0.1)
            .frequencyPenalty(-0.2)
            .repeatPenalty(1.1)
            .logitBias(Map.of(50256, -100))
            .seed(42L)
            .includeUsage(true)
            .ttl(300)
            .draftModel("deepseek-r1-distill-qwen-0.5b")
            .reasoningEffort("low")
            .timeouts(Timeouts.defaults().withIdle(Duration.ofSeconds(7)))
            .build();

    assertThat(send(request))
        .isEqualTo(
            tree(
                """
                {"model": "deepseek-r1-distill-qwen-7b",
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": [
                     {"type": "text", "text": "What is this?"},
                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
                   {"role": "assistant", "content": "A logo."},
                   {"role": "assistant", "tool_calls": [
                     {"id": "call_1", "type": "function",
                      "function": {"name": "lookup", "arguments": "{\\"q\\":1}"}}]},
                   {"role": "tool", "content": "found", "tool_call_id": "call_1"}],
                 "tools": [
                   {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}},
                   {"type": "function", "function": {"name": "now", "description": "Time"}}],
                 "tool_choice": {"type": "function", "function": {"name": "lookup"}},
                 "response_format": {"type": "text"},
                 "temperature": 0.5, "top_p": 0.9, "top_k": 40, "max_tokens": 256,
                 "stop": ["\\n\\n", "END"],
                 "presence_penalty": 0.1, "frequency_penalty": -0.2, "repeat_penalty": 1.1,
                 "logit_bias": {"50256": -100},
                 "seed": 42, "ttl": 300,
                 "draft_model": "deepseek-r1-distill-qwen-0.5b",
                 "reasoning_effort": "low"}
                """));
  }

  @Test
  void absentOptionsAreLeftOut() throws Exception {
    assertThat(send(ChatCompletionRequest.of("m", "Hi")))
        .isEqualTo(
            tree("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}"));
  }

  @Test
  void oneStopSequenceIsSentAsAString() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m").messages(ChatMessage.user("Hi")).stop("\n").build();

    assertThat(send(request))
        .isEqualTo(
            tree(
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"stop\": \"\\n\"}"));
  }

  @Test
  void toolChoiceModesAreSentAsStrings() throws Exception {
    for (ChatToolChoice choice :
        List.of(ChatToolChoice.AUTO, ChatToolChoice.NONE, ChatToolChoice.REQUIRED)) {
      ChatCompletionRequest request =
          ChatCompletionRequest.builder("m")
              .messages(ChatMessage.user("Hi"))
              .tools(ChatTool.function("now", null))
              .toolChoice(choice)
              .build();

      assertThat(((Map<?, ?>) send(request)).get("tool_choice")).isEqualTo(choice.mode());
    }
  }

  @Test
  void streamingSendsStreamTrueAndStreamOptions() throws Exception {
    server.enqueue(sse(helloStream()));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.user("Hi"))
            .includeUsage(true)
            .build();

    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(request)) {
      assertThat(stream.result().text()).isEqualTo("Hello!");
    }

    assertThat(takePost(server, PATH, true))
        .isEqualTo(
            tree(
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
                    + " \"stream\": true, \"stream_options\": {\"include_usage\": true}}"));
  }

  @Test
  void includeUsageIsNotSentWithoutStreaming() throws Exception {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.user("Hi"))
            .includeUsage(true)
            .build();

    assertThat(send(request))
        .isEqualTo(
            tree("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}"));
  }
}
