package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code tools/list} answer stays within its budget: every byte of it sits in the user's model
 * context at every turn of every conversation that has this server.
 */
class ToolsListSizeTest {
  /**
   * The budget of the whole answer line, in bytes: the size of {@code mcp-llm-studio}'s answer for
   * its seven tools, measured with version 3.1.5.
   */
  static final int BUDGET = 5_117;

  /** Runs the server over stdio on these input lines and returns every line it wrote. */
  private static List<String> stdio(String... lines) throws Exception {
    ServerConfig config =
        ServerConfig.parse(
            new String[] {"--lmstudio-url", "http://127.0.0.1:9", "--sessions", "memory:"},
            name -> null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CallRegistry registry = new CallRegistry();
    try (Backend backend = new Backend(config);
        ToolRunner runner = new ToolRunner(backend, registry)) {
      StdioTransport transport =
          new StdioTransport(
              new ByteArrayInputStream(
                  (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
              out,
              registry);
      McpSyncServer server =
          ServerAssembly.configure(McpServer.sync(transport), backend, runner).build();
      transport.run();
      server.closeGracefully();
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theToolsListAnswerOfEveryToolFitsInTheBudget() throws Exception {
    List<String> written =
        stdio(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"size\",\"version\":\"1\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

    String answer =
        written.stream()
            .filter(line -> Integer.valueOf(2).equals(Json.object(line).get("id")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no tools/list answer in " + written));
    Map<String, Object> result = (Map<String, Object>) Json.object(answer).get("result");
    assertThat((List<Object>) result.get("tools")).hasSize(ServerAssembly.tools().size());
    int bytes = answer.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes)
        .as(
            "the tools/list answer is %d bytes, over its budget of %d: every byte of it sits in"
                + " the user's model context at every turn, so tighten a description or a schema"
                + " before raising the budget",
            bytes, BUDGET)
        .isLessThanOrEqualTo(BUDGET);
  }
}
