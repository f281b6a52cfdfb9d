package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.ResponseTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.json;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.takeResponsesRequest;
import static io.github.lmstudiojava.client.openai.ResponseTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamError;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading whole responses. LM Studio's docs show no response body, so {@code
 * response-all-items.json} is built by hand in OpenAI's Response object format.
 */
class ResponseResultTest {
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

  /** The items of {@code response-all-items.json}, as records. */
  static List<ResponseItem> allItems() {
    return List.of(
        new ResponseItem.Reasoning(
            "rs_1", List.of("Search, then answer."), List.of("Need to call model_search.")),
        new ResponseItem.McpListTools(
            "mcpl_1",
            "huggingface",
            List.of(
                new ResponseItem.McpTool(
                    "model_search",
                    "Search models",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("limit", Map.of("type", "integer"))))),
            null),
        new ResponseItem.McpCall(
            "mcp_1",
            "huggingface",
            "model_search",
            "{\"sort\":\"trendingScore\",\"limit\":1}",
            "Showing first 1 models...",
            null),
        new ResponseItem.McpCall(
            "mcp_2", "huggingface", "model_details", "{}", null, "tool timed out"),
        new ResponseItem.FunctionCall(
            "fc_1", "call_42", "get_weather", "{\"city\":\"Paris\"}", "completed"),
        new ResponseItem.Message(
            "msg_1",
            "assistant",
            "completed",
            List.of(new ResponseItem.Content("output_text", "The top model is gpt-oss."))),
        new ResponseItem.Message(
            "msg_2",
            "assistant",
            "completed",
            List.of(
                new ResponseItem.Content("refusal", "I can't share that."),
                new ResponseItem.Content("output_text", " Anything else?"))),
        new ResponseItem.Unknown(
            "web_search_call",
            "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\","
                + "\"action\":{\"query\":\"lm studio\"}}"));
  }

  @Test
  void everyItemTypeIsReadAndUnknownItemsKeepTheirJson() throws InterruptedException {
    server.enqueue(json(fixture("response-all-items.json")));

    ResponseResult result = lms.openai().response("openai/gpt-oss-20b", "Trending?");

    assertThat(result)
        .isEqualTo(
            new ResponseResult(
                "resp_68c9a1b2",
                1760000000L,
                "openai/gpt-oss-20b",
                "completed",
                allItems(),
                new ResponseUsage(120, 48, 168, 9, 0),
                "resp_previous",
                null,
                null));
    assertThat(takeResponsesRequest(server, false).getBody().utf8())
        .isEqualTo("{\"model\":\"openai/gpt-oss-20b\",\"input\":\"Trending?\"}");
  }

  @Test
  void helpersJoinTextAndReasoningAndListCalls() {
    ResponseResult result = ResponseJson.result(fixture("response-all-items.json"), "test");

    assertThat(result.text()).isEqualTo("The top model is gpt-oss. Anything else?");
    assertThat(result.reasoning()).isEqualTo("Need to call model_search.");
    assertThat(result.functionCalls())
        .extracting(ResponseItem.FunctionCall::callId)
        .containsExactly("call_42");
    assertThat(result.functionCalls().get(0).parsedArguments()).isEqualTo(Map.of("city", "Paris"));
    assertThat(result.mcpCalls())
        .extracting(ResponseItem.McpCall::error)
        .containsExactly(null, "tool timed out");
    assertThat(result.mcpCalls().get(0).parsedArguments())
        .isEqualTo(Map.of("sort", "trendingScore", "limit", 1L));
    assertThat(result.output()).extracting(ResponseItem::type).contains("web_search_call");
  }

  @Test
  void reasoningFallsBackToTheSummaryAndEmptyArgumentsParseAsEmpty() {
    assertThat(new ResponseItem.Reasoning("r", List.of("Short."), List.of()).text())
        .isEqualTo("Short.");
    assertThat(new ResponseItem.FunctionCall("f", "c", "n", "", null).parsedArguments()).isEmpty();
    assertThatThrownBy(
            () -> new ResponseItem.FunctionCall("f", "c", "n", "{\"a\":", null).parsedArguments())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void previousResponseIdChainsTwoCalls() throws InterruptedException {
    server.enqueue(
        json(
            "{\"id\":\"resp_a\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"47\"}]}]}"));
    server.enqueue(
        json(
            "{\"id\":\"resp_b\",\"status\":\"completed\",\"previous_response_id\":\"resp_a\","
                + "\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"94\"}]}]}"));

    ResponseResult first = lms.openai().response("openai/gpt-oss-20b", "A prime below 50");
    ResponseResult second =
        lms.openai()
            .response(
                ResponseRequest.builder("openai/gpt-oss-20b")
                    .input("Multiply it by 2")
                    .previousResponseId(first.id())
                    .build());

    assertThat(first.text()).isEqualTo("47");
    assertThat(second.text()).isEqualTo("94");
    assertThat(second.previousResponseId()).isEqualTo("resp_a");
    assertThat(tree(takeResponsesRequest(server, false).getBody().utf8()))
        .isEqualTo(tree("{\"model\":\"openai/gpt-oss-20b\",\"input\":\"A prime below 50\"}"));
    assertThat(tree(takeResponsesRequest(server, false).getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"openai/gpt-oss-20b\",\"input\":\"Multiply it by 2\","
                    + "\"previous_response_id\":\"resp_a\"}"));
  }

  @Test
  void incompleteResponseIsAResultWithItsReason() throws InterruptedException {
    server.enqueue(
        json(
            "{\"id\":\"resp_i\",\"status\":\"incomplete\",\"incomplete_details\":"
                + "{\"reason\":\"max_output_tokens\"},\"output\":[{\"type\":\"message\","
                + "\"role\":\"assistant\",\"status\":\"incomplete\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"Once upon\"}]}],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}"));

    ResponseResult result =
        lms.openai()
            .response(ResponseRequest.builder("m").input("Story").maxOutputTokens(2).build());

    assertThat(result.status()).isEqualTo("incomplete");
    assertThat(result.incompleteReason()).isEqualTo("max_output_tokens");
    assertThat(result.text()).isEqualTo("Once upon");
    assertThat(result.usage()).isEqualTo(new ResponseUsage(5, 2, 7, null, null));
    assertThat(tree(takeResponsesRequest(server, false).getBody().utf8()))
        .isEqualTo(tree("{\"model\":\"m\",\"input\":\"Story\",\"max_output_tokens\":2}"));
  }

  @Test
  void failedResponseKeepsItsError() {
    ResponseResult result =
        ResponseJson.result(
            "{\"id\":\"resp_f\",\"status\":\"failed\",\"output\":[],"
                + "\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}",
            "test");

    assertThat(result.error()).isEqualTo(new StreamError(null, "boom", "server_error", null));
  }

  @Test
  void unknownModelIsModelNotFound() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"message\":\"Model \\\"nope\\\" not found\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"));

    assertThatThrownBy(() -> lms.openai().response("nope", "Hi"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    takeResponsesRequest(server, false);
  }

  @Test
  void olderServerWithoutTheEndpointIsAnHttpError() throws InterruptedException {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (POST /v1/responses)\"}"));

    assertThatThrownBy(() -> lms.openai().response("m", "Hi"))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessageContaining("Unexpected endpoint");
    takeResponsesRequest(server, false);
  }

  @Test
  void bodyThatIsNotAResponseIsAProtocolError() throws InterruptedException {
    server.enqueue(json("[1, 2]"));

    assertThatThrownBy(() -> lms.openai().response("m", "Hi"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /v1/responses");
    takeResponsesRequest(server, false);
  }
}
