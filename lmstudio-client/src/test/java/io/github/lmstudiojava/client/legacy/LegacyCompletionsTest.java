package io.github.lmstudiojava.client.legacy;

import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.TOKEN;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.assertPost;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.fixture;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.json;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LegacyCompletionsTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = LegacyTestSupport.client(server, TOKEN);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  static final V0ModelInfo GRANITE = new V0ModelInfo("granite", "Q4_K_M", "gguf", 4096);
  static final V0Runtime METAL =
      new V0Runtime("llama.cpp-mac-arm64-apple-metal-advsimd", "1.3.0", List.of("gguf"));

  @Test
  void chatCompletionSendsTheDocsRequestAndReadsStatsModelInfoAndRuntime()
      throws InterruptedException {
    server.enqueue(json(fixture("legacy/chat-completions-docs.json")));

    V0ChatCompletion completion =
        lms.legacy()
            .chatCompletion(
                V0ChatRequest.builder("granite-3.0-2b-instruct")
                    .system("Always answer in rhymes.")
                    .user("Introduce yourself.")
                    .temperature(0.7)
                    .maxTokens(-1)
                    .build());

    assertThat(completion.id()).isEqualTo("chatcmpl-i3gkjwthhw96whukek9tz");
    assertThat(completion.object()).isEqualTo("chat.completion");
    assertThat(completion.created()).isEqualTo(1731990317L);
    assertThat(completion.model()).isEqualTo("granite-3.0-2b-instruct");
    assertThat(completion.choices()).hasSize(1);
    V0ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.index()).isZero();
    assertThat(choice.finishReason()).isEqualTo("stop");
    assertThat(choice.message().role()).isEqualTo("assistant");
    assertThat(completion.text())
        .startsWith("Greetings, I'm a helpful AI, here to assist,\nIn providing answers")
        .endsWith("A friendly companion, all day long you'll bind.");
    assertThat(completion.usage()).isEqualTo(new V0Usage(24, 53, 77));
    assertThat(completion.stats())
        .isEqualTo(
            new V0Stats(51.43709529007664, 0.111, 0.954, "eosFound", null, null, null, null, null));
    assertThat(completion.modelInfo()).isEqualTo(GRANITE);
    assertThat(completion.runtime()).isEqualTo(METAL);
    assertPost(
        take(server),
        "/api/v0/chat/completions",
        fixture("legacy/chat-completions-request-docs.json"),
        TOKEN);
  }

  @Test
  void shortChatCompletionSendsOneUserMessageAndStreamFalse() throws InterruptedException {
    server.enqueue(json(fixture("legacy/chat-completions-docs.json")));

    assertThat(lms.legacy().chatCompletion("granite-3.0-2b-instruct", "Hi").text())
        .startsWith("Greetings");

    assertPost(
        take(server),
        "/api/v0/chat/completions",
        "{\"model\":\"granite-3.0-2b-instruct\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":false}",
        TOKEN);
  }

  @Test
  void ttlDraftModelAndReplayedAssistantTurnsAreSentAndDraftStatsRead()
      throws InterruptedException {
    // The draft-model stats fields come from LM Studio's API changelog (0.3.10).
    server.enqueue(
        json(
            "{\"id\":\"c\",\"choices\":[{\"index\":0,\"finish_reason\":\"length\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],"
                + "\"stats\":{\"tokens_per_second\":80.5,\"draft_model\":\"qwen-0.5b\","
                + "\"total_draft_tokens_count\":40,\"accepted_draft_tokens_count\":30,"
                + "\"rejected_draft_tokens_count\":8,\"ignored_draft_tokens_count\":2,"
                + "\"new_stat\":1}}"));

    V0ChatCompletion completion =
        lms.legacy()
            .chatCompletion(
                V0ChatRequest.builder("qwen-7b")
                    .user("Hi")
                    .assistant("Hello!")
                    .message(new V0Message("user", "Again"))
                    .ttl(300)
                    .draftModel("qwen-0.5b")
                    .build());

    assertThat(completion.stats())
        .isEqualTo(new V0Stats(80.5, null, null, null, "qwen-0.5b", 40, 30, 8, 2));
    assertThat(completion.usage()).isNull();
    assertThat(completion.modelInfo()).isNull();
    assertThat(completion.runtime()).isNull();
    assertPost(
        take(server),
        "/api/v0/chat/completions",
        "{\"model\":\"qwen-7b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"Hello!\"},"
            + "{\"role\":\"user\",\"content\":\"Again\"}],"
            + "\"stream\":false,\"ttl\":300,\"draft_model\":\"qwen-0.5b\"}",
        TOKEN);
  }

  @Test
  void completionSendsTheDocsRequestAndReadsEveryField() throws InterruptedException {
    server.enqueue(json(fixture("legacy/completions-docs.json")));

    V0Completion completion =
        lms.legacy()
            .completion(
                V0CompletionRequest.builder("granite-3.0-2b-instruct", "the meaning of life is")
                    .temperature(0.7)
                    .maxTokens(10)
                    .stop("\n")
                    .build());

    assertThat(completion.id()).isEqualTo("cmpl-p9rtxv6fky2v9k8jrd8cc");
    assertThat(completion.object()).isEqualTo("text_completion");
    assertThat(completion.created()).isEqualTo(1731990488L);
    assertThat(completion.model()).isEqualTo("granite-3.0-2b-instruct");
    assertThat(completion.choices())
        .containsExactly(
            new V0Completion.Choice(0, " to find your purpose, and once you have", "length"));
    assertThat(completion.text()).isEqualTo(" to find your purpose, and once you have");
    assertThat(completion.usage()).isEqualTo(new V0Usage(5, 9, 14));
    assertThat(completion.stats())
        .isEqualTo(
            new V0Stats(
                57.69230769230769,
                0.299,
                0.156,
                "maxPredictedTokensReached",
                null,
                null,
                null,
                null,
                null));
    assertThat(completion.modelInfo()).isEqualTo(GRANITE);
    assertThat(completion.runtime()).isEqualTo(METAL);
    assertPost(
        take(server),
        "/api/v0/completions",
        fixture("legacy/completions-request-docs.json"),
        TOKEN);
  }

  @Test
  void severalStopSequencesAreSentAsAnArray() throws InterruptedException {
    server.enqueue(json(fixture("legacy/completions-docs.json")));

    lms.legacy()
        .completion(V0CompletionRequest.builder("m", "once").stop("\n", "END").ttl(60).build());

    assertPost(
        take(server),
        "/api/v0/completions",
        "{\"model\":\"m\",\"prompt\":\"once\",\"stream\":false,\"ttl\":60,"
            + "\"stop\":[\"\\n\",\"END\"]}",
        TOKEN);
  }

  @Test
  void shortCompletionSendsOnlyModelPromptAndStreamFalse() throws InterruptedException {
    server.enqueue(json(fixture("legacy/completions-docs.json")));

    lms.legacy().completion("m", "once upon");

    assertPost(
        take(server),
        "/api/v0/completions",
        "{\"model\":\"m\",\"prompt\":\"once upon\",\"stream\":false}",
        TOKEN);
  }

  @Test
  void embeddingsSendsTheDocsRequestAndReadsTheVector() throws InterruptedException {
    // The docs' example vector is cut with "... (truncated for brevity) ..."; the fixture drops
    // that line so it is JSON.
    server.enqueue(json(fixture("legacy/embeddings-docs.json")));

    V0Embeddings embeddings =
        lms.legacy().embeddings("text-embedding-nomic-embed-text-v1.5", "Some text to embed");

    assertThat(embeddings.object()).isEqualTo("list");
    assertThat(embeddings.model()).isEqualTo("text-embedding-nomic-embed-text-v1.5@q4_k_m");
    assertThat(embeddings.usage()).isEqualTo(new V0Usage(0, null, 0));
    assertThat(embeddings.data()).hasSize(1);
    assertThat(embeddings.data().get(0).object()).isEqualTo("embedding");
    assertThat(embeddings.data().get(0).index()).isZero();
    assertThat(embeddings.vectors())
        .containsExactly(
            List.of(
                -0.016731496900320053,
                0.028460891917347908,
                -0.1407836228609085,
                0.02505224384367466,
                -0.0037634256295859814,
                -0.04341062530875206));
    assertPost(
        take(server), "/api/v0/embeddings", fixture("legacy/embeddings-request-docs.json"), TOKEN);
  }

  @Test
  void severalEmbeddingInputsAreSentAsAnArrayWithTtl() throws InterruptedException {
    server.enqueue(
        json("{\"data\":[{\"embedding\":[1,0],\"index\":0},{\"embedding\":[0,1],\"index\":1}]}"));

    V0Embeddings embeddings =
        lms.legacy().embeddings(V0EmbeddingRequest.of("e", "a", "b").withTtl(120));

    assertThat(embeddings.vectors()).containsExactly(List.of(1.0, 0.0), List.of(0.0, 1.0));
    assertPost(
        take(server),
        "/api/v0/embeddings",
        "{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"ttl\":120}",
        TOKEN);
  }

  @Test
  void unknownModelInACompletionIsModelNotFound() throws InterruptedException {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"message\":\"Model 'nope' not found\",\"type\":\"model_not_found\"}}"));

    assertThatThrownBy(() -> lms.legacy().chatCompletion("nope", "Hi"))
        .isInstanceOf(ModelNotFoundException.class);
    take(server);
  }

  @Test
  void unreadableAnswerIsAProtocolErrorNamingTheRequest() throws InterruptedException {
    server.enqueue(json("{\"id\": \"c\", \"choices\": 12}"));

    assertThatThrownBy(() -> lms.legacy().chatCompletion("m", "Hi"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /api/v0/chat/completions");
    take(server);
  }

  @Test
  void answerWithoutChoicesHasEmptyText() throws InterruptedException {
    server.enqueue(json("{\"id\":\"c\"}"));
    server.enqueue(
        json("{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\"}}]}"));

    assertThat(lms.legacy().chatCompletion("m", "Hi").text()).isEmpty();
    assertThat(lms.legacy().chatCompletion("m", "Hi").text()).isEmpty();
    take(server);
    take(server);
  }

  @Test
  void requestsCheckTheirValuesAndCopyThroughToBuilder() {
    assertThatThrownBy(() -> V0ChatRequest.of(" ", "Hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model is blank");
    assertThatThrownBy(() -> V0ChatRequest.builder("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages is empty");
    assertThatThrownBy(() -> V0ChatRequest.builder("m").user("x").maxTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> V0ChatRequest.builder("m").user("x").maxTokens(-2).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> V0ChatRequest.builder("m").user("x").temperature(-0.1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> V0CompletionRequest.builder("m", "p").ttl(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl <= 0: 0");
    assertThatThrownBy(() -> V0CompletionRequest.of("m", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prompt == null");
    assertThatThrownBy(() -> V0EmbeddingRequest.of("m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input is empty");
    assertThatThrownBy(() -> V0Message.user(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("content == null");

    V0ChatRequest chat =
        V0ChatRequest.builder("m")
            .system("s")
            .user("u")
            .temperature(0.2)
            .maxTokens(5)
            .ttl(9)
            .draftModel("d")
            .build();
    assertThat(chat.toBuilder().build()).isEqualTo(chat);
    assertThat(chat.toBuilder().user("more").build().messages()).hasSize(3);
    assertThat(chat.messages()).hasSize(2);
    V0CompletionRequest completion =
        V0CompletionRequest.builder("m", "p").stop("x").temperature(1.0).maxTokens(-1).build();
    assertThat(completion.toBuilder().build()).isEqualTo(completion);
    assertThat(completion.toBuilder().prompt("q").model("n").build())
        .isEqualTo(completion.toBuilder().build().toBuilder().prompt("q").model("n").build());
  }
}
