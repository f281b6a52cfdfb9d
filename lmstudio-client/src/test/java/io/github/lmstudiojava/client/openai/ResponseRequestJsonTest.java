package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.ResponseTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.json;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.takeResponsesRequest;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class ResponseRequestJsonTest {
  private static final String OK =
      "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = ResponseTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  private Object sent(ResponseRequest request) throws InterruptedException {
    server.enqueue(json(OK));
    lms.openai().response(request);
    return tree(takeResponsesRequest(server, false).getBody().utf8());
  }

  @Test
  void docsReasoningExampleIsSentAsDocumented() throws InterruptedException {
    ResponseRequest request =
        ResponseRequest.builder("openai/gpt-oss-20b")
            .input("Provide a prime number less than 50")
            .reasoningEffort("low")
            .build();

    assertThat(sent(request)).isEqualTo(tree(fixture("request-reasoning-docs.json")));
  }

  @Test
  void docsStatefulFollowUpCarriesThePreviousResponseId() throws InterruptedException {
    ResponseRequest request =
        ResponseRequest.builder("openai/gpt-oss-20b")
            .input("Multiply it by 2")
            .previousResponseId("resp_123")
            .build();

    assertThat(sent(request)).isEqualTo(tree(fixture("request-stateful-docs.json")));
  }

  @Test
  void docsRemoteMcpExampleIsSentAsDocumented() throws InterruptedException {
    ResponseRequest request =
        ResponseRequest.builder("ibm/granite-4-micro")
            .input("What is the top trending model on hugging face?")
            .tools(
                ResponseTool.mcp("huggingface", "https://huggingface.co/mcp")
                    .allowedTools("model_search"))
            .build();

    assertThat(sent(request)).isEqualTo(tree(fixture("request-mcp-docs.json")));
  }

  @Test
  void docsStreamingExampleMatchesTheStreamedBody() {
    assertThat(
            tree(
                ResponseRequestJson.write(ResponseRequest.of("openai/gpt-oss-20b", "Hello"), true)))
        .isEqualTo(tree(fixture("request-stream-docs.json")));
  }

  @Test
  void minimalRequestSendsOnlyModelAndTextInput() throws InterruptedException {
    server.enqueue(json(OK));

    lms.openai().response("m", "Hi");

    assertThat(takeResponsesRequest(server, false).getBody().utf8())
        .isEqualTo("{\"model\":\"m\",\"input\":\"Hi\"}");
  }

  @Test
  void everyOptionIsSentInSnakeCaseAndTimeoutsStayClientSide() throws InterruptedException {
    ResponseRequest request =
        ResponseRequest.builder("m")
            .input("Hi")
            .instructions("Be brief.")
            .previousResponseId("resp_9")
            .reasoningEffort("high")
            .tools(ResponseTool.function("f", null, Map.of()))
            .toolChoice(ResponseToolChoice.required())
            .temperature(0.5)
            .topP(0.9)
            .maxOutputTokens(256)
            .store(false)
            .timeouts(Timeouts.defaults().withCall(Duration.ofMinutes(3)))
            .build();

    assertThat(sent(request))
        .isEqualTo(
            tree(
                "{\"model\":\"m\",\"input\":\"Hi\",\"instructions\":\"Be brief.\","
                    + "\"previous_response_id\":\"resp_9\",\"reasoning\":{\"effort\":\"high\"},"
                    + "\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                    + "\"tool_choice\":\"required\",\"temperature\":0.5,\"top_p\":0.9,"
                    + "\"max_output_tokens\":256,\"store\":false}"));
  }

  @Test
  void itemInputSendsMessagesImagesAndFunctionCallItems() {
    ResponseItem.FunctionCall call =
        new ResponseItem.FunctionCall("fc_1", "call_1", "get_weather", "{\"city\":\"Oslo\"}", null);
    ResponseRequest request =
        ResponseRequest.builder("m")
            .input(
                ResponseInput.system("Answer in French."),
                ResponseInput.developer("No lists."),
                ResponseInput.user(
                    ResponseInputContent.text("What is this?"),
                    ResponseInputContent.image("data:image/png;base64,AAAA").detail("low")),
                ResponseInput.assistant("A cat."),
                ResponseInput.FunctionCall.of(call),
                ResponseInput.functionCallOutput("call_1", "{\"celsius\":4}"))
            .build();

    assertThat(tree(ResponseRequestJson.write(request, false)))
        .isEqualTo(
            tree(
                "{\"model\":\"m\",\"input\":["
                    + "{\"type\":\"message\",\"role\":\"system\",\"content\":"
                    + "[{\"type\":\"input_text\",\"text\":\"Answer in French.\"}]},"
                    + "{\"type\":\"message\",\"role\":\"developer\",\"content\":"
                    + "[{\"type\":\"input_text\",\"text\":\"No lists.\"}]},"
                    + "{\"type\":\"message\",\"role\":\"user\",\"content\":["
                    + "{\"type\":\"input_text\",\"text\":\"What is this?\"},"
                    + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\","
                    + "\"detail\":\"low\"}]},"
                    + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                    + "[{\"type\":\"output_text\",\"text\":\"A cat.\"}]},"
                    + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"},"
                    + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\","
                    + "\"output\":\"{\\\"celsius\\\":4}\"}]}"));
  }

  @Test
  void aSingleNonUserMessageIsSentAsAnItemNotAString() {
    ResponseRequest request = ResponseRequest.builder("m").input(ResponseInput.system("S")).build();

    assertThat(ResponseRequestJson.write(request, false))
        .isEqualTo(
            "{\"model\":\"m\",\"input\":[{\"type\":\"message\",\"role\":\"system\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"S\"}]}]}");
  }

  @Test
  void functionToolSendsItsSchemaAndStrictFlag() {
    ResponseTool.Function tool =
        ResponseTool.function(
                "get_weather",
                "Current weather",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                    + "\"required\":[\"city\"],\"additionalProperties\":false}")
            .strict(true);
    ResponseRequest request =
        ResponseRequest.builder("m")
            .input("Weather?")
            .tools(tool)
            .toolChoice(ResponseToolChoice.function("get_weather"))
            .build();

    assertThat(ResponseRequestJson.write(request, false))
        .isEqualTo(
            "{\"model\":\"m\",\"input\":\"Weather?\",\"tools\":[{\"type\":\"function\","
                + "\"name\":\"get_weather\",\"description\":\"Current weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false},\"strict\":true}],"
                + "\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"}}");
  }

  @Test
  void mcpToolSendsHeadersAndLeavesOutEmptyLists() {
    ResponseRequest request =
        ResponseRequest.builder("m")
            .input("Hi")
            .tools(
                ResponseTool.mcp("a", "https://a.example/mcp"),
                ResponseTool.mcp("b", "https://b.example/mcp")
                    .allowedTools("x", "y")
                    .headers(Map.of("Authorization", "Bearer secret")))
            .build();

    assertThat(ResponseRequestJson.write(request, false))
        .isEqualTo(
            "{\"model\":\"m\",\"input\":\"Hi\",\"tools\":["
                + "{\"type\":\"mcp\",\"server_label\":\"a\",\"server_url\":\"https://a.example/mcp\"},"
                + "{\"type\":\"mcp\",\"server_label\":\"b\",\"server_url\":\"https://b.example/mcp\","
                + "\"allowed_tools\":[\"x\",\"y\"],\"headers\":{\"Authorization\":\"Bearer secret\"}}]}");
    assertThat(request.tools().get(1).toString()).doesNotContain("secret");
  }

  @Test
  void toBuilderKeepsEveryValue() {
    ResponseRequest request =
        ResponseRequest.builder("m")
            .input(ResponseInput.user("Hi"), ResponseInput.functionCallOutput("c", "o"))
            .instructions("i")
            .previousResponseId("resp_1")
            .reasoningEffort("low")
            .tools(ResponseTool.mcp("l", "https://mcp.example/u"))
            .toolChoice(ResponseToolChoice.auto())
            .temperature(0.1)
            .topP(0.2)
            .maxOutputTokens(3)
            .store(true)
            .timeouts(Timeouts.defaults())
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.toBuilder().model("n").build().model()).isEqualTo("n");
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> ResponseRequest.of(null, "Hi"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model == null");
    assertThatThrownBy(() -> ResponseRequest.builder("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input is empty");
    assertThatThrownBy(() -> ResponseRequest.builder("m").input("Hi").topP(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topP");
    assertThatThrownBy(() -> ResponseRequest.builder("m").input("Hi").maxOutputTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOutputTokens");
    assertThatThrownBy(() -> ResponseTool.function("f", null, "[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> new ResponseToolChoice(null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResponseInput.Message("user", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("content is empty");
  }
}
