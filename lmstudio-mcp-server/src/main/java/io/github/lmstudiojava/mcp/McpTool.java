package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Duration;
import java.util.Map;

/** One MCP tool: its definition, its deadline and what a call does. */
abstract class McpTool {
  private final McpSchema.Tool definition;

  McpTool(McpSchema.Tool definition) {
    this.definition = definition;
  }

  /** The tool as {@code tools/list} shows it. */
  final McpSchema.Tool definition() {
    return definition;
  }

  /**
   * How long a call may run before the server gives up and cancels its HTTP call; quick calls get
   * the request timeout.
   */
  Duration deadline(ServerConfig config, Args args) {
    return config.requestTimeout();
  }

  /**
   * Whether a call runs long (a generation, a load, a download) and so waits for a turn at the
   * {@link CallGate}; quick calls never do.
   */
  boolean isLong(Args args) {
    return false;
  }

  /** The flag that sets {@link #deadline}, for the message when it runs out. */
  String deadlineFlag(Args args) {
    return "--request-timeout";
  }

  /**
   * Runs a call; failures are thrown and become {@code isError} results.
   *
   * @param call the arguments, a client for this call, progress and log
   * @return the result
   */
  abstract CallToolResult call(ToolCall call);

  /** Builds a definition from schemas written as JSON. */
  static McpSchema.Tool define(
      String name,
      String title,
      String description,
      String inputSchema,
      String outputSchema,
      ToolAnnotations annotations) {
    Map<String, Object> output = outputSchema == null ? null : Json.object(outputSchema);
    return McpSchema.Tool.builder(name, Json.object(inputSchema))
        .title(title)
        .description(description)
        .outputSchema(output)
        .annotations(annotations)
        .build();
  }

  /** Annotations with the hints set. */
  static ToolAnnotations hints(
      boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    return ToolAnnotations.builder()
        .readOnlyHint(readOnly)
        .destructiveHint(destructive)
        .idempotentHint(idempotent)
        .openWorldHint(openWorld)
        .build();
  }

  /** A result with a readable text block and the same data as structured content. */
  static CallToolResult result(String text, Json.Obj structured) {
    return CallToolResult.builder()
        .addTextContent(text)
        .structuredContent(structured.map())
        .build();
  }
}
