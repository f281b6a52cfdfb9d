package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.util.DefaultMcpUriTemplateManagerFactory;
import io.modelcontextprotocol.util.McpUriTemplateManager;
import io.modelcontextprotocol.util.McpUriTemplateManagerFactory;
import java.util.List;
import java.util.Map;

/**
 * URI templates as the SDK reads them, except that a template whose one variable ends it, such as
 * {@code lmstudio://models/{key}}, takes the whole rest of the URI, slashes included: model keys
 * and instance ids hold a {@code /} ({@code qwen/qwen3-8b}), and {@code
 * lmstudio://models/qwen/qwen3-8b} should read that model as {@code
 * lmstudio://models/qwen%2Fqwen3-8b} does.
 */
final class TailTemplates implements McpUriTemplateManagerFactory {
  private final McpUriTemplateManagerFactory sdk = new DefaultMcpUriTemplateManagerFactory();

  @Override
  public McpUriTemplateManager create(String uriTemplate) {
    McpUriTemplateManager plain = sdk.create(uriTemplate);
    List<String> names = plain.getVariableNames();
    if (names.size() != 1 || !uriTemplate.endsWith("{" + names.get(0) + "}")) {
      return plain;
    }
    String prefix = uriTemplate.substring(0, uriTemplate.length() - names.get(0).length() - 2);
    return new Tail(plain, prefix, names.get(0));
  }

  /** A template of a literal prefix and one variable for the rest. */
  private record Tail(McpUriTemplateManager plain, String prefix, String name)
      implements McpUriTemplateManager {
    @Override
    public List<String> getVariableNames() {
      return List.of(name);
    }

    @Override
    public Map<String, String> extractVariableValues(String uri) {
      return matches(uri) ? Map.of(name, uri.substring(prefix.length())) : Map.of();
    }

    @Override
    public boolean matches(String uri) {
      return uri != null && uri.length() > prefix.length() && uri.startsWith(prefix);
    }

    @Override
    public boolean isUriTemplate(String uri) {
      return plain.isUriTemplate(uri);
    }
  }
}
