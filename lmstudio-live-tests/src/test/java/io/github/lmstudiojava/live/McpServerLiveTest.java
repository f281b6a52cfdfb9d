package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Reasoning;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The MCP server's runnable jar over stdio, driven by the MCP SDK's client, talking to the LM
 * Studio under test. Its sessions live in memory, so nothing is left on disk.
 */
@Tag("live")
class McpServerLiveTest {
  private static LmStudio lms;
  private static McpSyncClient client;

  @BeforeAll
  static void start() {
    lms = Live.connect();
    String jar = System.getProperty("server.jar");
    assumeTrue(
        jar != null && Files.isRegularFile(Path.of(jar)),
        "the MCP server jar is not built (run mvn -Plive verify, which packages it first)");
    Map<String, String> env = new HashMap<>();
    env.put(Live.URL, Live.env(Live.URL));
    if (Live.env("LM_API_TOKEN") != null) {
      env.put("LM_API_TOKEN", Live.env("LM_API_TOKEN"));
    }
    ServerParameters params =
        ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
            .args("-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", jar, "--sessions", "memory:")
            .env(env)
            .build();
    client =
        McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofMinutes(5))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (lms != null) {
      lms.close();
    }
  }

  @Test
  void listsItsTools() {
    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .contains("model_list", "model_load", "model_unload", "ask", "chat", "embed");
  }

  @Test
  void modelListShowsTheModelsLmStudioHas() {
    Live.Pick llm = Live.llm(lms);

    Map<String, Object> list = structured(call("model_list", Map.of()));

    assertThat((List<?>) list.get("models"))
        .anySatisfy(m -> assertThat(((Map<?, ?>) m).get("key")).isEqualTo(llm.model().key()));
    assertThat((Integer) list.get("loaded_count")).isNotNegative();
  }

  @Test
  void askAnswersWithTextAndStats() {
    Live.Pick llm = Live.llm(lms);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("model", llm.name());
    args.put("prompt", Live.PROMPT);
    args.put("max_tokens", llm.maxTokens());
    if (llm.model().capabilities() != null
        && llm.model().capabilities().supportsReasoning()
        && llm.model().capabilities().reasoning().allows(Reasoning.OFF)) {
      args.put("reasoning", "off");
    }

    Map<String, Object> answer = structured(call("ask", args));

    Live.assertAnswered(llm, text(answer, "text"), text(answer, "reasoning"));
    assertThat((Integer) stats(answer).get("output_tokens")).isPositive();
  }

  @Test
  void chatSendTwiceReplaysTheFirstExchange() {
    Live.Pick llm = Live.llm(lms);
    String session = "live-" + UUID.randomUUID();

    Map<String, Object> first =
        structured(
            call(
                "chat",
                Map.of(
                    "action",
                    "send",
                    "session_id",
                    session,
                    "model",
                    llm.name(),
                    "max_tokens",
                    llm.maxTokens(),
                    "message",
                    "My name is Ada. Say hello.")));
    Map<String, Object> second =
        structured(
            call(
                "chat",
                Map.of(
                    "action",
                    "send",
                    "session_id",
                    session,
                    "max_tokens",
                    llm.maxTokens(),
                    "message",
                    "What is my name?")));

    Live.assertAnswered(llm, text(first, "text"), text(first, "reasoning"));
    Live.assertAnswered(llm, text(second, "text"), text(second, "reasoning"));
    assertThat((Integer) stats(second).get("prompt_tokens"))
        .isGreaterThan((Integer) stats(first).get("prompt_tokens"));
    assertThat((Integer) stats(second).get("turns_left_out")).isZero();
  }

  @Test
  void embedGivesOneVectorPerText() {
    Live.Pick embedding = Live.embedding(lms);

    Map<String, Object> result =
        structured(
            call(
                "embed",
                Map.of("model", embedding.name(), "input", List.of("a cat", "a dog outside"))));

    int dimensions = (Integer) result.get("dimensions");
    assertThat(dimensions).isPositive();
    assertThat((List<?>) result.get("embeddings"))
        .hasSize(2)
        .allSatisfy(v -> assertThat((List<?>) v).hasSize(dimensions));
  }

  private static CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as("%s", result.content()).isNotEqualTo(Boolean.TRUE);
    assertThat(result.content()).isNotEmpty();
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stats(Map<String, Object> answer) {
    return (Map<String, Object>) answer.get("stats");
  }

  private static String text(Map<String, Object> answer, String key) {
    Object value = answer.get(key);
    return value == null ? "" : value.toString();
  }
}
