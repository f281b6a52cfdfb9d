package io.github.lmstudiojava.client.openai;

import java.util.Map;
import java.util.Objects;

/**
 * A function call the model asked for, in a chat completion's {@code message.tool_calls}; also sent
 * back in an assistant message when the conversation is replayed.
 *
 * <pre>{@code
 * for (ChatToolCall call : completion.toolCalls()) {
 *   Map<String, Object> args = call.argumentsMap();
 *   messages.add(ChatMessage.tool(call.id(), run(call.name(), args)));
 * }
 * }</pre>
 *
 * @param id the call's id, to quote in the {@link ChatMessage#tool tool} message that answers it
 * @param type always {@code function}
 * @param function the function's name and arguments
 */
public record ChatToolCall(String id, String type, Function function) {

  /** Defaults the type to {@code function} and checks the function is present. */
  public ChatToolCall {
    type = type == null ? "function" : type;
    Objects.requireNonNull(function, "function == null");
  }

  /**
   * A function call, as a conversation replay needs it.
   *
   * @param id the call's id
   * @param name the function's name
   * @param arguments the arguments as JSON text, such as {@code {"order_id":"123"}}
   * @return the call
   */
  public static ChatToolCall of(String id, String name, String arguments) {
    return new ChatToolCall(id, "function", new Function(name, arguments));
  }

  /**
   * The function's name.
   *
   * @return the name
   */
  public String name() {
    return function.name();
  }

  /**
   * The arguments as the model wrote them: JSON text, not checked.
   *
   * @return the arguments; empty when the model gave none
   */
  public String arguments() {
    return function.arguments();
  }

  /**
   * The arguments parsed as a JSON object; whole numbers become {@code Long}, other numbers {@code
   * Double}. Blank arguments (a function without parameters) give an empty map.
   *
   * @return the arguments
   * @throws io.github.lmstudiojava.client.LmStudioProtocolException when the model's arguments are
   *     not a JSON object
   */
  public Map<String, Object> argumentsMap() {
    return ChatCompletionJson.argumentsMap(function.name(), function.arguments());
  }

  /**
   * The function part of a tool call.
   *
   * @param name the function's name
   * @param arguments the arguments as JSON text; never null
   */
  public record Function(String name, String arguments) {
    /** Checks the name and normalizes null arguments to empty. */
    public Function {
      Objects.requireNonNull(name, "name == null");
      arguments = arguments == null ? "" : arguments;
    }
  }
}
