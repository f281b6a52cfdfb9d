package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lmstudiojava.client.Capabilities;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.Reasoning;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The LM Studio under test, named by the environment, and the models the tests take from it.
 *
 * <p>A model is never named in a test: each kind is picked from what the server lists, a loaded one
 * first (by its instance id), else the smallest one on disk (by its key, which LM Studio loads on
 * first use). A test whose kind of model the server lacks is skipped with a JUnit assumption that
 * says so; {@link LiveSummary} prints those reasons at the end of the run.
 */
final class Live {
  /** The server's root URL; without it every live test is skipped. */
  static final String URL = "LM_STUDIO_URL";

  /** An LLM's key to load, chat with and unload again; without it that test is skipped. */
  static final String LOAD = "LM_STUDIO_LIVE_LOAD";

  /** A plugin id or a public MCP server URL for a native chat to use; else that test is skipped. */
  static final String INTEGRATION = "LM_STUDIO_LIVE_INTEGRATION";

  /** What the short chats ask: any answer will do, the tests check its shape only. */
  static final String PROMPT = "Reply with the single word: pong";

  private static final Map<String, String> PICKED = new LinkedHashMap<>();
  private static List<Model> models;
  private static LmStudio shared;

  private Live() {}

  /** A model as the tests use it. */
  record Pick(String name, Model model) {
    /**
     * Whether the model reasons unless told otherwise (the compatible endpoints are not told), so
     * that a short answer may come only after its reasoning.
     */
    boolean reasons() {
      Capabilities c = model.capabilities();
      return c != null && c.supportsReasoning() && !"off".equals(c.reasoning().defaultOption());
    }

    /** A token budget that leaves room for the answer after any reasoning. */
    int maxTokens() {
      return reasons() ? 1024 : 128;
    }
  }

  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A client of the server under test; skips the calling test when {@value #URL} is unset. */
  static LmStudio connect() {
    assumeTrue(env(URL) != null, URL + " is not set");
    return LmStudio.fromEnv();
  }

  /**
   * The client the test classes share for the whole run, closed when the run ends; skips the
   * calling test when {@value #URL} is unset.
   */
  static synchronized LmStudio client() {
    if (shared == null) {
      shared = connect();
    }
    return shared;
  }

  /** Closes the shared client, once the run has ended. */
  static synchronized void closeClient() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  /** The models the server listed on first asking; later loads by LM Studio do not matter here. */
  static synchronized List<Model> models(LmStudio lms) {
    if (models == null) {
      models = lms.models().list();
    }
    return models;
  }

  /** An LLM; skips the test when the server has none. */
  static Pick llm(LmStudio lms) {
    return pick(lms, "LLM", Model::isLlm, "no LLM downloaded");
  }

  /** An embedding model; skips the test when the server has none. */
  static Pick embedding(LmStudio lms) {
    return pick(lms, "embedding", Model::isEmbedding, "no embedding model downloaded");
  }

  /** An LLM that reads images; skips the test when the server has none. */
  static Pick vision(LmStudio lms) {
    return pick(
        lms,
        "vision",
        m -> m.isLlm() && m.capabilities() != null && m.capabilities().supportsVision(),
        "no vision model downloaded");
  }

  private static Pick pick(LmStudio lms, String kind, Predicate<Model> wanted, String absent) {
    Optional<Pick> pick = find(models(lms), wanted);
    synchronized (PICKED) {
      PICKED.putIfAbsent(
          kind,
          pick.map(p -> p.name() + (p.model().isLoaded() ? " (loaded)" : " (on disk)"))
              .orElse("none"));
    }
    assumeTrue(pick.isPresent(), absent);
    return pick.get();
  }

  private static Optional<Pick> find(List<Model> models, Predicate<Model> wanted) {
    for (Model m : models) {
      if (wanted.test(m) && m.isLoaded()) {
        return Optional.of(new Pick(m.loadedInstances().get(0).id(), m));
      }
    }
    return models.stream()
        .filter(wanted)
        .min(
            Comparator.comparing(
                Model::sizeBytes, Comparator.nullsLast(Comparator.<Long>naturalOrder())))
        .map(m -> new Pick(m.key(), m));
  }

  /** The models picked so far, by kind, for the summary. */
  static Map<String, String> picked() {
    synchronized (PICKED) {
      return new LinkedHashMap<>(PICKED);
    }
  }

  /** A short, unstored native chat; with reasoning off where the model allows it. */
  static ChatRequest.Builder shortChat(Pick pick) {
    ChatRequest.Builder builder =
        ChatRequest.builder(pick.name())
            .input(PROMPT)
            .maxOutputTokens(pick.maxTokens())
            .store(false);
    Capabilities c = pick.model().capabilities();
    if (c != null && c.supportsReasoning() && c.reasoning().allows(Reasoning.OFF)) {
      builder.reasoning(Reasoning.OFF);
    }
    return builder;
  }

  /**
   * Checks that a model answered: with text, or, for a model whose reasoning cannot be switched off
   * and may use the whole budget, with reasoning at least.
   */
  static void assertAnswered(Pick pick, String text, String reasoning) {
    if (pick.reasons()) {
      assertThat(text + reasoning).as("text and reasoning").isNotBlank();
    } else {
      assertThat(text).as("text").isNotBlank();
    }
  }
}
