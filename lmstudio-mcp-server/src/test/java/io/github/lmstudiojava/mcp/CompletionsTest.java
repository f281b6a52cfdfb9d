package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionsTest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final McpSyncServerExchange anyone = new ClientSession().exchange(false);

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private FakeLmStudio fake(FakeLmStudio.Builder builder) {
    FakeLmStudio started = builder.start();
    open.add(started);
    return started;
  }

  private Backend backend(String lmStudioUrl) {
    Backend backend =
        new Backend(
            ServerConfig.parse(
                new String[] {
                  "--lmstudio-url", lmStudioUrl, "--sessions", "sqlite:" + dir.resolve("s.db")
                },
                name -> null));
    open.add(backend);
    return backend;
  }

  private static CompleteCompletion complete(
      Backend backend,
      McpSyncServerExchange exchange,
      McpSchema.CompleteReference ref,
      String argument,
      String typed) {
    SyncCompletionSpecification spec =
        new Completions(backend)
            .specifications(Prompts.definitions()).stream()
                .filter(s -> s.referenceKey().equals(ref))
                .findFirst()
                .orElseThrow();
    return spec.completionHandler()
        .apply(
            exchange,
            CompleteRequest.builder(ref, new CompleteRequest.CompleteArgument(argument, typed))
                .build())
        .completion();
  }

  private CompleteCompletion promptModel(Backend backend, String typed) {
    return complete(
        backend, anyone, new McpSchema.PromptReference("second_opinion"), "model", typed);
  }

  private CompleteCompletion template(Backend backend, String template, String typed) {
    String variable = template.substring(template.indexOf('{') + 1, template.length() - 1);
    return complete(backend, anyone, new McpSchema.ResourceReference(template), variable, typed);
  }

  @Test
  void modelKeysListLoadedModelsFirstAndPromptsLeaveOutEmbeddingModels() {
    FakeLmStudio lmStudio =
        fake(FakeLmStudio.builder().addModels(FakeModel.llm("zeta/zero-1b").loaded(true).build()));
    Backend backend = backend(lmStudio.url());

    CompleteCompletion prompt = promptModel(backend, "");
    CompleteCompletion models = template(backend, Resources.MODEL_TEMPLATE, "");

    assertThat(prompt.values())
        .containsExactly(
            FakeModel.LOADED_LLM,
            "zeta/zero-1b",
            FakeModel.UNLOADED_LLM,
            FakeModel.REASONING,
            FakeModel.VISION);
    assertThat(prompt.total()).isEqualTo(5);
    assertThat(prompt.hasMore()).isFalse();
    assertThat(models.values())
        .startsWith(FakeModel.LOADED_LLM, "zeta/zero-1b")
        .contains(FakeModel.EMBEDDING)
        .hasSize(6);
    assertThat(lmStudio.requests())
        .extracting(r -> r.line())
        .containsExactly("GET /api/v1/models", "GET /api/v1/models");
  }

  @Test
  void modelKeysFitTheTypedStartOfTheKeyOrOfTheNameAfterThePublisherIgnoringCase() {
    Backend backend = backend(fake(FakeLmStudio.builder()).url());

    assertThat(promptModel(backend, "QWEN").values())
        .containsExactly(FakeModel.REASONING, FakeModel.VISION);
    assertThat(promptModel(backend, "qwen3-v").values()).containsExactly(FakeModel.VISION);
    assertThat(promptModel(backend, "Gran").values()).containsExactly(FakeModel.LOADED_LLM);
    assertThat(promptModel(backend, "wen").values()).isEmpty();
    assertThat(template(backend, Resources.MODEL_TEMPLATE, "text-emb").values())
        .containsExactly(FakeModel.EMBEDDING);
  }

  @Test
  void atMostOneHundredValuesComeWithTheTrueTotal() {
    List<FakeModel> many =
        IntStream.range(0, 150)
            .mapToObj(i -> FakeModel.llm(String.format("acme/m-%03d", i)).build())
            .toList();
    Backend backend = backend(fake(FakeLmStudio.builder().models(many)).url());

    CompleteCompletion all = promptModel(backend, "");
    CompleteCompletion some = promptModel(backend, "m-14");

    assertThat(all.values()).hasSize(100).startsWith("acme/m-000").endsWith("acme/m-099");
    assertThat(all.total()).isEqualTo(150);
    assertThat(all.hasMore()).isTrue();
    assertThat(some.values()).hasSize(10);
    assertThat(some.total()).isEqualTo(10);
    assertThat(some.hasMore()).isFalse();
  }

  @Test
  void unreachableLmStudioAFailingStoreAndOverlongValuesCompleteToNothing() {
    Backend nowhere = backend("http://127.0.0.1:9");
    Backend closed = backend(fake(FakeLmStudio.builder()).url());
    closed.close();
    Backend working = backend(fake(FakeLmStudio.builder()).url());
    working.store().create(NewSession.withId("x".repeat(10)));

    for (Backend backend : List.of(nowhere, closed)) {
      assertThat(promptModel(backend, "").values()).isEmpty();
      assertThat(template(backend, Resources.INSTANCE_TEMPLATE, "").values()).isEmpty();
    }
    assertThat(template(closed, Resources.SESSION_TEMPLATE, "").values()).isEmpty();
    assertThat(promptModel(working, "q".repeat(257)).values()).isEmpty();
    assertThat(template(working, Resources.SESSION_TEMPLATE, "x".repeat(257)).values()).isEmpty();
    assertThat(template(working, Resources.SESSION_TEMPLATE, "x").values())
        .containsExactly("x".repeat(10));
  }

  @Test
  void lmStudioIsAskedOnceWithoutRetriesAndASilentOneIsLeftAfterTheDeadline() throws Exception {
    FaultyLmStudio faulty = new FaultyLmStudio();
    open.add(faulty);
    Backend backend = backend(faulty.url());

    faulty.fault(FaultyLmStudio.Fault.CLOSED_BEFORE_ANSWER);
    CompleteCompletion closed = promptModel(backend, "");
    List<String> closedRequests = faulty.received();
    faulty.fault(FaultyLmStudio.Fault.NO_ANSWER);
    long start = System.nanoTime();
    CompleteCompletion silent = template(backend, Resources.INSTANCE_TEMPLATE, "");
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(closed.values()).isEmpty();
    assertThat(closedRequests).containsExactly("GET /api/v1/models");
    assertThat(silent.values()).isEmpty();
    assertThat(waited).isLessThan(Completions.DEADLINE.plusSeconds(2));
    assertThat(faulty.received()).containsExactly("GET /api/v1/models");
  }

  @Test
  void instanceIdsAreTheLoadedInstancesThatFit() {
    FakeLmStudio lmStudio = fake(FakeLmStudio.builder());
    Backend backend = backend(lmStudio.url());
    backend.client().models().load(FakeModel.VISION);
    backend.client().models().load(FakeModel.VISION);

    CompleteCompletion all = template(backend, Resources.INSTANCE_TEMPLATE, "");
    CompleteCompletion qwen = template(backend, Resources.INSTANCE_TEMPLATE, "qwen3-VL");

    assertThat(all.values())
        .containsExactly(FakeModel.LOADED_LLM, FakeModel.VISION, FakeModel.VISION + ":2");
    assertThat(qwen.values()).containsExactly(FakeModel.VISION, FakeModel.VISION + ":2");
  }

  @Test
  void sessionIdsAreTheCallersOwnNewestFirstAndCappedWithoutAGuessedTotal() {
    Backend backend = backend(fake(FakeLmStudio.builder()).url());
    SessionStore alice = backend.storeFor("alice");
    alice.create(NewSession.withId("plan-a"));
    alice.create(NewSession.withId("plan-b"));
    alice.create(NewSession.withId("notes"));
    backend.storeFor("bob").create(NewSession.withId("plan-secret"));
    McpSyncServerExchange asAlice = new ClientSession().exchangeOf("alice");
    McpSchema.PromptReference prompt = new McpSchema.PromptReference("continue_session");

    CompleteCompletion fromPrompt = complete(backend, asAlice, prompt, "session_id", "plan");
    CompleteCompletion fromTemplate =
        complete(
            backend,
            asAlice,
            new McpSchema.ResourceReference(Resources.SESSION_TEMPLATE),
            "id",
            "");
    for (int i = 0; i < 120; i++) {
      alice.create(NewSession.withId("bulk-" + i));
    }
    CompleteCompletion capped = complete(backend, asAlice, prompt, "session_id", "");

    assertThat(fromPrompt.values()).containsExactly("plan-b", "plan-a");
    assertThat(fromPrompt.total()).isEqualTo(2);
    assertThat(fromTemplate.values()).containsExactly("notes", "plan-b", "plan-a");
    assertThat(capped.values()).hasSize(100).startsWith("bulk-119").doesNotContain("plan-a");
    assertThat(capped.total()).isNull();
    assertThat(capped.hasMore()).isTrue();
  }

  @Test
  void promptArgumentsThatAreNotModelsOrSessionsCompleteToNothing() {
    FakeLmStudio lmStudio = fake(FakeLmStudio.builder());
    Backend backend = backend(lmStudio.url());

    CompleteCompletion text =
        complete(backend, anyone, new McpSchema.PromptReference("second_opinion"), "text", "");

    assertThat(text.values()).isEmpty();
    assertThat(lmStudio.requestCount()).isZero();
  }
}
