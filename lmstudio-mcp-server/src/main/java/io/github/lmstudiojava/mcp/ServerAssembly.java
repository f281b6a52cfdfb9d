package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** Puts the tools, resources, prompts and completions into an MCP SDK server specification. */
final class ServerAssembly {
  static final String NAME = "lmstudio-java";

  static final String INSTRUCTIONS =
      "Drives a local LM Studio: model_list/model_load/model_unload/model_download"
          + "/model_download_status manage models; ask is one turn (native chat, reasoning, stats);"
          + " chat keeps stored multi-turn sessions; embed returns vectors.";

  private ServerAssembly() {}

  /** Every tool, in the order {@code tools/list} shows them. */
  static List<McpTool> tools() {
    return List.of(
        new ModelListTool(),
        new ModelLoadTool(),
        new ModelUnloadTool(),
        new ModelDownloadTool(),
        new ModelDownloadStatusTool(),
        new AskTool(),
        new ChatTool(),
        new EmbedTool());
  }

  /**
   * Configures a server specification with our JSON mapper, schema validator, tools, resources,
   * prompts and completions.
   */
  static <S extends McpServer.SyncSpecification<S>> S configure(
      S spec, Backend backend, ToolRunner runner) {
    List<SyncToolSpecification> tools = tools().stream().map(runner::specification).toList();
    Resources resources = new Resources(backend);
    Prompts prompts = new Prompts(backend, resources);
    spec.jsonMapper(Json.MAPPER);
    spec.jsonSchemaValidator(new ToolSchemas());
    spec.serverInfo(NAME, Version.get());
    spec.instructions(INSTRUCTIONS);
    spec.capabilities(
        McpSchema.ServerCapabilities.builder()
            .tools(false)
            .resources(false, false)
            .logging()
            .prompts(false)
            .completions()
            .build());
    spec.tools(tools);
    spec.resources(resources.resources());
    spec.resourceTemplates(resources.templates());
    spec.uriTemplateManagerFactory(new TailTemplates());
    spec.prompts(prompts.specifications());
    spec.completions(new Completions(backend).specifications(Prompts.definitions()));
    spec.rootsChangeHandler(backend.imageRoots()::changed);
    return spec;
  }
}
