package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Whatever a tool throws, the call gets an {@code isError} answer and the server goes on. */
class ToolRunnerTest {
  private static CallToolResult run(Supplier<Throwable> failure) {
    ServerConfig config = ServerConfig.parse(new String[] {"--sessions", "memory:"}, name -> null);
    McpTool tool =
        new McpTool(
            McpTool.define(
                "boom",
                "Fails.",
                "{\"type\":\"object\"}",
                null,
                McpTool.hints(true, false, true, false))) {
          @Override
          CallToolResult call(ToolCall call) {
            Throwable t = failure.get();
            if (t instanceof Error e) {
              throw e;
            }
            throw (RuntimeException) t;
          }
        };
    try (Backend backend = new Backend(config);
        ToolRunner runner = new ToolRunner(backend, new CallRegistry())) {
      return runner.run(
          tool,
          new ClientSession().exchange(false),
          McpSchema.CallToolRequest.builder("boom").arguments(Map.of()).build());
    }
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  @Test
  void runningOutOfMemoryIsAnsweredAsACallTooLarge() {
    CallToolResult result = run(() -> new OutOfMemoryError("Java heap space"));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .isEqualTo(
            "boom needed more memory than this server has: the call was too large, send less.");
  }

  @Test
  void anyOtherErrorIsAnsweredAsAnInternalError() {
    CallToolResult overflow = run(StackOverflowError::new);
    CallToolResult assertion = run(() -> new AssertionError("never"));

    assertThat(overflow.isError()).isTrue();
    assertThat(text(overflow)).isEqualTo("Internal error in boom (StackOverflowError).");
    assertThat(text(assertion)).isEqualTo("Internal error in boom (AssertionError).");
  }

  @Test
  void aRuntimeExceptionStillGetsItsOneSentence() {
    CallToolResult result = run(() -> new IllegalArgumentException("\"model\" is required"));

    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("\"model\" is required");
  }
}
