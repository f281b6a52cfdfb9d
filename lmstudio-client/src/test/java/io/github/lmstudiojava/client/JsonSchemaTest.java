package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import io.github.lmstudiojava.client.internal.SchemaValidator;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Nullable {}

  enum Unit {
    CELSIUS,
    @Json(name = "fahrenheit")
    FAHRENHEIT
  }

  @Description("A city's weather")
  record Weather(
      @Description("city name") String city,
      double temperature,
      Unit unit,
      boolean sunny,
      long observedAt,
      List<String> alerts,
      @Nullable Wind wind,
      Map<String, Integer> hourly,
      @Json(name = "feels_like") Float feelsLike) {}

  record Wind(int speed, String direction) {}

  record Node(String name, Node next) {}

  record WithOptional(Optional<String> nickname) {}

  record WithObject(Object anything) {}

  @Test
  void derivesAStrictObjectSchemaFromARecord() {
    Map<String, Object> schema = JsonSchema.of(Weather.class);

    assertThat(schema)
        .containsEntry("type", "object")
        .containsEntry("description", "A city's weather")
        .containsEntry("additionalProperties", false)
        .containsEntry(
            "required",
            List.of(
                "city",
                "temperature",
                "unit",
                "sunny",
                "observedAt",
                "alerts",
                "wind",
                "hourly",
                "feels_like"));
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    assertThat(properties.get("city"))
        .isEqualTo(Map.of("type", "string", "description", "city name"));
    assertThat(properties.get("temperature")).isEqualTo(Map.of("type", "number"));
    assertThat(properties.get("unit"))
        .isEqualTo(Map.of("type", "string", "enum", List.of("CELSIUS", "fahrenheit")));
    assertThat(properties.get("sunny")).isEqualTo(Map.of("type", "boolean"));
    assertThat(properties.get("observedAt")).isEqualTo(Map.of("type", "integer"));
    assertThat(properties.get("alerts"))
        .isEqualTo(Map.of("type", "array", "items", Map.of("type", "string")));
    assertThat(properties.get("hourly"))
        .isEqualTo(Map.of("type", "object", "additionalProperties", Map.of("type", "integer")));
    assertThat(properties.get("feels_like")).isEqualTo(Map.of("type", "number"));
    assertThat(properties.get("wind"))
        .isEqualTo(
            Map.of(
                "type",
                List.of("object", "null"),
                "properties",
                Map.of("speed", Map.of("type", "integer"), "direction", Map.of("type", "string")),
                "required",
                List.of("speed", "direction"),
                "additionalProperties",
                false));
  }

  @Test
  void refusesTypesWithoutAJsonSchema() {
    assertThatThrownBy(() -> JsonSchema.of(Node.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains itself");
    assertThatThrownBy(() -> JsonSchema.of(WithOptional.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@Nullable");
    assertThatThrownBy(() -> JsonSchema.of(WithObject.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void parsesAConformingReplyIntoTheRecord() {
    String reply =
        "{\"city\":\"Paris\",\"temperature\":21.5,\"unit\":\"fahrenheit\",\"sunny\":true,"
            + "\"observedAt\":1700000000000,\"alerts\":[\"wind\"],\"wind\":null,"
            + "\"hourly\":{\"9\":18},\"feels_like\":20.0,\"extra\":\"ignored\"}";

    Weather weather = JsonSchema.parse(reply, Weather.class);

    assertThat(weather)
        .isEqualTo(
            new Weather(
                "Paris",
                21.5,
                Unit.FAHRENHEIT,
                true,
                1700000000000L,
                List.of("wind"),
                null,
                Map.of("9", 18),
                20.0f));
  }

  @Test
  void readsAReplyWrappedInACodeFence() {
    Wind wind = JsonSchema.parse("```json\n{\"speed\": 3, \"direction\": \"N\"}\n```", Wind.class);

    assertThat(wind).isEqualTo(new Wind(3, "N"));
  }

  @Test
  void aMismatchingReplyKeepsTheRawText() {
    assertThatThrownBy(() -> JsonSchema.parse("It is sunny in Paris.", Wind.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo("It is sunny in Paris.");
              assertThat(e.targetType()).isEqualTo(Wind.class.getName());
              assertThat(e.getMessage()).contains("does not match Wind");
            });
    assertThatThrownBy(
            () -> JsonSchema.parse("{\"speed\":\"fast\",\"direction\":\"N\"}", Wind.class))
        .isInstanceOf(StructuredOutputException.class);
    assertThatThrownBy(() -> JsonSchema.parse("{\"speed\":3} trailing", Wind.class))
        .isInstanceOf(StructuredOutputException.class);
    assertThatThrownBy(() -> JsonSchema.parse("null", Wind.class))
        .isInstanceOf(StructuredOutputException.class);
    assertThatThrownBy(
            () -> JsonSchema.parse("{\"speed\":3000000000,\"direction\":\"N\"}", Wind.class))
        .hasMessageContaining("$.speed is out of range for int");
    assertThatThrownBy(
            () ->
                JsonSchema.parse(
                    "{\"city\":\"Oslo\",\"temperature\":1,\"unit\":\"KELVIN\"}", Weather.class))
        .hasMessageContaining("$.unit should be one of [CELSIUS, fahrenheit] but is KELVIN");
  }

  @Test
  void aMissingRequiredPropertyIsAMismatchButANullableOneIsNot() {
    assertThatThrownBy(() -> JsonSchema.parse("{\"speed\":3}", Wind.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> assertThat(e.getMessage()).contains("$.direction is required"));
    String noWind =
        "{\"city\":\"Oslo\",\"temperature\":1,\"unit\":\"CELSIUS\",\"sunny\":false,"
            + "\"observedAt\":1,\"alerts\":[],\"hourly\":{},\"feels_like\":0}";
    assertThat(JsonSchema.parse(noWind, Weather.class).wind()).isNull();
  }

  @Test
  void derivedSchemaAcceptsWhatParseAcceptsAndRejectsWhatItRejects() {
    Map<String, Object> schema = JsonSchema.of(Wind.class);

    assertThat(SchemaValidator.validate(schema, Map.of("speed", 3L, "direction", "N"))).isEmpty();
    assertThat(SchemaValidator.validate(schema, Map.of("speed", 3.5, "direction", "N")))
        .containsExactly("$.speed should be integer but is double 3.5");
    assertThat(SchemaValidator.validate(schema, Map.of("speed", 3L)))
        .containsExactly("$.direction is required but missing");
    assertThat(SchemaValidator.validate(schema, Map.of("speed", 3L, "direction", "N", "x", 1L)))
        .containsExactly("$.x is not an allowed property");
  }
}
