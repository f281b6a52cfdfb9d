package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaValuesTest {

  @Test
  void requiredPropertiesGetPlausibleValuesOfTheirTypes() {
    Map<String, Object> schema =
        Json.parseObject(
            """
            {"type":"object","required":["city","count","ratio","ok","unit","when","tags","home"],
             "properties":{
               "city":{"type":"string"},"count":{"type":"integer","maximum":10},
               "ratio":{"type":"number","minimum":5},"ok":{"type":"boolean"},
               "unit":{"enum":["c","f"]},"when":{"type":"string","format":"date"},
               "tags":{"type":"array","items":{"type":"string"},"minItems":2},
               "home":{"type":"object","properties":{"zip":{"type":["string","null"]}}},
               "optional":{"type":"string"}}}""");

    Object value = SchemaValues.generate(schema);

    assertThat(Json.write(value))
        .isEqualTo(
            "{\"city\":\"example city\",\"count\":10,\"ratio\":5.0,\"ok\":true,\"unit\":\"c\","
                + "\"when\":\"2025-01-15\",\"tags\":[\"example tags\",\"example tags\"],"
                + "\"home\":{\"zip\":\"example zip\"}}");
  }

  @Test
  void localReferencesAndFirstBranchesAreFollowed() {
    Map<String, Object> schema =
        Json.parseObject(
            """
            {"type":"object","required":["item","either"],
             "properties":{"item":{"$ref":"#/$defs/Item"},
                           "either":{"anyOf":[{"type":"integer"},{"type":"string"}]}},
             "$defs":{"Item":{"type":"object","required":["id"],
                              "properties":{"id":{"type":"string","minLength":12}}}}}""");

    assertThat(SchemaValues.generate(schema))
        .isEqualTo(Map.of("item", Map.of("id", "example idxx"), "either", 42L));
  }

  @Test
  void missingOrEmptySchemaGivesAnEmptyObject() {
    assertThat(SchemaValues.generate(null)).isEqualTo(Map.of());
    assertThat(SchemaValues.generate(Map.of("type", "object", "properties", Map.of())))
        .isEqualTo(Map.of());
    assertThat(
            SchemaValues.generate(
                Map.of(
                    "type", "object", "required", List.of(), "properties", Map.of("a", Map.of()))))
        .isEqualTo(Map.of());
  }
}
