package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.data;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.done;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.object;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.sse;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.StreamCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Text completions ({@code POST /v1/completions}), plain and streamed. */
class CompletionTest {
  private static final String PATH = "/v1/completions";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = OpenAiTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  private static String piece(String text, String finishReason) {
    return data(
        "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1731990488,"
            + "\"model\":\"granite-3.0-2b-instruct\",\"choices\":[{\"index\":0,\"text\":"
            + OpenAiTestSupport.quote(text)
            + ",\"logprobs\":null,\"finish_reason\":"
            + (finishReason == null ? "null" : "\"" + finishReason + "\"")
            + "}]}");
  }

  @Test
  void docsExampleIsSentAsDocumentedAndItsAnswerRead() throws Exception {
    server.enqueue(json(fixture("v0-completion-response-docs.json")));

    Completion completion =
        lms.openai()
            .completion(
                CompletionRequest.builder("granite-3.0-2b-instruct", "the meaning of life is")
                    .temperature(0.7)
                    .maxTokens(10)
                    .stop("\n")
                    .build());

    assertThat(completion)
        .isEqualTo(
            new Completion(
                "cmpl-p9rtxv6fky2v9k8jrd8cc",
                1731990488L,
                "granite-3.0-2b-instruct",
                List.of(
                    new Completion.Choice(0, " to find your purpose, and once you have", "length")),
                new CompletionUsage(5, 9, 14),
                new CompletionStats(
                    57.69230769230769,
                    0.299,
                    0.156,
                    "maxPredictedTokensReached",
                    null,
                    null,
                    null,
                    null,
                    null),
                null));
    assertThat(completion.text()).isEqualTo(" to find your purpose, and once you have");
    assertThat(completion.finishReason()).isEqualTo("length");
    Map<String, Object> expected = object(fixture("v0-completion-request-docs.json"));
    expected.remove("stream");
    assertThat(takePost(server, PATH, false)).isEqualTo(expected);
  }

  @Test
  void everyOptionIsSentUnderItsSnakeCaseName() throws Exception {
    server.enqueue(json(fixture("v0-completion-response-docs.json")));

    lms.openai()
        .completion(
            CompletionRequest.builder("m", "Once")
                .maxTokens(-1)
                .temperature(0.0)
                .topP(1.0)
                .topK(0)
                .stop("a", "b")
                .presencePenalty(0.5)
                .frequencyPenalty(0.25)
                .repeatPenalty(1.2)
                .seed(7L)
                .echo(true)
                .includeUsage(true)
                .ttl(60)
                .draftModel("small")
                .build());

    assertThat(takePost(server, PATH, false))
        .isEqualTo(
            tree(
                """
                {"model": "m", "prompt": "Once", "max_tokens": -1, "temperature": 0.0,
                 "top_p": 1.0, "top_k": 0, "stop": ["a", "b"], "presence_penalty": 0.5,
                 "frequency_penalty": 0.25, "repeat_penalty": 1.2, "seed": 7, "echo": true,
                 "ttl": 60, "draft_model": "small"}
                """));
  }

  @Test
  void pullStreamJoinsThePiecesAndSendsStreamOptions() throws Exception {
    server.enqueue(
        sse(
            piece(" to find", null)
                + piece(" your purpose", "length")
                + data(
                    "{\"id\":\"cmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,"
                        + "\"completion_tokens\":4,\"total_tokens\":9}}")
                + done()));

    try (EventStream<Completion, Completion> stream =
        lms.openai()
            .streamCompletion(
                CompletionRequest.builder("m", "the meaning of life is")
                    .includeUsage(true)
                    .build())) {
      assertThat(stream.events().map(Completion::text).toList())
          .containsExactly(" to find", " your purpose", "");
      Completion completion = stream.result();
      assertThat(completion.text()).isEqualTo(" to find your purpose");
      assertThat(completion.finishReason()).isEqualTo("length");
      assertThat(completion.usage()).isEqualTo(new CompletionUsage(5, 4, 9));
      assertThat(completion.id()).isEqualTo("cmpl-1");
    }

    assertThat(takePost(server, PATH, true))
        .isEqualTo(
            tree(
                "{\"model\": \"m\", \"prompt\": \"the meaning of life is\", \"stream\": true,"
                    + " \"stream_options\": {\"include_usage\": true}}"));
  }

  @Test
  void pushStreamDeliversThePiecesAndTheWholeCompletion() throws Exception {
    server.enqueue(sse(piece("Hello", null) + piece(" world", "stop") + done()));
    List<String> seen = new CopyOnWriteArrayList<>();

    StreamCall<Completion> call =
        lms.openai().streamCompletion(CompletionRequest.of("m", "Say"), c -> seen.add(c.text()));

    assertThat(call.result().get(5, TimeUnit.SECONDS).text()).isEqualTo("Hello world");
    assertThat(seen).containsExactly("Hello", " world");
    assertThat(takePost(server, PATH, true))
        .isEqualTo(tree("{\"model\": \"m\", \"prompt\": \"Say\", \"stream\": true}"));
  }

  @Test
  void replayedStreamCutBeforeTheFinishReasonFailsWithThePartialText() {
    try (EventStream<Completion, Completion> stream =
        OpenAi.replayCompletion(trickle(piece("Once upon", null) + piece(" a tïme", null)))) {
      assertThatThrownBy(stream::result)
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.partialText()).isEqualTo("Once upon a tïme");
                assertThat(((Completion) e.partial()).finishReason()).isNull();
              });
    }
  }

  @Test
  void replayedStreamWithoutDoneIsWholeOnceTheChoiceFinished() {
    try (EventStream<Completion, Completion> stream =
        OpenAi.replayCompletion(trickle(piece("Done", "stop")))) {
      assertThat(stream.result().text()).isEqualTo("Done");
    }
  }

  @Test
  void shortOverloadSendsJustTheModelAndPrompt() throws Exception {
    server.enqueue(json(fixture("v0-completion-response-docs.json")));

    assertThat(lms.openai().completion("m", "Hi").usage().totalTokens()).isEqualTo(14);
    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree("{\"model\": \"m\", \"prompt\": \"Hi\"}"));
  }
}
