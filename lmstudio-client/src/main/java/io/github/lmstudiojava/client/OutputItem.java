package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;
import java.util.Map;

/**
 * One item of a native chat response's {@code output}: a message, reasoning, a tool call made
 * through an integration, an invalid tool call, or an item type this client does not know yet.
 *
 * <p>Use {@link ChatResult#text()}, {@link ChatResult#reasoning()} and {@link
 * ChatResult#toolCalls()} for the common cases, or walk {@link ChatResult#output()} in order.
 */
public sealed interface OutputItem
    permits OutputItem.Message,
        OutputItem.Reasoning,
        OutputItem.ToolCall,
        OutputItem.InvalidToolCall,
        OutputItem.Unknown {

  /**
   * The wire name of this item's type, such as {@code "message"}.
   *
   * @return the type
   */
  String type();

  /**
   * Text the model wrote for the user.
   *
   * @param content the text
   */
  record Message(String content) implements OutputItem {
    /** Normalizes a missing content to the empty string. */
    public Message {
      content = content == null ? "" : content;
    }

    @Override
    public String type() {
      return "message";
    }
  }

  /**
   * The model's reasoning, apart from its answer.
   *
   * @param content the reasoning text
   */
  record Reasoning(String content) implements OutputItem {
    /** Normalizes a missing content to the empty string. */
    public Reasoning {
      content = content == null ? "" : content;
    }

    @Override
    public String type() {
      return "reasoning";
    }
  }

  /**
   * A tool that LM Studio called for the model through an integration, with its output.
   *
   * @param tool the tool's name
   * @param arguments the arguments, as decoded JSON (whole numbers are {@code Long}, others {@code
   *     Double})
   * @param output the raw output the tool returned
   * @param providerInfo which plugin or MCP server provided the tool; may be null
   */
  record ToolCall(
      String tool,
      Map<String, Object> arguments,
      String output,
      @Json(name = "provider_info") ProviderInfo providerInfo)
      implements OutputItem {
    /** Normalizes missing arguments to an empty map. */
    public ToolCall {
      arguments = arguments == null ? Map.of() : arguments;
    }

    @Override
    public String type() {
      return "tool_call";
    }
  }

  /**
   * A tool call the model attempted that LM Studio rejected: an unknown tool name or arguments that
   * did not fit the tool.
   *
   * @param reason why the call was invalid
   * @param metadata details of the attempt; may be null
   */
  record InvalidToolCall(String reason, InvalidToolCallMetadata metadata) implements OutputItem {
    @Override
    public String type() {
      return "invalid_tool_call";
    }
  }

  /**
   * An output item of a type this client does not know, kept as raw JSON so nothing is lost.
   *
   * @param type the item's {@code type} field
   * @param json the whole item as JSON text
   */
  record Unknown(String type, String json) implements OutputItem {}
}
