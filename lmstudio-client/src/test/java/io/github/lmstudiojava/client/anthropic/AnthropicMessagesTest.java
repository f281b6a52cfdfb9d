package io.github.lmstudiojava.client.anthropic;

import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.TOKEN;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.bodyOf;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.fixture;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.json;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.takeMessagesRequest;
import static io.github.lmstudiojava.client.anthropic.AnthropicTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {
  static final Map<String, Object> WEATHER_SCHEMA =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of(
              "location",
              Map.of(
                  "type", "string", "description", "The city and state, e.g. San Francisco, CA")),
          "required",
          List.of("location"));

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = AnthropicTestSupport.client(server, TOKEN);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  @Test
  void docsRequestIsSentWithBothAuthHeadersAndTheAnswerIsRead() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-response.json")));

    Message message =
        lms.anthropic()
            .messages(
                MessageRequest.builder("ibm/granite-4-micro")
                    .maxTokens(256)
                    .user("Say hello from LM Studio.")
                    .build());

    assertThat(message)
        .isEqualTo(
            new Message(
                "msg_013Zva2CMHLNnXjNJJKqJ2EF",
                "message",
                "assistant",
                "ibm/granite-4-micro",
                List.of(new ContentBlock.Text("Hello from LM Studio!")),
                "end_turn",
                null,
                new Usage(12, 6, 0, 0)));
    assertThat(message.text()).isEqualTo("Hello from LM Studio!");
    assertThat(message.toolUses()).isEmpty();
    assertThat(message.thinking()).isEmpty();
    RecordedRequest request = takeMessagesRequest(server, TOKEN, false);
    assertThat(bodyOf(request)).isEqualTo(tree(fixture("anthropic/messages-request-docs.json")));
  }

  @Test
  void indexPageExamplesAreSentAsShown() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-response.json")));
    server.enqueue(json(fixture("anthropic/message-response.json")));

    lms.anthropic()
        .messages(
            MessageRequest.builder("ibm/granite-4-micro")
                .maxTokens(256)
                .user("Write a haiku about local LLMs.")
                .build());
    // The Python example leaves max_tokens at 1024: the default of the short form.
    lms.anthropic().messages("ibm/granite-4-micro", "Hello from LM Studio");

    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, false)))
        .isEqualTo(tree(fixture("anthropic/index-request-docs.json")));
    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, false)))
        .isEqualTo(tree(fixture("anthropic/index-python-request-docs.json")));
  }

  @Test
  void withoutATokenNeitherAuthHeaderIsSent() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-response.json")));

    try (LmStudio anonymous = AnthropicTestSupport.client(server, (String) null)) {
      assertThat(anonymous.anthropic().messages("m", "Hi").text())
          .isEqualTo("Hello from LM Studio!");
    }

    takeMessagesRequest(server, null, false);
  }

  @Test
  void docsToolsRequestIsSentAndToolUseAnswerIsRead() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-tool-use-response.json")));

    Message message =
        lms.anthropic()
            .messages(
                MessageRequest.builder("ibm/granite-4-micro")
                    .maxTokens(1024)
                    .tools(
                        Tool.of(
                            "get_weather",
                            "Get the current weather in a given location",
                            WEATHER_SCHEMA))
                    .toolChoice(ToolChoice.any())
                    .user("What is the weather like in San Francisco?")
                    .build());

    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, false)))
        .isEqualTo(tree(fixture("anthropic/messages-tools-request-docs.json")));
    assertThat(message.stopReason()).isEqualTo("tool_use");
    assertThat(message.usage()).isEqualTo(new Usage(384, 96, null, null));
    assertThat(message.content())
        .containsExactly(
            new ContentBlock.Thinking("Need the weather tool.", "sig-1"),
            new ContentBlock.Text("I'll check the weather."),
            new ContentBlock.ToolUse(
                "toolu_01A09q90qw90lq917835lq9",
                "get_weather",
                Map.of(
                    "location",
                    "San Francisco, CA",
                    "days",
                    3L,
                    "scale",
                    1.5,
                    "alerts",
                    Arrays.asList(true, null))),
            new ContentBlock.Unknown(
                "server_tool_use",
                "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
                    + "\"input\":{\"query\":\"sf\"}}"),
            new ContentBlock.RedactedThinking("EmwKAhgBEgy3va3pzix"));
    assertThat(message.toolUses())
        .extracting(ContentBlock.ToolUse::name)
        .containsExactly("get_weather");
    assertThat(message.text()).isEqualTo("I'll check the weather.");
    assertThat(message.thinking()).isEqualTo("Need the weather tool.");
  }

  @Test
  void answerBlocksAndToolResultsAreSentBackUnchanged() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-tool-use-response.json")));
    server.enqueue(json(fixture("anthropic/message-response.json")));
    Message first = lms.anthropic().messages("m", "Weather?");
    takeMessagesRequest(server, TOKEN, false);
    String toolUseId = first.toolUses().get(0).id();

    lms.anthropic()
        .messages(
            MessageRequest.builder("m")
                .user("Weather?")
                .assistant(first)
                .user(
                    ContentBlock.toolResult(toolUseId, "15 degrees"),
                    ContentBlock.toolError("other", "no such city"),
                    ContentBlock.toolResult(
                        "third",
                        List.of(
                            ContentBlock.text("map:"), ContentBlock.imageUrl("https://x/y.png"))))
                .build());

    @SuppressWarnings("unchecked")
    List<Object> messages =
        (List<Object>) bodyOf(takeMessagesRequest(server, TOKEN, false)).get("messages");
    assertThat(messages.get(1))
        .isEqualTo(
            tree(
                "{\"role\":\"assistant\",\"content\":["
                    + "{\"type\":\"thinking\",\"thinking\":\"Need the weather tool.\","
                    + "\"signature\":\"sig-1\"},"
                    + "{\"type\":\"text\",\"text\":\"I'll check the weather.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\","
                    + "\"name\":\"get_weather\",\"input\":{\"location\":\"San Francisco, CA\","
                    + "\"days\":3,\"scale\":1.5,\"alerts\":[true,null]}},"
                    + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
                    + "\"input\":{\"query\":\"sf\"}},"
                    + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}]}"));
    assertThat(messages.get(2))
        .isEqualTo(
            tree(
                "{\"role\":\"user\",\"content\":["
                    + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\","
                    + "\"content\":\"15 degrees\"},"
                    + "{\"type\":\"tool_result\",\"tool_use_id\":\"other\","
                    + "\"content\":\"no such city\",\"is_error\":true},"
                    + "{\"type\":\"tool_result\",\"tool_use_id\":\"third\",\"content\":["
                    + "{\"type\":\"text\",\"text\":\"map:\"},"
                    + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}}"
                    + "]}]}"));
  }

  @Test
  void everyOptionIsSentUnderItsDocumentedName() throws InterruptedException {
    server.enqueue(json(fixture("anthropic/message-response.json")));
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 2};

    lms.anthropic()
        .messages(
            MessageRequest.builder("m")
                .maxTokens(64)
                .system(ContentBlock.text("Be brief."), ContentBlock.text("Use metric units."))
                .user(ContentBlock.text("What is this?"), ContentBlock.image(jpeg))
                .assistant("It is")
                .tools(Tool.of("t", null, Map.of("type", "object")))
                .toolChoice(ToolChoice.tool("t").disableParallelToolUse(true))
                .temperature(0.5)
                .topP(0.9)
                .topK(40)
                .stopSequences("\n\nHuman:", "END")
                .metadata(Map.of("user_id", "u-42"))
                .build());

    assertThat(bodyOf(takeMessagesRequest(server, TOKEN, false)))
        .isEqualTo(
            tree(
                "{\"model\":\"m\",\"max_tokens\":64,"
                    + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"},"
                    + "{\"type\":\"text\",\"text\":\"Use metric units.\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":["
                    + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                    + "{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                    + "\"media_type\":\"image/jpeg\",\"data\":\"/9j/4AAC\"}}]},"
                    + "{\"role\":\"assistant\",\"content\":\"It is\"}],"
                    + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}],"
                    + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"t\","
                    + "\"disable_parallel_tool_use\":true},"
                    + "\"temperature\":0.5,\"top_p\":0.9,\"top_k\":40,"
                    + "\"stop_sequences\":[\"\\n\\nHuman:\",\"END\"],"
                    + "\"metadata\":{\"user_id\":\"u-42\"}}"));
  }

  @Test
  void aSingleSystemTextIsSentAsAPlainStringAndEachToolChoiceHasItsShape()
      throws InterruptedException {
    List<ToolChoice> choices =
        List.of(ToolChoice.auto(), ToolChoice.any(), ToolChoice.none(), ToolChoice.tool("x"));
    for (ToolChoice choice : choices) {
      server.enqueue(json(fixture("anthropic/message-response.json")));
      lms.anthropic()
          .messages(
              MessageRequest.builder("m")
                  .system("Be brief.")
                  .user("Hi")
                  .toolChoice(choice)
                  .build());
    }

    List<String> expected =
        List.of(
            "{\"type\":\"auto\"}",
            "{\"type\":\"any\"}",
            "{\"type\":\"none\"}",
            "{\"type\":\"tool\",\"name\":\"x\"}");
    for (String choice : expected) {
      Map<String, Object> body = bodyOf(takeMessagesRequest(server, TOKEN, false));
      assertThat(body.get("system")).isEqualTo("Be brief.");
      assertThat(body.get("tool_choice")).isEqualTo(tree(choice));
      assertThat(body).doesNotContainKeys("tools", "temperature", "metadata", "stop_sequences");
    }
  }

  @Test
  void unknownModelIsModelNotFound() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                + "\"message\":\"model: nope\"}}"));

    assertThatThrownBy(() -> lms.anthropic().messages("nope", "Hi"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("not_found_error");
              assertThat(e.serverMessage()).isEqualTo("model: nope");
            });
    takeMessagesRequest(server, TOKEN, false);
  }

  @Test
  void rejectedTokenIsAnAuthenticationErrorThatNeverShowsTheToken() throws InterruptedException {
    server.enqueue(
        json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key\"}}"));

    assertThatThrownBy(() -> lms.anthropic().messages("m", "Hi"))
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(lms.toString()).doesNotContain(TOKEN);
    takeMessagesRequest(server, TOKEN, false);
  }

  @Test
  void anErrorShapedBodyWithStatus200IsAnHttpError() throws InterruptedException {
    server.enqueue(
        json(
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));

    assertThatThrownBy(() -> lms.anthropic().messages("m", "Hi"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(200);
              assertThat(e.errorType()).isEqualTo("overloaded_error");
              assertThat(e.getMessage()).contains("Overloaded", "POST /v1/messages");
            });
    takeMessagesRequest(server, TOKEN, false);
  }

  @Test
  void anOlderLmStudioWithoutTheEndpointIsToldApartByVersion() throws InterruptedException {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (POST /v1/messages)\"}"));

    assertThatThrownBy(() -> lms.anthropic().messages("m", "Hi"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(200);
              assertThat(e.getMessage())
                  .contains("Unexpected endpoint", "0.4.1 or newer")
                  .doesNotContain("/api/v1");
            });
    takeMessagesRequest(server, TOKEN, false);
  }

  @Test
  void unreadableAnswerIsAProtocolError() throws InterruptedException {
    server.enqueue(json("{\"id\":\"x\",\"content\":[\"not a block\"]}"));

    assertThatThrownBy(() -> lms.anthropic().messages("m", "Hi"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /v1/messages");
    takeMessagesRequest(server, TOKEN, false);
  }

  @Test
  void answerWithoutContentOrUsageIsEmptyNotAnError() throws InterruptedException {
    server.enqueue(json("{\"id\":\"x\",\"type\":\"message\",\"role\":\"assistant\"}"));

    Message message = lms.anthropic().messages("m", "Hi");

    assertThat(message.content()).isEmpty();
    assertThat(message.text()).isEmpty();
    assertThat(message.usage()).isNull();
    takeMessagesRequest(server, TOKEN, false);
  }
}
