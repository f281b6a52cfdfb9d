package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples pointed with --url at an LM Studio (a fake one the test owns), not in demo mode. */
class RealServerTest {
  private final FakeLmStudio server = FakeLmStudio.builder().downloadPolls(2).start();

  @AfterEach
  void stop() {
    server.close();
  }

  private ExampleRun run(String... args) {
    String[] withUrl = new String[args.length + 2];
    System.arraycopy(args, 0, withUrl, 0, args.length);
    withUrl[args.length] = "--url";
    withUrl[args.length + 1] = server.url();
    return ExampleRun.of(withUrl);
  }

  private List<String> lines() {
    return server.requests().stream().map(FakeRequest::line).toList();
  }

  @Test
  void quickstartListsModelsThenSendsOneNativeChatWithoutTheDemoNotice() {
    ExampleRun run = run("quickstart", "--model", "ibm/granite-4-micro", "Hi", "there");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain("[demo]").contains("You said: Hi there");
    assertThat(lines()).containsExactly("GET /api/v1/models", "POST /api/v1/chat");
    FakeRequest chat = server.requests().get(1);
    assertThat(chat.header("Content-Type")).startsWith("application/json");
    assertThat(chat.json())
        .containsEntry("model", "ibm/granite-4-micro")
        .containsEntry("input", "Hi there");
  }

  @Test
  void streamingAsksForAStream() {
    ExampleRun run = run("streaming", "Hello");

    assertThat(run.exitCode()).as(run.output()).isZero();
    FakeRequest chat = server.takeRequest();
    assertThat(chat.line()).isEqualTo("POST /api/v1/chat");
    assertThat(chat.json())
        .containsEntry("model", "qwen/qwen3-4b")
        .containsEntry("input", "Hello")
        .containsEntry("stream", true);
  }

  @Test
  void modelLifecycleDownloadsPollsLoadsWithTheContextLengthAndUnloads() {
    ExampleRun run = run("model-lifecycle", "--context-length", "2048");

    assertThat(run.exitCode()).as(run.output()).isZero();
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

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("[tool call] mcp/browser / browser_navigate");
    FakeRequest chat = server.takeRequest();
    assertThat(chat.line()).isEqualTo("POST /api/v1/chat");
    assertThat(chat.json()).containsEntry("context_length", 8000.0);
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
  void embeddingsSendTheSentencesAndTheQueryInOneRequest() {
    ExampleRun run = run("embeddings", "napping");

    assertThat(run.exitCode()).as(run.output()).isZero();
    FakeRequest embed = server.takeRequest();
    assertThat(embed.line()).isEqualTo("POST /v1/embeddings");
    List<Object> input = new java.util.ArrayList<>(SemanticSearch.SENTENCES);
    input.add("napping");
    assertThat(embed.json())
        .containsEntry("model", "text-embedding-nomic-embed-text-v1.5")
        .containsEntry("input", input);
  }

  @Test
  @SuppressWarnings("unchecked")
  void toolCallingOffersBothToolsAndAnswersTheCall() {
    ExampleRun run = run("tool-calling", "Check", "the", "forecast");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(lines()).containsExactly("POST /v1/chat/completions", "POST /v1/chat/completions");
    List<Map<String, Object>> tools =
        (List<Map<String, Object>>) server.requests().get(0).json().get("tools");
    assertThat(tools)
        .extracting(t -> ((Map<String, Object>) t.get("function")).get("name"))
        .containsExactly("get_forecast", "get_date");
    List<Map<String, Object>> messages =
        (List<Map<String, Object>>) server.requests().get(1).json().get("messages");
    assertThat(messages.get(messages.size() - 1)).containsEntry("role", "tool");
  }

  @Test
  @SuppressWarnings("unchecked")
  void structuredOutputSendsTheRecordsSchema() {
    ExampleRun run = run("structured-output");

    assertThat(run.exitCode()).as(run.output()).isZero();
    FakeRequest sent = server.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /v1/chat/completions");
    Map<String, Object> format = (Map<String, Object>) sent.json().get("response_format");
    assertThat(format).containsEntry("type", "json_schema");
    Map<String, Object> schema =
        (Map<String, Object>) ((Map<String, Object>) format.get("json_schema")).get("schema");
    assertThat((Map<String, Object>) schema.get("properties"))
        .containsOnlyKeys("title", "author", "year", "themes");
  }

  @Test
  void persistentChatReplaysTheStoredHistoryOnTheNextRun(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String file = dir.resolve("chat.db").toString();
    assertThat(run("persistent-chat", "--session", file, "First").exitCode()).isZero();
    assertThat(run("persistent-chat", "--session", file, "Second").exitCode()).isZero();

    List<FakeRequest> chats =
        server.requests().stream()
            .filter(r -> r.line().equals("POST /v1/chat/completions"))
            .toList();
    assertThat(chats).hasSize(2);
    assertThat(chats.get(1).json().get("messages").toString())
        .contains("First", "You said: First", "Second");
  }
}
