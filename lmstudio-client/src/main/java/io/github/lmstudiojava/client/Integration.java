package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.RemoteServers;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool source the model may use during a native chat: an LM Studio plugin (such as an MCP server
 * from {@code mcp.json}, id {@code mcp/<label>}) or an ephemeral MCP server given by URL.
 *
 * <pre>{@code
 * Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp").allowedTools("model_search")
 * Integration.plugin("mcp/playwright").allowedTools("browser_navigate")
 * }</pre>
 *
 * <p>Plugins from {@code mcp.json} need the server setting "Allow calling servers from mcp.json"
 * and an API token; ephemeral servers need "Allow per-request MCPs".
 */
public sealed interface Integration permits Integration.Plugin, Integration.EphemeralMcp {

  /**
   * A plugin, with all its tools allowed.
   *
   * @param id the plugin id, such as {@code mcp/playwright}
   * @return the integration
   */
  static Plugin plugin(String id) {
    return new Plugin(id, List.of());
  }

  /**
   * An ephemeral MCP server, with all its tools allowed and no extra headers.
   *
   * @param serverLabel a label for the server
   * @param serverUrl the server's URL
   * @return the integration
   */
  static EphemeralMcp ephemeralMcp(String serverLabel, String serverUrl) {
    return new EphemeralMcp(serverLabel, serverUrl, List.of(), Map.of());
  }

  /**
   * An installed plugin.
   *
   * @param id the plugin id
   * @param allowedTools the tools the model may call; empty for all
   */
  record Plugin(String id, List<String> allowedTools) implements Integration {
    /** Checks the id and copies the list. */
    public Plugin {
      Objects.requireNonNull(id, "id == null");
      if (id.isBlank()) {
        throw new IllegalArgumentException("id is blank");
      }
      allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
    }

    /**
     * A copy that allows only the named tools.
     *
     * @param tools the tool names
     * @return the copy
     */
    public Plugin allowedTools(String... tools) {
      return new Plugin(id, Arrays.asList(tools));
    }
  }

  /**
   * An MCP server defined for this request only.
   *
   * @param serverLabel a label for the server
   * @param serverUrl the server's URL
   * @param allowedTools the tools the model may call; empty for all
   * @param headers HTTP headers LM Studio sends to the server, such as an authorization header
   */
  record EphemeralMcp(
      String serverLabel, String serverUrl, List<String> allowedTools, Map<String, String> headers)
      implements Integration {
    /** Checks the label, the URL and the headers, and copies the collections. */
    public EphemeralMcp {
      Objects.requireNonNull(serverLabel, "serverLabel == null");
      Objects.requireNonNull(serverUrl, "serverUrl == null");
      if (serverLabel.isBlank()) {
        throw new IllegalArgumentException("serverLabel is blank");
      }
      RemoteServers.checkUrl("serverUrl", serverUrl);
      allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
      headers =
          headers == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      RemoteServers.checkHeaders(headers);
    }

    /**
     * A copy that allows only the named tools.
     *
     * @param tools the tool names
     * @return the copy
     */
    public EphemeralMcp allowedTools(String... tools) {
      return new EphemeralMcp(serverLabel, serverUrl, Arrays.asList(tools), headers);
    }

    /**
     * A copy that sends these headers to the MCP server, replacing any set before.
     *
     * @param headers the headers
     * @return the copy
     */
    public EphemeralMcp headers(Map<String, String> headers) {
      return new EphemeralMcp(serverLabel, serverUrl, allowedTools, headers);
    }

    /**
     * A copy with one more header sent to the MCP server.
     *
     * @param name the header name
     * @param value its value
     * @return the copy
     */
    public EphemeralMcp header(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(
          Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value"));
      return new EphemeralMcp(serverLabel, serverUrl, allowedTools, copy);
    }

    /** Shows header names only: their values are often secrets. */
    @Override
    public String toString() {
      return "EphemeralMcp[serverLabel="
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
