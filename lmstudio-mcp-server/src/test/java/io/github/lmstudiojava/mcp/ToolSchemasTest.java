package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ToolSchemas} answers as the SDK's default validator does, and the check it leaves out at
 * start (every tool schema against the JSON Schema 2020-12 meta-schema) is made here instead.
 */
class ToolSchemasTest {
  private final DefaultJsonSchemaValidator sdk = new DefaultJsonSchemaValidator();
  private final ToolSchemas ours = new ToolSchemas();

  @Test
  void everyToolSchemaConformsToJsonSchema2020_12() {
    List<McpTool> tools = ServerAssembly.tools();
    assertThat(tools).hasSize(8);
    List<McpTool> checked = new ArrayList<>(tools);
    // --read-only gives chat a schema of its own.
    checked.addAll(ServerAssembly.tools(ToolSelection.parse(null, "--tools", true)));
    for (McpTool tool : checked) {
      McpSchema.Tool definition = tool.definition();
      assertThat(definition.inputSchema()).as(definition.name()).isNotEmpty();
      assertThatCode(
              () -> sdk.assertConforms(definition.name() + " input", definition.inputSchema()))
          .doesNotThrowAnyException();
      assertThatCode(
              () -> sdk.assertConforms(definition.name() + " output", definition.outputSchema()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void theSdkRefusesASchemaThatDoesNotConform() {
    // The check above can fail: a schema with a wrong keyword type is refused.
    Map<String, Object> broken = Map.of("type", "object", "properties", List.of("not", "a map"));
    assertThat(sdk.validateSchema(broken).valid()).isFalse();
  }

  @Test
  void argumentsGetTheSameAnswerAsFromTheSdkValidator() {
    List<Map<String, Object>> arguments = new ArrayList<>();
    arguments.add(Map.of());
    arguments.add(Map.of("model", "m", "prompt", "hello"));
    arguments.add(Map.of("model", 7, "prompt", "hello"));
    arguments.add(Map.of("prompt", "x".repeat(10)));
    arguments.add(Map.of("model", "m", "prompt", "hi", "temperature", 9.5));
    arguments.add(Map.of("model", "m", "prompt", "hi", "max_tokens", -1));
    arguments.add(Map.of("action", "send", "session_id", "s", "message", "hi"));
    arguments.add(Map.of("action", "nonsense"));
    arguments.add(Map.of("action", "list", "limit", 100_000));
    arguments.add(Map.of("input", List.of("a", "b")));
    arguments.add(Map.of("input", List.of(1, 2)));
    arguments.add(Map.of("unknown", true));
    int refused = 0;
    for (McpTool tool : ServerAssembly.tools()) {
      Map<String, Object> schema = tool.definition().inputSchema();
      for (Map<String, Object> args : arguments) {
        ValidationResponse expected = sdk.validate(schema, args);
        assertThat(ours.validate(schema, args))
            .as("%s with %s", tool.definition().name(), args)
            .isEqualTo(expected);
        // The second time comes from the compiled schema kept for it.
        assertThat(ours.validate(schema, args)).isEqualTo(expected);
        refused += expected.valid() ? 0 : 1;
      }
    }
    // Both kinds of answer were compared.
    assertThat(refused).isBetween(1, 8 * arguments.size() - 1);
  }

  @Test
  void structuredResultsGetTheSameAnswerAndTextAsFromTheSdkValidator() {
    Map<String, Object> schema =
        Json.object(
            """
            {"type":"object","properties":{"n":{"type":"integer","minimum":0},
             "names":{"type":"array","items":{"type":"string"}}},
             "required":["n"],"additionalProperties":false}""");
    Map<String, Object> good = new LinkedHashMap<>();
    good.put("n", 3);
    good.put("names", List.of("a", "é\"b"));
    for (Object content :
        List.of(
            good,
            Map.of("n", -1),
            Map.of("names", List.of()),
            Map.of("n", 1, "extra", 2),
            "{\"n\":2}",
            "{\"n\": \"two\"}",
            "{not json")) {
      ValidationResponse expected = sdk.validate(schema, content);
      assertThat(ours.validate(schema, content)).as("%s", content).isEqualTo(expected);
    }
    assertThat(ours.validate(schema, good).jsonStructuredOutput())
        .isEqualTo("{\"n\":3,\"names\":[\"a\",\"é\\\"b\"]}");
    assertThat(ours.validate(schema, "{not json").errorMessage())
        .startsWith("Error parsing tool JSON Schema: ");
  }

  @Test
  void manyDistinctSchemasAreEachCheckedCorrectlyBeyondTheCache() {
    for (int i = 0; i < ToolSchemas.MAX_CACHED + 10; i++) {
      Map<String, Object> schema =
          Map.of(
              "type", "object", "properties", Map.of("n", Map.of("type", "integer", "maximum", i)));
      assertThat(ours.validate(schema, Map.of("n", i)).valid()).as("n = %d", i).isTrue();
      assertThat(ours.validate(schema, Map.of("n", i + 1)).valid()).as("n = %d", i + 1).isFalse();
    }
  }

  @Test
  void nullSchemaOrContentIsRefusedAsByTheSdk() {
    assertThatCode(() -> ours.validate(null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> ours.validate(Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
