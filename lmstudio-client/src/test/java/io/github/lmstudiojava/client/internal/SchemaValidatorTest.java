package io.github.lmstudiojava.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of(
              "query",
              Map.of("type", "string", "minLength", 1, "maxLength", 5),
              "limit",
              Map.of("type", "integer", "minimum", 1, "maximum", 10),
              "sort",
              Map.of("type", "string", "enum", List.of("asc", "desc")),
              "tags",
              Map.of("type", "array", "items", Map.of("type", "string"), "maxItems", 2),
              "note",
              Map.of("type", List.of("string", "null"))),
          "required",
          List.of("query"));

  @Test
  void conformingValuesHaveNoProblems() {
    assertThat(
            SchemaValidator.validate(
                SCHEMA, Map.of("query", "cats", "limit", 3L, "sort", "asc", "tags", List.of("a"))))
        .isEmpty();
    assertThat(SchemaValidator.validate(SCHEMA, mapWithNull("query", "x", "note"))).isEmpty();
    assertThat(SchemaValidator.validate(Map.of(), "anything")).isEmpty();
  }

  @Test
  void everyKeywordReportsItsPath() {
    assertThat(
            SchemaValidator.validate(
                SCHEMA,
                Map.of(
                    "query", "toolong", "limit", 0L, "sort", "up", "tags", List.of("a", 2L, "c"))))
        .containsExactlyInAnyOrder(
            "$.query is too long (maxLength 5)",
            "$.limit is below the minimum (minimum 1)",
            "$.sort should be one of [asc, desc] but is the string \"up\"",
            "$.tags has too many items (maxItems 2)",
            "$.tags[1] should be string but is long 2");
    assertThat(SchemaValidator.validate(SCHEMA, Map.of("limit", 2.5)))
        .containsExactlyInAnyOrder(
            "$.query is required but missing", "$.limit should be integer but is double 2.5");
    assertThat(SchemaValidator.validate(SCHEMA, List.of()))
        .containsExactly("$ should be object but is an array");
  }

  @Test
  void wholeDoublesCountAsIntegers() {
    assertThat(SchemaValidator.validate(SCHEMA, Map.of("query", "a", "limit", 4.0))).isEmpty();
  }

  private static Map<String, Object> mapWithNull(String key, Object value, String nullKey) {
    java.util.HashMap<String, Object> map = new java.util.HashMap<>();
    map.put(key, value);
    map.put(nullKey, null);
    return map;
  }
}
