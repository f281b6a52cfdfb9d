package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * Which integration provided a tool that the model called.
 *
 * @param type {@code "plugin"} or {@code "ephemeral_mcp"} (other values may appear in later LM
 *     Studio versions)
 * @param pluginId the plugin id, such as {@code mcp/playwright}, when {@code type} is {@code
 *     plugin}; otherwise null
 * @param serverLabel the MCP server label when {@code type} is {@code ephemeral_mcp}; otherwise
 *     null
 */
public record ProviderInfo(
    String type,
    @Json(name = "plugin_id") String pluginId,
    @Json(name = "server_label") String serverLabel) {

  /**
   * A readable name for the provider: the plugin id or the server label.
   *
   * @return the plugin id, else the server label, else the type
   */
  public String name() {
    if (pluginId != null) {
      return pluginId;
    }
    return serverLabel != null ? serverLabel : type;
  }
}
