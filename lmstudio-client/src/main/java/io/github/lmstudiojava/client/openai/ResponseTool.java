package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.internal.RemoteServers;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may use in {@code POST /v1/responses}: a function the caller runs itself, or a
 * remote MCP server LM Studio calls on the model's behalf.
 *
 * <pre>{@code
 * ResponseTool.function("get_weather", "Current weather for a city", """
 *     {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""")
 * ResponseTool.mcp("huggingface", "https://huggingface.co/mcp").allowedTools("model_search")
 * }</pre>
 *
 * <p>Remote MCP is opt-in: enable it in LM Studio (Developer, Settings) first.
 */
public sealed interface ResponseTool permits ResponseTool.Function, ResponseTool.Mcp {

  /**
   * A function tool with a JSON schema for its parameters.
   *
   * @param name the function name
   * @param description what the function does, for the model; may be null
   * @param parameters the JSON schema of the arguments, as maps and lists
   * @return the tool
   */
  static Function function(String name, String description, Map<String, ?> parameters) {
    return new Function(
        name,
        description,
        parameters == null ? null : new LinkedHashMap<String, Object>(parameters),
        null);
  }

  /**
   * A function tool with a JSON schema given as text.
   *
   * @param name the function name
   * @param description what the function does, for the model; may be null
   * @param parametersJson the JSON schema of the arguments
   * @return the tool
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  static Function function(String name, String description, String parametersJson) {
    return new Function(name, description, ResponseJson.parseObject(parametersJson), null);
  }

  /**
   * A remote MCP server, with all its tools allowed and no extra headers.
   *
   * @param serverLabel a label for the server, used in the output items
   * @param serverUrl the server's URL
   * @return the tool
   */
  static Mcp mcp(String serverLabel, String serverUrl) {
    return new Mcp(serverLabel, serverUrl, List.of(), Map.of());
  }

  /**
   * A function tool ({@code "type": "function"}).
   *
   * @param name the function name
   * @param description what the function does; may be null
   * @param parameters the JSON schema of the arguments; may be empty
   * @param strict whether the model must follow the schema exactly; null for the server's default
   */
  record Function(String name, String description, Map<String, Object> parameters, Boolean strict)
      implements ResponseTool {
    /** Checks the name and copies the schema. */
    public Function {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      parameters =
          parameters == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * A copy with the strict setting.
     *
     * @param strict whether the model must follow the schema exactly
     * @return the copy
     */
    public Function strict(Boolean strict) {
      return new Function(name, description, parameters, strict);
    }
  }

  /**
   * A remote MCP server ({@code "type": "mcp"}).
   *
   * @param serverLabel a label for the server
   * @param serverUrl the server's URL
   * @param allowedTools the tools the model may call; empty for all
   * @param headers HTTP headers LM Studio sends to the server, such as an authorization header
   */
  record Mcp(
      String serverLabel, String serverUrl, List<String> allowedTools, Map<String, String> headers)
      implements ResponseTool {
    /** Checks the label, the URL and the headers, and copies the collections. */
    public Mcp {
      Objects.requireNonNull(serverLabel, "serverLabel == null");
      Objects.requireNonNull(serverUrl, "serverUrl == null");
      if (serverLabel.isBlank()) {
        throw new IllegalArgumentException("serverLabel is blank");
      }
      RemoteServers.checkUrl("serverUrl", serverUrl);
      allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
      headers =
          headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      RemoteServers.checkHeaders(headers);
    }

    /**
     * A copy that allows only the named tools.
     *
     * @param tools the tool names
     * @return the copy
     */
    public Mcp allowedTools(String... tools) {
      return new Mcp(serverLabel, serverUrl, Arrays.asList(tools), headers);
    }

    /**
     * A copy that sends these headers to the server.
     *
     * @param headers the headers
     * @return the copy
     */
    public Mcp headers(Map<String, String> headers) {
      return new Mcp(serverLabel, serverUrl, allowedTools, headers);
    }

    /**
     * A copy with one more header sent to the server, as {@link
     * io.github.lmstudiojava.client.Integration.EphemeralMcp#header} does for native chat.
     *
     * @param name the header name
     * @param value its value
     * @return the copy
     */
    public Mcp header(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(
          Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value"));
      return new Mcp(serverLabel, serverUrl, allowedTools, copy);
    }

    /** Hides header values, which often hold a token. */
    @Override
    public String toString() {
      return "Mcp[serverLabel="
          + serverLabel
          + ", serverUrl="
          + serverUrl
          + ", allowedTools="
          + allowedTools
          + ", headers="
          + headers.keySet()
          + "]";
    }
  }
}
