package io.github.lmstudiojava.client.anthropic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may call.
 *
 * <pre>{@code
 * Tool.of("get_weather", "Get the current weather in a given location", Map.of(
 *     "type", "object",
 *     "properties", Map.of("location", Map.of("type", "string")),
 *     "required", List.of("location")));
 * }</pre>
 *
 * @param name the tool's name
 * @param description what it does, for the model; may be null
 * @param inputSchema the JSON Schema of its input, as maps and lists
 */
public record Tool(String name, String description, Map<String, Object> inputSchema) {
  /** Checks the values and copies the schema's top level. */
  public Tool {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    Objects.requireNonNull(inputSchema, "inputSchema == null");
    inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
  }

  /**
   * A tool.
   *
   * @param name the tool's name
   * @param description what it does
   * @param inputSchema the JSON Schema of its input
   * @return the tool
   */
  public static Tool of(String name, String description, Map<String, Object> inputSchema) {
    return new Tool(name, description, inputSchema);
  }
}
