package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.JsonSchema;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of the answer ({@code response_format}): plain text, or JSON that follows a schema
 * (structured output). LM Studio accepts these two types only; the JSON then arrives as text in the
 * message content, to be parsed.
 *
 * <pre>{@code
 * ChatResponseFormat.jsonSchema("joke_response",
 *     "{\"type\":\"object\",\"properties\":{\"joke\":{\"type\":\"string\"}},\"required\":[\"joke\"]}")
 *     .withStrict(true)
 * }</pre>
 *
 * @param type {@code text} or {@code json_schema}
 * @param name the schema's name; null for text
 * @param schema the JSON schema as JSON text, an object; null for text
 * @param strict whether the schema must be followed exactly; null to leave it out
 */
public record ChatResponseFormat(String type, String name, String schema, Boolean strict) {

  /** Checks that a {@code json_schema} format has a name and an object schema. */
  public ChatResponseFormat {
    Objects.requireNonNull(type, "type == null");
    if (type.equals("json_schema")) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(schema, "schema == null");
      ChatCompletionJson.requireObject(schema, "schema");
    } else if (name != null || schema != null || strict != null) {
      throw new IllegalArgumentException("only json_schema takes a name, schema and strict");
    }
  }

  /**
   * Plain text: sent as {@code {"type": "text"}}.
   *
   * @return the format
   */
  public static ChatResponseFormat text() {
    return new ChatResponseFormat("text", null, null, null);
  }

  /**
   * JSON following a schema given as maps and lists.
   *
   * @param name the schema's name
   * @param schema the JSON schema
   * @return the format
   */
  public static ChatResponseFormat jsonSchema(String name, Map<String, ?> schema) {
    Objects.requireNonNull(schema, "schema == null");
    return new ChatResponseFormat("json_schema", name, ChatCompletionJson.toJson(schema), null);
  }

  /**
   * JSON following a schema given as JSON text.
   *
   * @param name the schema's name
   * @param schema the JSON schema, such as {@code {"type": "object", ...}}
   * @return the format
   */
  public static ChatResponseFormat jsonSchema(String name, String schema) {
    return new ChatResponseFormat("json_schema", name, schema, null);
  }

  /**
   * Strict JSON following the schema {@link JsonSchema#of(Class)} derives from a record type, named
   * after the type's simple name (characters OpenAI does not allow in a name become {@code _}).
   *
   * <pre>{@code
   * record Joke(String setup, String punchline) {}
   * ChatResponseFormat.jsonSchema(Joke.class);   // name "Joke", strict: true
   * }</pre>
   *
   * @param type the record type the reply should bind to
   * @return the format, with {@code strict: true}
   * @throws IllegalArgumentException when the record has a component with no JSON schema
   */
  public static ChatResponseFormat jsonSchema(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type == null");
    String name = type.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
    if (name.length() > 64) {
      name = name.substring(0, 64);
    }
    return jsonSchema(name, JsonSchema.of(type)).withStrict(true);
  }

  /**
   * A copy with {@code strict} set; sent as a JSON boolean, as OpenAI specifies (LM Studio's own
   * example writes the string {@code "true"}).
   *
   * @param strict whether the schema must be followed exactly
   * @return the copy
   */
  public ChatResponseFormat withStrict(boolean strict) {
    return new ChatResponseFormat(type, name, schema, strict);
  }
}
