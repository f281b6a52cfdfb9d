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

  /**
   * Builds a definition from schemas written as JSON. Every byte of it sits in the client's model
   * context at every turn: no title (the name says it), terse descriptions, and an output schema
   * only where a client gains from parsing the structured result.
   *
   * @param outputSchema the output schema, or null for none
   */
  static McpSchema.Tool define(
      String name,
      String description,
      String inputSchema,
      String outputSchema,
      ToolAnnotations annotations) {
    Map<String, Object> output = outputSchema == null ? null : Json.object(outputSchema);
    return McpSchema.Tool.builder(name, Json.object(inputSchema))
        .description(description)
        .outputSchema(output)
        .annotations(annotations)
        .build();
  }

  /**
   * Annotations with the hints set, leaving out what the MCP specification's defaults (not
   * read-only, destructive, not idempotent, open world) already say and what it says is ignored: a
   * read-only tool gets {@code readOnlyHint}, any other tool {@code destructiveHint} either way
   * (clients look for it) and {@code idempotentHint} when true; {@code openWorldHint} is given when
   * false.
   */
  static ToolAnnotations hints(
      boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    return ToolAnnotations.builder()
        .readOnlyHint(readOnly ? Boolean.TRUE : null)
        .destructiveHint(readOnly ? null : destructive)
        .idempotentHint(readOnly || !idempotent ? null : Boolean.TRUE)
        .openWorldHint(openWorld ? null : Boolean.FALSE)
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
