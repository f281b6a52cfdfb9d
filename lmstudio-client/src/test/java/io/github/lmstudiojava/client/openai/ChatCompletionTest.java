package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.client;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat completion answers, model listing and errors of the OpenAI-compatible endpoints. */
class ChatCompletionTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String HI =
      "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";

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

  @Test
  void docsResponseIsReadWithUsageAndLmStudioStats() throws Exception {
    server.enqueue(json(fixture("v0-chat-response-docs.json")));

    ChatCompletion completion = lms.openai().chatCompletion("m", "Hi");

    assertThat(completion)
        .isEqualTo(
            new ChatCompletion(
                "chatcmpl-i3gkjwthhw96whukek9tz",
                1731990317L,
                "granite-3.0-2b-instruct",
                List.of(
                    new ChatCompletion.Choice(
                        0,
                        new ChatCompletion.Message(
                            "assistant",
                            "Greetings, I'm a helpful AI, here to assist,\nIn providing answers, with"
                                + " no distress.\nI'll keep it short and sweet, in rhyme you'll"
                                + " find,\nA friendly companion, all day long you'll bind.",
                            null,
                            List.of()),
                        "stop")),
                new CompletionUsage(24, 53, 77),
                new CompletionStats(
                    51.43709529007664, 0.111, 0.954, "eosFound", null, null, null, null, null),
                null));
    assertThat(completion.text()).startsWith("Greetings, I'm a helpful AI");
    assertThat(completion.reasoning()).isEmpty();
    assertThat(completion.toolCalls()).isEmpty();
    assertThat(completion.finishReason()).isEqualTo("stop");
    assertThat(takePost(server, PATH, false)).isEqualTo(tree(HI));
  }

  @Test
  void docsToolCallResponseGivesTheCallAndItsParsedArguments() throws Exception {
    server.enqueue(json(fixture("tools-response-docs.json")));

    ChatCompletion completion = lms.openai().chatCompletion("m", "Hi");

    assertThat(completion.id()).isEqualTo("chatcmpl-gb1t1uqzefudice8ntxd9i");
    assertThat(completion.created()).isEqualTo(1730913210L);
    assertThat(completion.model()).isEqualTo("lmstudio-community/qwen2.5-7b-instruct");
    assertThat(completion.systemFingerprint()).isEqualTo("lmstudio-community/qwen2.5-7b-instruct");
    assertThat(completion.usage()).isEqualTo(new CompletionUsage(263, 34, 297));
    assertThat(completion.stats()).isNull();
    assertThat(completion.finishReason()).isEqualTo("tool_calls");
    assertThat(completion.text()).isEmpty();
    assertThat(completion.choices().get(0).message().content()).isNull();
    assertThat(completion.toolCalls())
        .containsExactly(
            ChatToolCall.of(
                "365174485",
                "search_products",
                "{\"query\":\"dell\",\"category\":\"electronics\",\"max_price\":50}"));
    ChatToolCall call = completion.toolCalls().get(0);
    assertThat(call.type()).isEqualTo("function");
    assertThat(call.name()).isEqualTo("search_products");
    assertThat(call.argumentsMap())
        .containsExactly(
            Map.entry("query", "dell"),
            Map.entry("category", "electronics"),
            Map.entry("max_price", 50L));
    assertThat(completion.assistantMessage())
        .isEqualTo(new ChatMessage.AssistantMessage(null, List.of(call)));
    takePost(server, PATH, false);
  }

  @Test
  void reasoningIsReadFromReasoningOrReasoningContent() throws Exception {
    server.enqueue(
        json(
            """
            {"id": "c1", "object": "chat.completion", "created": 1, "model": "openai/gpt-oss-20b",
             "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "42", "reasoning": "Think."}}]}
            """));
    server.enqueue(
        json(
            """
            {"id": "c2", "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "42",
                           "reasoning_content": "Think again."}}]}
            """));

    assertThat(lms.openai().chatCompletion("m", "Hi").reasoning()).isEqualTo("Think.");
    ChatCompletion second = lms.openai().chatCompletion("m", "Hi");
    assertThat(second.reasoning()).isEqualTo("Think again.");
    assertThat(second.text()).isEqualTo("42");
    assertThat(second.created()).isNull();
    takePost(server, PATH, false);
    takePost(server, PATH, false);
  }

  @Test
  void speculativeDecodingStatsAndUnknownFieldsAreRead() throws Exception {
    // The stats fields are those of the changelog's speculative decoding example, with numbers.
    server.enqueue(
        json(
            """
            {"id": "c", "created": 2, "model": "deepseek-r1-distill-qwen-7b", "future": {"x": 1},
             "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
               "message": {"role": "assistant", "content": "ok", "refusal": null, "new": [1]}}],
             "stats": {"tokens_per_second": 80.5, "time_to_first_token": 0.2,
                       "generation_time": 1.5, "stop_reason": "eosFound",
                       "draft_model": "deepseek-r1-distill-qwen-0.5b",
                       "total_draft_tokens_count": 60, "accepted_draft_tokens_count": 45,
                       "rejected_draft_tokens_count": 10, "ignored_draft_tokens_count": 5,
                       "some_new_stat": {"nested": true}}}
            """));

    ChatCompletion completion = lms.openai().chatCompletion("m", "Hi");

    assertThat(completion.stats())
        .isEqualTo(
            new CompletionStats(
                80.5, 0.2, 1.5, "eosFound", "deepseek-r1-distill-qwen-0.5b", 60, 45, 10, 5));
    assertThat(completion.text()).isEqualTo("ok");
    takePost(server, PATH, false);
  }

  @Test
  void argumentsThatAreNotAJsonObjectFailWithTheFunctionName() {
    assertThat(ChatToolCall.of("1", "now", "  ").argumentsMap()).isEmpty();
    assertThatThrownBy(() -> ChatToolCall.of("1", "lookup", "{\"q\": ").argumentsMap())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("lookup")
        .hasMessageContaining("{\"q\": ");
    assertThatThrownBy(() -> ChatToolCall.of("1", "lookup", "[1]").argumentsMap())
        .isInstanceOf(LmStudioProtocolException.class);
    assertThatThrownBy(() -> ChatToolCall.of("1", "lookup", "{} {}").argumentsMap())
        .isInstanceOf(LmStudioProtocolException.class);
  }

  @Test
  void modelsAreListedFromV1Models() throws Exception {
    server.enqueue(json(fixture("models.json")));

    List<OpenAiModel> models = lms.openai().models();

    assertThat(models)
        .containsExactly(
            new OpenAiModel("qwen/qwen3-4b", "model", "organization_owner"),
            new OpenAiModel("text-embedding-nomic-embed-text-v1.5", "model", "organization_owner"));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/models");
    assertThat(request.getBodySize()).isZero();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + OpenAiTestSupport.TOKEN);
  }

  @Test
  void modelsWithoutADataArrayIsAProtocolError() throws Exception {
    server.enqueue(json("{\"object\": \"list\"}"));

    assertThatThrownBy(() -> lms.openai().models())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("GET /v1/models")
        .hasMessageContaining("data");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1/models");
  }

  @Test
  void unknownModelIsModelNotFoundWithLmStudiosOpenAiShapedError() throws Exception {
    // LM Studio's answer to an unknown model, as reported by its users (the docs show none).
    server.enqueue(
        json(
            404,
            """
            {"error": {"message": "Model \\"nobody/nothing\\" not found. Please specify a valid model.\\n\\nYour models:\\n\\nqwen/qwen3-4b",
                       "type": "invalid_request_error", "param": "model", "code": "model_not_found"}}
            """));
    server.enqueue(
        json(
            400,
            """
            {"error": {"message": "Model \\"nobody/nothing\\" not found.",
                       "type": "invalid_request_error", "param": "model", "code": "model_not_found"}}
            """));

    for (int status : new int[] {404, 400}) {
      assertThatThrownBy(() -> lms.openai().chatCompletion("nobody/nothing", "Hi"))
          .isInstanceOfSatisfying(
              ModelNotFoundException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(status);
                assertThat(e.errorType()).isEqualTo("invalid_request_error");
                assertThat(e.errorCode()).isEqualTo("model_not_found");
                assertThat(e.param()).isEqualTo("model");
                assertThat(e.getMessage())
                    .contains("POST /v1/chat/completions")
                    .contains("Model \"nobody/nothing\" not found.");
              });
      assertThat(takePost(server, PATH, false))
          .isEqualTo(
              tree(
                  "{\"model\": \"nobody/nothing\", \"messages\": [{\"role\": \"user\","
                      + " \"content\": \"Hi\"}]}"));
    }
  }

  @Test
  void otherBadRequestIsAnHttpErrorWithTheErrorFields() throws Exception {
    server.enqueue(
        json(
            400,
            """
            {"error": {"message": "'response_format.type' must be 'json_schema' or 'text'",
                       "type": "invalid_request_error", "param": "response_format", "code": null}}
            """));

    assertThatThrownBy(() -> lms.openai().chatCompletion("m", "Hi"))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage(
            "LM Studio answered 400 to POST /v1/chat/completions: 'response_format.type' must be"
                + " 'json_schema' or 'text'")
        .satisfies(
            e -> {
              LmStudioHttpException http = (LmStudioHttpException) e;
              assertThat(http.param()).isEqualTo("response_format");
              assertThat(http.errorCode()).isNull();
            });
    takePost(server, PATH, false);
  }

  @Test
  void errorBodyWithStatus200IsAnHttpErrorNotACompletion() throws Exception {
    server.enqueue(
        json("{\"error\":\"Unexpected endpoint or method. (POST /v1/chat/completions)\"}"));

    assertThatThrownBy(() -> lms.openai().chatCompletion("m", "Hi"))
        .isInstanceOf(LmStudioHttpException.class)
        .hasMessageContaining("Unexpected endpoint or method");
    takePost(server, PATH, false);
  }

  @Test
  void malformedAnswerIsAProtocolErrorNamingTheRequest() throws Exception {
    server.enqueue(json("{\"id\": \"c\", \"choices\": [{\"index\": 0, \"message\": "));

    assertThatThrownBy(() -> lms.openai().chatCompletion("m", "Hi"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /v1/chat/completions");
    takePost(server, PATH, false);
  }

  @Test
  void anAnswerThatGeneratedNothingIsAnErrorNotAnEmptyCompletion() throws Exception {
    // LM Studio 0.3.x, prompt longer than the loaded context (lmstudio-bug-tracker#2339).
    server.enqueue(
        json(
            """
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
             "model": "m", "choices": [{"index": 0, "logprobs": null, "finish_reason": "stop",
             "message": {"role": "assistant", "content": ""}}],
             "usage": {"prompt_tokens": 36000, "completion_tokens": 0, "total_tokens": 36000}}
            """));

    assertThatThrownBy(() -> lms.openai().chatCompletion("m", "Hi"))
        .isInstanceOfSatisfying(
            LmStudioHttpException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(200);
              assertThat(e.getMessage())
                  .contains("POST /v1/chat/completions without generating anything")
                  .contains("lmstudio-bug-tracker#2339");
            });
    assertThat(takePost(server, PATH, false)).isEqualTo(tree(HI));
  }
}
