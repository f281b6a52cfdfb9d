package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** The runnable jar the build made, and ways to start it. */
final class ServerJar {
  private ServerJar() {}

  static Path path() {
    String jar = System.getProperty("server.jar");
    if (jar == null) {
      throw new IllegalStateException("server.jar is not set: run these tests with mvn verify");
    }
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " is missing: run mvn package first");
    }
    return path;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line that starts the jar with these arguments. */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.add("-Xlog:disable");
    command.add("-Xlog:all=warning:stderr");
    command.add("-jar");
    command.add(path().toString());
    command.addAll(args);
    return command;
  }

  /** An MCP client of the jar over a real stdio pipe, initialized. */
  static McpSyncClient stdioClient(
      Map<String, String> env,
      List<String> args,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs) {
    return stdioClient(env, args, null, progress, logs);
  }

  /**
   * An MCP client of the jar over a real stdio pipe, initialized; it declares these roots, or no
   * roots capability when they are null.
   */
  static McpSyncClient stdioClient(
      Map<String, String> env,
      List<String> args,
      List<McpSchema.Root> roots,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs) {
    return stdioClient(env, args, roots, progress, logs, spec -> {});
  }

  /** As above, with more of the client set by {@code more} (its consumers of notifications). */
  static McpSyncClient stdioClient(
      Map<String, String> env,
      List<String> args,
      List<McpSchema.Root> roots,
      Consumer<McpSchema.ProgressNotification> progress,
      Consumer<McpSchema.LoggingMessageNotification> logs,
      Consumer<McpClient.SyncSpec> more) {
    List<String> command = command(args);
    ServerParameters params =
        ServerParameters.builder(command.get(0))
            .args(command.subList(1, command.size()))
            .env(env)
            .build();
    McpClient.SyncSpec spec =
        McpClient.sync(new SerialStdioClientTransport(params))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(30))
            .progressConsumer(progress)
            .loggingConsumer(logs);
    if (roots != null) {
      spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build()).roots(roots);
    }
    more.accept(spec);
    McpSyncClient client = spec.build();
    client.initialize();
    return client;
  }

  /**
   * The SDK's stdio client transport with its sends made one at a time. Its {@code sendMessage}
   * hands each message to a Reactor sink that refuses a second thread emitting at the same moment
   * ("Failed to enqueue message"), and the SDK's client sends from two threads when, say, a {@code
   * list_changed} notification makes it list the resources again while a test sends its next
   * request (modelcontextprotocol/java-sdk#304 and #875). The emission happens within the call, so
   * a lock around it is enough.
   */
  private static final class SerialStdioClientTransport extends StdioClientTransport {
    SerialStdioClientTransport(ServerParameters params) {
      super(params, Json.MAPPER);
    }

    @Override
    public synchronized Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return super.sendMessage(message);
    }
  }
}
