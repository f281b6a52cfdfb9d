package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import java.util.ArrayList;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/** Puts the tools, resources, prompts and completions into an MCP SDK server specification. */
final class ServerAssembly {
  static final String NAME = "lmstudio-java";

  private ServerAssembly() {}

  /**
   * What the server tells clients at {@code initialize} about its tools, naming only the offered
   * ones.
   */
  static String instructions(ToolSelection selection) {
    List<String> parts = new ArrayList<>();
    List<String> models =
        ToolSelection.ALL_TOOLS.stream()
            .filter(t -> t.startsWith("model_") && selection.offers(t))
            .toList();
    if (!models.isEmpty()) {
      boolean manages = models.stream().anyMatch(ToolSelection.CHANGING_TOOLS::contains);
      parts.add(
          String.join("/", models)
              + (manages ? " manage" : " show")
              + (models.size() == 1 ? "s models" : " models"));
    }
    if (selection.offers("ask")) {
      parts.add("ask is one turn (native chat, reasoning, stats)");
    }
    if (selection.offers("chat")) {
      parts.add("chat keeps stored multi-turn sessions");
    }
    if (selection.offers("embed")) {
      parts.add("embed returns vectors");
    }
    return "Drives a local LM Studio: " + String.join("; ", parts) + ".";
  }

  /** Every tool, in the order {@code tools/list} shows them. */
  static List<McpTool> tools() {
    return tools(ToolSelection.ALL);
  }

  /**
   * The tools a selection offers, in the order {@code tools/list} shows them; {@code chat} with the
   * actions it offers.
   */
  static List<McpTool> tools(ToolSelection selection) {
    List<McpTool> tools = new ArrayList<>();
    for (String name : selection.tools()) {
      tools.add(tool(name, selection));
    }
    return tools;
  }

  private static McpTool tool(String name, ToolSelection selection) {
    switch (name) {
      case "model_list":
        return new ModelListTool();
      case "model_load":
        return new ModelLoadTool();
      case "model_unload":
        return new ModelUnloadTool();
      case "model_download":
        return new ModelDownloadTool();
      case "model_download_status":
        return new ModelDownloadStatusTool();
      case "ask":
        return new AskTool();
      case "chat":
        return new ChatTool(selection.chatActions());
      case "embed":
        return new EmbedTool();
      default:
        throw new IllegalArgumentException("no tool " + name);
    }
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
    ToolSelection selection = backend.config().tools();
    // A tool left out is not registered: a call to it gets the SDK's answer to an unknown tool.
    List<SyncToolSpecification> tools =
        tools(selection).stream().map(runner::specification).toList();
    Resources resources = new Resources(backend);
    Prompts prompts = new Prompts(backend, resources);
    spec.jsonMapper(Json.MAPPER);
    spec.jsonSchemaValidator(new ToolSchemas());
    spec.serverInfo(NAME, Version.get());
    spec.instructions(instructions(selection));
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
    spec.prompts(prompts.specifications(selection));
    spec.completions(new Completions(backend).specifications(Prompts.definitions(selection)));
    spec.rootsChangeHandler(backend.imageRoots()::changed);
    return spec;
  }
}
