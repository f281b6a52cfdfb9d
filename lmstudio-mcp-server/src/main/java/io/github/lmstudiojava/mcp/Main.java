package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the lmstudio-java MCP server: over stdio by default, or over Streamable HTTP with {@code
 * --transport http}. {@code --help} lists every flag and environment variable.
 *
 * <p>Over stdio, standard output carries JSON-RPC only: {@code System.out} is pointed at standard
 * error before anything else runs, and every log line goes to standard error.
 */
public final class Main {
  /** Exit status for a bad flag or environment variable. */
  static final int BAD_CONFIG = 2;

  private Main() {}

  /**
   * Starts the server; returns when its client disconnects (stdio) or it is stopped (HTTP).
   *
   * @param args the command line; {@code --help} lists the flags
   */
  public static void main(String[] args) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    Function<String, String> env = System::getenv;
    ServerConfig config;
    try {
      config = ServerConfig.parse(args, env);
    } catch (ConfigException e) {
      System.err.println("lmstudio-mcp-server: " + e.getMessage());
      System.exit(BAD_CONFIG);
      return;
    }
    if (config.help()) {
      stdout.print(help());
      stdout.flush();
      return;
    }
    if (config.version()) {
      stdout.println("lmstudio-mcp-server " + Version.get());
      stdout.flush();
      return;
    }
    configureLogging(config.logLevel());
    int status;
    try {
      status = config.isHttp() ? runHttp(config) : runStdio(config);
    } catch (Exception e) {
      ServerLog.LOG.error("the server stopped: {}", e.toString(), e);
      status = 1;
    }
    System.exit(status);
  }

  private static int runStdio(ServerConfig config) throws Exception {
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    CallRegistry registry = new CallRegistry();
    try (Backend backend = new Backend(config);
        ToolRunner runner = new ToolRunner(backend, registry)) {
      StdioTransport transport = new StdioTransport(System.in, out, registry);
      McpSyncServer server =
          ServerAssembly.configure(McpServer.sync(transport), backend, runner).build();
      LocalMethods local = ServerAssembly.local(backend, runner, transport);
      transport.local(local);
      ServerLog.LOG.info(
          "lmstudio-java MCP server {} on stdio, LM Studio at {}, sessions in {}{}",
          Version.get(),
          config.shownLmStudioUrl(),
          config.shownSessions(),
          offered(config));
      try (local) {
        transport.run();
      }
      server.closeGracefully();
    }
    return 0;
  }

  private static int runHttp(ServerConfig config) throws Exception {
    CallRegistry registry = new CallRegistry();
    Backend backend = new Backend(config);
    ToolRunner runner = new ToolRunner(backend, registry);
    HttpTransport http = new HttpTransport(config, registry);
    McpSyncServer server =
        ServerAssembly.configure(McpServer.sync(http.provider()), backend, runner).build();
    LocalMethods local = ServerAssembly.local(backend, runner, http.provider());
    http.provider().local(local);
    http.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    http.close();
                  } catch (Exception e) {
                    ServerLog.LOG.warn("stopping HTTP: {}", e.toString());
                  }
                  local.close();
                  server.close();
                  runner.close();
                  backend.close();
                },
                "lmstudio-mcp-shutdown"));
    ServerLog.LOG.info(
        "lmstudio-java MCP server {} listening on http://{}:{}{}, LM Studio at {}, sessions in {}{}{}",
        Version.get(),
        config.host().contains(":") ? "[" + config.host() + "]" : config.host(),
        http.port(),
        HttpTransport.ENDPOINT,
        config.shownLmStudioUrl(),
        config.shownSessions(),
        config.users() != null
            ? " (bearer tokens of " + config.users() + " required)"
            : config.authToken() == null ? "" : " (bearer token required)",
        offered(config));
    http.join();
    return 0;
  }

  /** What the start-up line says of the tools: nothing when every tool is offered. */
  private static String offered(ServerConfig config) {
    return config.tools().isAll() ? "" : ", offering " + config.tools();
  }

  /**
   * Sends every log line to standard error, at the chosen level; the SDK and Jetty say less. Lines
   * carry no time of day: MCP clients stamp the stderr lines they keep, and formatting dates would
   * cost the start a twentieth of a second.
   */
  static void configureLogging(String level) {
    Map<String, String> settings =
        Map.of(
            "org.slf4j.simpleLogger.logFile", "System.err",
            "org.slf4j.simpleLogger.defaultLogLevel", level,
            "org.slf4j.simpleLogger.showThreadName", "false",
            "org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn",
            "org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    settings.forEach(
        (key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value);
          }
        });
  }

  /** The {@code --help} text, built from the option table. */
  static String help() {
    StringBuilder b =
        new StringBuilder()
            .append("lmstudio-mcp-server ")
            .append(Version.get())
            .append(": an MCP server that drives a local LM Studio.\n\n")
            .append("Usage: java -jar lmstudio-mcp-server.jar [options]\n")
            .append("       lmstudio-mcp [options]   (the launcher script)\n\nOptions:\n");
    for (ServerConfig.Option o : ServerConfig.OPTIONS) {
      String flag = o.value().isEmpty() ? o.flag() : o.flag() + " " + o.value();
      b.append(String.format("  %-28s %s", flag, o.meaning()));
      if (!o.defaultValue().isEmpty()) {
        b.append(" [").append(o.defaultValue()).append(']');
      }
      if (!o.env().isEmpty()) {
        b.append("\n  ").append(" ".repeat(28)).append(" env: ").append(String.join(", ", o.env()));
      }
      b.append('\n');
    }
    b.append(
        "\nDurations: 500ms, 30s, 10m, 1h. Environment variables ending in _MS take milliseconds.\n"
            + "Sizes: 20MiB, 512KiB, or a number of bytes.\n"
            + "Flags win over environment variables. Logs go to standard error.\n");
    return b.toString();
  }
}
