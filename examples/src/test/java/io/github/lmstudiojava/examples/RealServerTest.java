package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples pointed with --url at an LM Studio (a fake one the test owns, without {@code
 * qwen/qwen3-4b}), not in demo mode.
 */
class RealServerTest {
  private final FakeLmStudio server = Catalogue.start(Catalogue.usual());

  @AfterEach
  void noRequestNamedAModelLmStudioDoesNotHave() {
    for (FakeRequest request : server.requests()) {
      assertThat(request.body()).as(request.line()).doesNotContain("qwen");
    }
    server.close();
  }

  private ExampleRun run(String... args) {
    return Catalogue.run(server, args);
  }

  private List<String> lines() {
    return Catalogue.lines(server);
  }

  private FakeRequest sent(String line) {
    return server.requests().stream().filter(r -> r.line().equals(line)).findFirst().orElseThrow();
  }

  @Test
  void quickstartListsModelsThenAsksTheLoadedLlmAndSaysSo() {
    ExampleRun run = run("quickstart", "Hi", "there");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output())
        .doesNotContain("[demo]")
        .contains(
            "Using ibm/granite-4-micro, a loaded LLM (--model KEY picks another).",
            "You said: Hi there");
    assertThat(run.errors()).isEmpty();
    assertThat(lines()).containsExactly("GET /api/v1/models", "POST /api/v1/chat");
    FakeRequest chat = server.requests().get(1);
    assertThat(chat.header("Content-Type")).startsWith("application/json");
    assertThat(chat.json())
        .containsOnlyKeys("model", "input")
        .containsEntry("model", Catalogue.LOADED_LLM)
        .containsEntry("input", "Hi there");
  }

  @Test
  void quickstartAsksTheModelNamedByTheModelFlag() {
    ExampleRun run = run("quickstart", "--model", Catalogue.OTHER_LLM, "Hi");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output()).doesNotContain("Using ").contains("You said: Hi");
    assertThat(sent("POST /api/v1/chat").json()).containsEntry("model", Catalogue.OTHER_LLM);
  }

  @Test
  @SuppressWarnings("unchecked")
  void quickstartWithAnImageSendsItToAVisionModel(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("dot.png");
    java.nio.file.Files.write(image, Images.PNG);

    ExampleRun run = run("quickstart", "--image", image.toString(), "What", "is", "this?");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output())
        .contains(
            "Using acme/eyes-4b, the first vision model downloaded; LM Studio loads it on first"
                + " use (--model KEY picks another).",
            "You said: What is this? (with 1 image)");
    Map<String, Object> chat = sent("POST /api/v1/chat").json();
    assertThat(chat).containsEntry("model", Catalogue.VISION);
    List<Map<String, Object>> input = (List<Map<String, Object>>) chat.get("input");
    assertThat(input).extracting(item -> item.get("type")).containsExactly("text", "image");
    assertThat(input.get(0)).containsEntry("content", "What is this?");
    assertThat((String) input.get(1).get("data_url")).startsWith("data:image/png;base64,");
  }

  @Test
  void streamingAsksTheLoadedLlmForAStream() {
    ExampleRun run = run("streaming", "Hello");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(lines()).containsExactly("GET /api/v1/models", "POST /api/v1/chat");
    assertThat(sent("POST /api/v1/chat").json())
        .containsOnlyKeys("model", "input", "stream")
        .containsEntry("model", Catalogue.LOADED_LLM)
        .containsEntry("input", "Hello")
        .containsEntry("stream", true);
  }

  @Test
  void modelLifecycleDownloadsPollsLoadsWithTheContextLengthAndUnloads() {
    ExampleRun run = run("model-lifecycle", "--context-length", "2048");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(lines())
        .containsExactly(
            "POST /api/v1/models/download",
            "GET /api/v1/models/download/status/job_493c7c9ded",
            "GET /api/v1/models/download/status/job_493c7c9ded",
            "POST /api/v1/models/load",
            "POST /api/v1/models/unload");
    assertThat(server.requests().get(0).json()).containsEntry("model", "google/gemma-3-1b");
    assertThat(server.requests().get(3).json())
        .containsEntry("model", "google/gemma-3-1b")
        .containsEntry("context_length", 2048.0)
        .containsEntry("echo_load_config", true);
    assertThat(server.requests().get(4).json()).containsEntry("instance_id", "google/gemma-3-1b");
  }

  @Test
  void mcpSendsAnEphemeralServerAndAPluginEachWithItsAllowedTools() {
    ExampleRun run = run("mcp", "--plugin", "mcp/browser", "Look");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output()).contains("[tool call] mcp/browser / browser_navigate");
    FakeRequest chat = sent("POST /api/v1/chat");
    assertThat(chat.json())
        .containsOnlyKeys("model", "input", "integrations", "context_length")
        .containsEntry("model", Catalogue.LOADED_LLM)
        .containsEntry("context_length", 8000.0);
    assertThat(chat.json().get("integrations"))
        .isEqualTo(
            List.of(
                Map.of(
                    "type", "ephemeral_mcp",
                    "server_label", "huggingface",
                    "server_url", "https://huggingface.co/mcp",
                    "allowed_tools", List.of("model_search")),
                Map.of(
                    "type", "plugin",
                    "id", "mcp/browser",
                    "allowed_tools", List.of("browser_navigate"))));
  }

  @Test
  void embeddingsTakeTheEmbeddingModelAndSendTheSentencesAndTheQueryInOneRequest() {
    ExampleRun run = run("embeddings", "napping");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output())
        .contains(
            "Using text-embedding-nomic-embed-text-v1.5, the first embedding model downloaded;"
                + " LM Studio loads it on first use (--model KEY picks another).");
    assertThat(lines()).containsExactly("GET /api/v1/models", "POST /v1/embeddings");
    List<Object> input = new ArrayList<>(SemanticSearch.SENTENCES);
    input.add("napping");
    assertThat(sent("POST /v1/embeddings").json())
        .containsEntry("model", Catalogue.EMBEDDING)
        .containsEntry("input", input);
  }

  @Test
  @SuppressWarnings("unchecked")
  void toolCallingOffersBothToolsToTheLoadedLlmAndAnswersTheCall() {
    ExampleRun run = run("tool-calling", "Check", "the", "forecast");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(lines())
        .containsExactly(
            "GET /api/v1/models", "POST /v1/chat/completions", "POST /v1/chat/completions");
    Map<String, Object> first = server.requests().get(1).json();
    assertThat(first).containsEntry("model", Catalogue.LOADED_LLM);
    List<Map<String, Object>> tools = (List<Map<String, Object>>) first.get("tools");
    assertThat(tools)
        .extracting(t -> ((Map<String, Object>) t.get("function")).get("name"))
        .containsExactly("get_forecast", "get_date");
    Map<String, Object> second = server.requests().get(2).json();
    assertThat(second).containsEntry("model", Catalogue.LOADED_LLM);
    List<Map<String, Object>> messages = (List<Map<String, Object>>) second.get("messages");
    assertThat(messages.get(messages.size() - 1)).containsEntry("role", "tool");
  }

  @Test
  @SuppressWarnings("unchecked")
  void structuredOutputSendsTheRecordsSchemaToTheLoadedLlm() {
    ExampleRun run = run("structured-output");

    assertThat(run.exitCode()).as(run.both()).isZero();
    FakeRequest sent = sent("POST /v1/chat/completions");
    assertThat(sent.json()).containsEntry("model", Catalogue.LOADED_LLM);
    Map<String, Object> format = (Map<String, Object>) sent.json().get("response_format");
    assertThat(format).containsEntry("type", "json_schema");
    Map<String, Object> schema =
        (Map<String, Object>) ((Map<String, Object>) format.get("json_schema")).get("schema");
    assertThat((Map<String, Object>) schema.get("properties"))
        .containsOnlyKeys("title", "author", "year", "themes");
  }

  @Test
  void persistentChatReplaysTheStoredHistoryOnTheNextRun(@TempDir Path dir) {
    String file = dir.resolve("chat.db").toString();
    assertThat(run("persistent-chat", "--session", file, "First").exitCode()).isZero();
    assertThat(run("persistent-chat", "--session", file, "Second").exitCode()).isZero();

    List<FakeRequest> chats =
        server.requests().stream()
            .filter(r -> r.line().equals("POST /v1/chat/completions"))
            .toList();
    assertThat(chats).hasSize(2);
    assertThat(chats)
        .allSatisfy(c -> assertThat(c.json()).containsEntry("model", "ibm/granite-4-micro"));
    assertThat(chats.get(1).json().get("messages").toString())
        .contains("First", "You said: First", "Second");
  }
}
