package io.github.lmstudiojava.client.openai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item of a response's {@code output}: an assistant message, reasoning, a function call for the
 * caller to run, a remote MCP tool call LM Studio made, the tool list an MCP server gave, or an
 * item type this client does not know yet.
 *
 * <p>LM Studio's docs do not list the output items; these follow OpenAI's Responses API, which LM
 * Studio implements. Use {@link ResponseResult#text()}, {@link ResponseResult#reasoning()} and
 * {@link ResponseResult#functionCalls()} for the common cases, or walk {@link
 * ResponseResult#output()} in order.
 */
public sealed interface ResponseItem
    permits ResponseItem.Message,
        ResponseItem.Reasoning,
        ResponseItem.FunctionCall,
        ResponseItem.McpCall,
        ResponseItem.McpListTools,
        ResponseItem.Unknown {

  /**
   * The item's wire type, such as {@code "message"}.
   *
   * @return the type; null only for an unknown item without one
   */
  String type();

  /**
   * An assistant message ({@code "type": "message"}).
   *
   * @param id the item id; may be null
   * @param role the role, {@code assistant}
   * @param status {@code in_progress}, {@code completed} or {@code incomplete}; may be null
   * @param content the content parts
   */
  record Message(String id, String role, String status, List<Content> content)
      implements ResponseItem {
    /** Copies the parts. */
    public Message {
      content = content == null ? List.of() : List.copyOf(content);
    }

    @Override
    public String type() {
      return "message";
    }

    /**
     * The {@code output_text} parts joined.
     *
     * @return the text; possibly empty
     */
    public String text() {
      StringBuilder text = new StringBuilder();
      for (Content part : content) {
        if (part.isOutputText() && part.text() != null) {
          text.append(part.text());
        }
      }
      return text.toString();
    }
  }

  /**
   * One content part of a message or of a {@code response.content_part.*} event.
   *
   * @param type {@code output_text}, {@code refusal} or a newer type
   * @param text the text of an {@code output_text} part, or the {@code refusal} of a refusal; may
   *     be null for other types
   */
  record Content(String type, String text) {
    /**
     * Whether this is answer text.
     *
     * @return true for {@code output_text}
     */
    public boolean isOutputText() {
      return "output_text".equals(type);
    }
  }

  /**
   * The model's reasoning ({@code "type": "reasoning"}).
   *
   * @param id the item id; may be null
   * @param summary the {@code summary_text} parts
   * @param content the {@code reasoning_text} parts (the raw reasoning LM Studio returns)
   */
  record Reasoning(String id, List<String> summary, List<String> content) implements ResponseItem {
    /** Copies the lists. */
    public Reasoning {
      summary = summary == null ? List.of() : List.copyOf(summary);
      content = content == null ? List.of() : List.copyOf(content);
    }

    @Override
    public String type() {
      return "reasoning";
    }

    /**
     * The reasoning text: the content parts joined, or the summary when there is no content.
     *
     * @return the text; possibly empty
     */
    public String text() {
      return String.join("", content.isEmpty() ? summary : content);
    }
  }

  /**
   * A function call for the caller to run ({@code "type": "function_call"}); answer it with {@link
   * ResponseInput#functionCallOutput(String, String)}.
   *
   * @param id the item id; may be null
   * @param callId the id to answer with
   * @param name the function name
   * @param arguments the arguments as JSON text
   * @param status {@code in_progress}, {@code completed} or {@code incomplete}; may be null
   */
  record FunctionCall(String id, String callId, String name, String arguments, String status)
      implements ResponseItem {
    @Override
    public String type() {
      return "function_call";
    }

    /**
     * The arguments parsed as a JSON object (integers as {@code Long}).
     *
     * @return the arguments; empty when there are none
     * @throws IllegalArgumentException when the arguments are not a JSON object
     */
    public Map<String, Object> parsedArguments() {
      return ResponseJson.parseArguments(arguments);
    }
  }

  /**
   * A tool call LM Studio made on a remote MCP server ({@code "type": "mcp_call"}).
   *
   * @param id the item id; may be null
   * @param serverLabel the server's label
   * @param name the tool name
   * @param arguments the arguments as JSON text
   * @param output the tool's output; null when it failed or has not finished
   * @param error the error, when the call failed; may be null
   */
  record McpCall(
      String id, String serverLabel, String name, String arguments, String output, String error)
      implements ResponseItem {
    @Override
    public String type() {
      return "mcp_call";
    }

    /**
     * The arguments parsed as a JSON object (integers as {@code Long}).
     *
     * @return the arguments; empty when there are none
     * @throws IllegalArgumentException when the arguments are not a JSON object
     */
    public Map<String, Object> parsedArguments() {
      return ResponseJson.parseArguments(arguments);
    }
  }

  /**
   * The tools a remote MCP server offered ({@code "type": "mcp_list_tools"}).
   *
   * @param id the item id; may be null
   * @param serverLabel the server's label
   * @param tools the tools
   * @param error the error, when listing failed; may be null
   */
  record McpListTools(String id, String serverLabel, List<McpTool> tools, String error)
      implements ResponseItem {
    /** Copies the list. */
    public McpListTools {
      tools = tools == null ? List.of() : List.copyOf(tools);
    }

    @Override
    public String type() {
      return "mcp_list_tools";
    }
  }

  /**
   * One tool of an MCP server.
   *
   * @param name the tool name
   * @param description the description; may be null
   * @param inputSchema the JSON schema of its arguments; may be empty
   */
  record McpTool(String name, String description, Map<String, Object> inputSchema) {
    /** Copies the schema. */
    public McpTool {
      inputSchema =
          inputSchema == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    }
  }

  /**
   * An item type this client does not know, kept as raw JSON.
   *
   * @param type the item's {@code type}; may be null
   * @param json the item as JSON text
   */
  record Unknown(String type, String json) implements ResponseItem {}
}
