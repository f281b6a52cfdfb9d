package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
  void manyGeneratedArgumentsAndResultsGetTheSameAnswerAsFromTheSdkValidator() {
    List<McpSchema.Tool> definitions = new ArrayList<>();
    ServerAssembly.tools().forEach(t -> definitions.add(t.definition()));
    ServerAssembly.tools(ToolSelection.parse(null, "--tools", true))
        .forEach(t -> definitions.add(t.definition()));
    Random random = new Random(20261204);
    int compared = 0;
    int refused = 0;
    for (McpSchema.Tool definition : definitions) {
      for (Map<String, Object> schema :
          Arrays.asList(definition.inputSchema(), definition.outputSchema())) {
        if (schema == null) {
          continue;
        }
        for (int i = 0; i < 300; i++) {
          Object value = new Values(random).of(schema, 0);
          if (value == null) {
            // Null is refused before any schema (see nullSchemaOrContentIsRefusedAsByTheSdk).
            value = Map.of();
          }
          ValidationResponse expected = sdk.validate(schema, value);
          assertThat(ours.validate(schema, value))
              .as("%s with %s", definition.name(), value)
              .isEqualTo(expected);
          compared++;
          refused += expected.valid() ? 0 : 1;
        }
      }
    }
    // Both kinds of answer were compared, in numbers.
    assertThat(refused).isBetween(compared / 10, compared - compared / 10);
  }

  @Test
  void aWholeNumberBeyondTheLongRangeGetsTheLimitsAnswer() {
    Map<String, Object> schema = ServerAssembly.tools().get(0).definition().inputSchema();
    for (McpTool tool : ServerAssembly.tools()) {
      if (tool.definition().name().equals("ask")) {
        schema = tool.definition().inputSchema();
      }
    }
    Map<String, Object> args = Map.of("model", "m", "prompt", "p", "max_tokens", 1e20);
    // The schema library fails on this one ("cannot convert value 1.0E20 to long").
    assertThat(sdk.validate(schema, args).errorMessage())
        .startsWith("Error parsing tool JSON Schema");
    assertThat(ours.validate(schema, args).errorMessage())
        .isEqualTo(
            "Validation failed: JSON schema validation errors:"
                + " [/max_tokens: must have a maximum value of 1048576]");
    assertThat(ours.validate(schema, Map.of("model", "m", "prompt", "p", "max_tokens", -1e20)))
        .extracting(ValidationResponse::errorMessage)
        .isEqualTo(
            "Validation failed: JSON schema validation errors:"
                + " [/max_tokens: must have a minimum value of 1]");
  }

  @Test
  void aSchemaOrValueOutsideTheCheckedSetGoesToTheSchemaLibrary() {
    Map<String, Object> patterned =
        Json.object("{\"type\":\"object\",\"properties\":{\"s\":{\"pattern\":\"^a+$\"}}}");
    assertThat(SchemaCheck.compile(patterned)).isNull();
    assertThat(ours.validate(patterned, Map.of("s", "b")))
        .isEqualTo(sdk.validate(patterned, Map.of("s", "b")));
    assertThat(ours.validate(patterned, Map.of("s", "b")).valid()).isFalse();

    Map<String, Object> numbers =
        Json.object("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
    SchemaCheck check = SchemaCheck.compile(numbers);
    assertThat(check).isNotNull();
    // A float is not what JSON parsing gives: the library answers.
    assertThat(check.errors(Map.of("n", 1.5f))).isNull();
    assertThat(ours.validate(numbers, Map.of("n", 1.5f)))
        .isEqualTo(sdk.validate(numbers, Map.of("n", 1.5f)));
    assertThat(check.errors(Map.of("n", 1.5)))
        .containsExactly("/n: number found, integer expected");
  }

  /** Values for a schema: mostly fitting, often wrong in one place, sometimes of another type. */
  private static final class Values {
    private final Random random;

    Values(Random random) {
      this.random = random;
    }

    Object of(Map<?, ?> schema, int depth) {
      if (random.nextInt(12) == 0 || depth > 4) {
        return wrongType();
      }
      if (schema.get("anyOf") instanceof List<?> branches) {
        return of((Map<?, ?>) branches.get(random.nextInt(branches.size())), depth);
      }
      if (schema.get("enum") instanceof List<?> values) {
        return random.nextInt(5) == 0 ? "nonsense" : values.get(random.nextInt(values.size()));
      }
      Object type = schema.get("type");
      if (type == null) {
        type =
            schema.containsKey("properties") || schema.containsKey("required")
                ? "object"
                : "string";
      }
      switch ((String) type) {
        case "object":
          return object(schema, depth);
        case "array":
          return array(schema, depth);
        case "string":
          return string(schema);
        case "integer":
        case "number":
          return number(schema, type.equals("integer"));
        case "boolean":
          return random.nextBoolean();
        default:
          return null;
      }
    }

    private Object wrongType() {
      Object[] values = {
        null,
        true,
        7,
        -3L,
        2.0,
        2.5,
        "text",
        "",
        List.of(),
        Map.of(),
        List.of(1, "a"),
        Map.of("k", "v"),
        new BigInteger("123456789012345678901234567890"),
        -0.0
      };
      return values[random.nextInt(values.length)];
    }

    private Map<String, Object> object(Map<?, ?> schema, int depth) {
      Map<String, Object> object = new LinkedHashMap<>();
      Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
      List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
      for (Map.Entry<?, ?> p : properties.entrySet()) {
        boolean needed = required.contains(p.getKey());
        if (random.nextInt(needed ? 10 : 2) != 0) {
          object.put((String) p.getKey(), of((Map<?, ?>) p.getValue(), depth + 1));
        }
      }
      for (Object name : required) {
        if (!properties.containsKey(name) && random.nextInt(4) != 0) {
          object.put((String) name, wrongType());
        }
      }
      if (schema.get("additionalProperties") instanceof Map<?, ?> others) {
        for (int i = random.nextInt(3); i > 0; i--) {
          object.put(List.of("a", "b/c", "d~e", "").get(random.nextInt(4)), of(others, depth + 1));
        }
      } else if (random.nextInt(8) == 0) {
        object.put("unknown", 1);
      }
      return object;
    }

    private List<Object> array(Map<?, ?> schema, int depth) {
      int max = schema.get("maxItems") instanceof Number n ? n.intValue() : 4;
      int size = random.nextInt(Math.min(max, 6) + 1);
      if (random.nextInt(6) == 0 && max <= 64) {
        size = max + 1;
      }
      List<Object> list = new ArrayList<>();
      Map<?, ?> items = schema.get("items") instanceof Map<?, ?> i ? i : Map.of();
      for (int i = 0; i < size; i++) {
        list.add(items.isEmpty() ? wrongType() : of(items, depth + 1));
      }
      return list;
    }

    private String string(Map<?, ?> schema) {
      int min = schema.get("minLength") instanceof Number n ? n.intValue() : 0;
      int max = schema.get("maxLength") instanceof Number n ? n.intValue() : 64;
      switch (random.nextInt(6)) {
        case 0:
          return "";
        case 1:
          return max <= 4096 ? "x".repeat(max + 1) : "y";
        case 2:
          // Two chars per code point: the length in code points decides.
          return max <= 4096 ? "\uD83D\uDE00".repeat(max) : "\uD83D\uDE00";
        case 3:
          return "a".repeat(Math.max(min, 1));
        default:
          return "model-" + random.nextInt(100);
      }
    }

    private Object number(Map<?, ?> schema, boolean integer) {
      long min = schema.get("minimum") instanceof Number n ? n.longValue() : -10;
      long max = schema.get("maximum") instanceof Number n ? n.longValue() : 10;
      Object[] values = {
        min,
        max,
        min - 1,
        max + 1,
        (double) max,
        max + 0.5,
        min - 0.5,
        min + 0.25,
        0,
        -0.0,
        (int) Math.min(max, 5),
        new BigInteger("99999999999999999999"),
        3.0e9,
        -7L
      };
      Object value = values[random.nextInt(values.length)];
      if (!integer && random.nextInt(6) == 0) {
        value = List.of(1e300, -1e300, Double.MAX_VALUE).get(random.nextInt(3));
      }
      return value;
    }
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
