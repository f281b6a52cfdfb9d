package io.github.lmstudiojava.client.openai;

import java.util.Map;
import java.util.Objects;

/**
 * A function the model may ask to call, in a chat completion request's {@code tools}. The model
 * only asks: your code runs the function and sends the result back in a {@link ChatMessage#tool
 * tool} message.
 *
 * <pre>{@code
 * ChatTool.function("get_delivery_date", "Get the delivery date for a customer's order",
 *     Map.of("type", "object",
 *         "properties", Map.of("order_id", Map.of("type", "string")),
 *         "required", List.of("order_id")));
 * }</pre>
 *
 * @param name the function's name
 * @param description what it does and when to use it; may be null
 * @param parameters a JSON schema of its arguments as JSON text, an object; null when it takes none
 */
public record ChatTool(String name, String description, String parameters) {

  /** Checks the name and that the parameters, when given, are a JSON object. */
  public ChatTool {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    if (parameters != null) {
      ChatCompletionJson.requireObject(parameters, "parameters");
    }
  }

  /**
   * A function whose arguments are described by a JSON schema given as maps and lists.
   *
   * @param name the function's name
   * @param description what it does; may be null
   * @param parameters the JSON schema of its arguments
   * @return the tool
   */
  public static ChatTool function(String name, String description, Map<String, ?> parameters) {
    Objects.requireNonNull(parameters, "parameters == null");
    return new ChatTool(name, description, ChatCompletionJson.toJson(parameters));
  }

  /**
   * A function whose arguments are described by a JSON schema given as JSON text.
   *
   * @param name the function's name
   * @param description what it does; may be null
   * @param parameters the JSON schema of its arguments, such as {@code {"type": "object", ...}}
   * @return the tool
   */
  public static ChatTool function(String name, String description, String parameters) {
    Objects.requireNonNull(parameters, "parameters == null");
    return new ChatTool(name, description, parameters);
  }

  /**
   * A function without arguments ({@code parameters} left out).
   *
   * @param name the function's name
   * @param description what it does; may be null
   * @return the tool
   */
  public static ChatTool function(String name, String description) {
    return new ChatTool(name, description, null);
  }
}
