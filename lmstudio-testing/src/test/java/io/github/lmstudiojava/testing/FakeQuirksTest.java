package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatCall;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.DownloadJob;
import io.github.lmstudiojava.client.DownloadStatus;
import io.github.lmstudiojava.client.DownloadStoppedException;
import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.Reasoning;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.testing.RawHttp.Answer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The fake reproduces what real LM Studio does beyond its reference, and the client copes. */
class FakeQuirksTest {
  private static final String LONG_PROMPT = "word ".repeat(4000);

  @Test
  void aContinuedChatThatSendsTheSystemPromptAgainFailsWith500ByDefault() {
    try (FakeLmStudio fake = FakeLmStudio.start()) {
      ChatResult first =
          fake.client()
              .chat(
                  ChatRequest.builder(FakeModel.LOADED_LLM)
                      .input("Hi")
                      .systemPrompt("Be brief.")
                      .build());
      ChatRequest again =
          ChatRequest.builder(FakeModel.LOADED_LLM)
              .input("Again")
              .systemPrompt("Be brief.")
              .previousResponseId(first.responseId())
              .build();

      assertThatThrownBy(() -> fake.client().chat(again))
          .isInstanceOfSatisfying(
              LmStudioHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.serverMessage())
                    .isEqualTo("Only user, assistant and tool roles are supported, got system");
              });
      assertThat(fake.takeRequest().json()).containsEntry("system_prompt", "Be brief.");
      assertThat(fake.takeRequest().json())
          .containsEntry("system_prompt", "Be brief.")
          .containsEntry("previous_response_id", first.responseId());
    }
  }

  @Test
  void theSystemPromptQuirkCanBeTurnedOff() {
    try (FakeLmStudio fake =
        FakeLmStudio.builder().systemPromptOnContinuationFails(false).start()) {
      ChatResult first = fake.client().chat(FakeModel.LOADED_LLM, "Hi");
      ChatResult second =
          fake.client()
              .chat(
                  ChatRequest.builder(FakeModel.LOADED_LLM)
                      .input("Again")
                      .systemPrompt("Be brief.")
                      .previousResponseId(first.responseId())
                      .build());

      assertThat(second.text()).isEqualTo("You said: Again (turn 2, following \"Hi\")");
      fake.takeRequest();
      assertThat(fake.takeRequest().json()).containsEntry("system_prompt", "Be brief.");
    }
  }

  @Test
  void contextOverflowInAStreamIsAnErrorEventThatTheClientTurnsIntoAStreamException() {
    try (FakeLmStudio fake = FakeLmStudio.start()) {
      assertThatThrownBy(() -> streamText(fake.client()))
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error().message()).startsWith("Input does not fit in context length.");
                assertThat(e.getMessage()).contains("Input does not fit in context length.");
                assertThat(e.partialText()).isEmpty();
              });
      assertThat(fake.takeRequest().json()).containsEntry("stream", true);
    }
  }

  @Test
  void theOlderEmptyAnswerToAContextOverflowIsATypedErrorStreamedOrNot() {
    try (FakeLmStudio fake = FakeLmStudio.builder().emptyAnswerOnContextOverflow(true).start()) {
      Answer raw =
          RawHttp.post(
              fake,
              "/v1/chat/completions",
              "{\"model\":\"ibm/granite-4-micro\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                  + "\"content\":\""
                  + LONG_PROMPT
                  + "\"}]}");
      assertThat(raw.status()).isEqualTo(200);
      assertThat(raw.frames()).extracting(RawHttp.Frame::data).containsExactly("[DONE]");
      fake.takeRequest();

      assertThatThrownBy(() -> streamText(fake.client()))
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error()).isNull();
                assertThat(e.getMessage())
                    .contains("without generating anything", "lmstudio-bug-tracker#2339");
              });
      assertThat(fake.takeRequest().json()).containsEntry("stream", true);

      assertThatThrownBy(
              () ->
                  fake.client()
                      .openai()
                      .chatCompletion(
                          ChatCompletionRequest.builder(FakeModel.LOADED_LLM)
                              .messages(ChatMessage.user(LONG_PROMPT))
                              .build()))
          .isInstanceOfSatisfying(
              LmStudioHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(200);
                assertThat(e.getMessage()).contains("without generating anything");
              });
      assertThat(fake.takeRequest().json()).doesNotContainKey("stream");
    }
  }

  private static String streamText(LmStudio lms) {
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai()
            .streamChatCompletion(
                ChatCompletionRequest.builder(FakeModel.LOADED_LLM)
                    .messages(ChatMessage.user(LONG_PROMPT))
                    .build())) {
      stream.forEach(chunk -> {});
      return stream.result().text();
    }
  }

  @Test
  void aMissingTokenGets401WithLmStudiosInvalidApiKeyError() {
    try (FakeLmStudio fake = FakeLmStudio.builder().apiToken("secret").start()) {
      Answer none = RawHttp.get(fake, "/api/v1/models");
      Answer wrong = RawHttp.post(fake, "/api/v1/chat", "{}", "Authorization", "Bearer guess");

      assertThat(none.status()).isEqualTo(401);
      assertThat(none.json())
          .isEqualTo(
              Json.parseObject(
                  "{\"error\":{\"type\":\"invalid_request\",\"message\":\"An LM Studio API token"
                      + " is required to make requests to this server. Send it as Authorization:"
                      + " Bearer <token>.\",\"code\":\"invalid_api_key\"}}"));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.json().toString()).contains("invalid_api_key", "not valid");
      assertThat(fake.takeRequest().header("Authorization")).isNull();
      assertThat(fake.takeRequest().header("Authorization")).isEqualTo("Bearer guess");
    }
  }

  @Test
  void theOlderMissingTokenAnswerIs200WithAnErrorStringAndStillATypedError() {
    try (FakeLmStudio fake =
            FakeLmStudio.builder().apiToken("secret").missingTokenAnswers200(true).start();
        LmStudio anonymous = fake.clientBuilder().apiToken(null).build()) {
      Answer raw = RawHttp.get(fake, "/v1/models");
      assertThat(raw.status()).isEqualTo(200);
      assertThat(raw.json())
          .isEqualTo(
              Map.of(
                  "error", "Unexpected endpoint or method. (GET /v1/models) Returning 200 anyway"));
      fake.takeRequest();

      assertThatThrownBy(() -> anonymous.models().list())
          .isInstanceOfSatisfying(
              LmStudioHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(200);
                assertThat(e.getMessage())
                    .contains("No API token was sent")
                    .contains("set LM_API_TOKEN");
                assertThat(e.getMessage().indexOf("LM_API_TOKEN"))
                    .isLessThan(e.getMessage().indexOf("does not serve that endpoint"));
              });
      assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
      assertThat(fake.client().models().list()).isNotEmpty();
      assertThat(fake.takeRequest().header("Authorization")).isEqualTo("Bearer secret");
    }
  }

  @Test
  void aDownloadSetToPauseReportsPausedAndEndsAWaitWithoutALimit() {
    try (FakeLmStudio fake =
        FakeLmStudio.builder().downloadPolls(4).downloadPausesAfter(3).start()) {
      DownloadJob job = fake.client().models().download(FakeModel.DOWNLOADABLE);
      List<DownloadStatus> seen = new CopyOnWriteArrayList<>();

      assertThatThrownBy(
              () -> job.await(seen::add, java.time.Duration.ofMillis(1), java.time.Duration.ZERO))
          .isInstanceOfSatisfying(
              DownloadStoppedException.class,
              e -> {
                assertThat(e.isPaused()).isTrue();
                assertThat(e.getMessage()).contains(job.jobId(), "paused", "at 50%");
              });
      assertThat(seen)
          .extracting(DownloadStatus::status)
          .containsExactly("downloading", "downloading", "downloading", "paused");
      assertThat(job.status().state()).isEqualTo(DownloadStatus.State.PAUSED);
      assertThat(fake.client().models().list())
          .noneMatch(m -> m.key().equals(FakeModel.DOWNLOADABLE));
      assertThat(fake.requests())
          .extracting(FakeRequest::line)
          .containsExactly(
              "POST /api/v1/models/download",
              "GET /api/v1/models/download/status/" + job.jobId(),
              "GET /api/v1/models/download/status/" + job.jobId(),
              "GET /api/v1/models/download/status/" + job.jobId(),
              "GET /api/v1/models/download/status/" + job.jobId(),
              "GET /api/v1/models");
    }
  }

  @Test
  void aModelWithEffortLevelsTakesXhighAndRefusesOthersNamingItsSettings() {
    try (FakeLmStudio fake =
        FakeLmStudio.builder().addModels(FakeModel.effortReasoning()).start()) {
      ChatResult xhigh =
          fake.client()
              .chat(
                  ChatRequest.builder(FakeModel.EFFORT_REASONING)
                      .input("Prove it.")
                      .reasoning(Reasoning.XHIGH)
                      .build());

      assertThat(xhigh.reasoning()).isNotEmpty();
      assertThat(fake.takeRequest().json()).containsEntry("reasoning", "xhigh");
      assertThatThrownBy(
              () ->
                  fake.client()
                      .chat(
                          ChatRequest.builder(FakeModel.EFFORT_REASONING)
                              .input("Prove it.")
                              .reasoning(Reasoning.ON)
                              .build()))
          .isInstanceOfSatisfying(
              LmStudioHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.param()).isEqualTo("reasoning");
                assertThat(e.errorCode()).isEqualTo("invalid_value");
                assertThat(e.serverMessage())
                    .isEqualTo(
                        "Reasoning setting 'on' is not supported by model 'openai/gpt-oss-20b'."
                            + " Supported settings: 'low', 'medium', 'high', 'xhigh'.");
              });
      assertThat(fake.takeRequest().json()).containsEntry("reasoning", "on");
      assertThat(fake.client().models().list())
          .filteredOn(m -> m.key().equals(FakeModel.EFFORT_REASONING))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m.capabilities().reasoning().allowedOptions())
                      .containsExactly("low", "medium", "high", "xhigh"));
      assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
    }
  }

  @Test
  void aModelWithoutReasoningSettingsRefusesAnyButOff() {
    try (FakeLmStudio fake = FakeLmStudio.start()) {
      ChatResult off =
          fake.client()
              .chat(
                  ChatRequest.builder(FakeModel.LOADED_LLM)
                      .input("Hi")
                      .reasoning(Reasoning.OFF)
                      .build());

      assertThat(off.text()).isEqualTo("You said: Hi");
      assertThatThrownBy(
              () ->
                  fake.client()
                      .chat(
                          ChatRequest.builder(FakeModel.LOADED_LLM)
                              .input("Hi")
                              .reasoning(Reasoning.of("xhigh"))
                              .build()))
          .isInstanceOfSatisfying(
              LmStudioHttpException.class,
              e ->
                  assertThat(e.serverMessage())
                      .isEqualTo(
                          "Model 'ibm/granite-4-micro' does not expose reasoning configuration."));
      assertThat(fake.takeRequest().json()).containsEntry("reasoning", "off");
      assertThat(fake.takeRequest().json()).containsEntry("reasoning", "xhigh");
    }
  }

  @Test
  void anErrorEventBeforeChatEndFailsTheCallButKeepsLmStudiosFinalResult() {
    try (FakeLmStudio fake = FakeLmStudio.start()) {
      fake.enqueueChat(
          FakeReply.sse(
              new SseBody()
                  .event("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"m\"}")
                  .event(
                      "message.delta",
                      "{\"type\":\"message.delta\",\"content\":\"Half an answer\"}")
                  .event(
                      "error",
                      "{\"type\":\"error\",\"error\":{\"type\":\"mcp_connection_error\","
                          + "\"message\":\"Could not reach hf\"}}")
                  .event(
                      "chat.end",
                      "{\"type\":\"chat.end\",\"result\":{\"model_instance_id\":\"m\",\"output\":"
                          + "[{\"type\":\"message\",\"content\":\"Half an answer\"}],\"stats\":"
                          + "{\"input_tokens\":3,\"total_output_tokens\":4},\"response_id\":"
                          + "\"resp_1\"}}")));
      List<ChatEvent> events = new CopyOnWriteArrayList<>();

      ChatCall call =
          fake.client().streamChat(ChatRequest.of(FakeModel.LOADED_LLM, "Hi"), events::add);

      assertThatThrownBy(call::join)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error())
                    .isEqualTo(
                        new StreamError("mcp_connection_error", "Could not reach hf", null, null));
                assertThat(e.partialResult().text()).isEqualTo("Half an answer");
                assertThat(e.partialResult().responseId()).isEqualTo("resp_1");
                assertThat(e.partialResult().stats().totalOutputTokens()).isEqualTo(4);
              });
      assertThat(events).extracting(ChatEvent::type).endsWith("error", "chat.end");
      assertThat(fake.takeRequest().json()).containsEntry("stream", true);
    }
  }
}
