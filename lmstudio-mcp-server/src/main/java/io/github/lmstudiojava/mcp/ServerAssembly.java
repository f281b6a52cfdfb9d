package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import java.util.List;
import reactor.core.scheduler.Schedulers;

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
   * The requests a transport answers or checks itself ({@link LocalMethods}), with the watch that
   * tells subscribed clients of changed resources through this transport, started: it checks after
   * every tool call as well as every {@code --watch-interval}.
   */
  static LocalMethods local(
      Backend backend, ToolRunner runner, McpServerTransportProviderBase transport) {
    Subscriptions subscriptions = new Subscriptions();
    ResourceWatch watch =
        new ResourceWatch(
            backend,
            subscriptions,
            (sessionId, method, params) ->
                transport
                    .notifyClient(sessionId, method, params)
                    // Off the watch's thread: a client that does not read holds up only this send.
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(
                        null, e -> ServerLog.LOG.debug("notification not sent: {}", e.toString())),
            backend.config().watchInterval());
    runner.afterEachCall(watch::poke);
    watch.start();
    return new LocalMethods(backend, subscriptions, watch);
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
            .resources(true, true)
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
