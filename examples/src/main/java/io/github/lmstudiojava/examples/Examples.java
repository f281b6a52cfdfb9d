package io.github.lmstudiojava.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The runnable jar's main: runs the example named by the first argument, or lists them.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar                      # the list
 * java -jar examples/target/lmstudio-examples.jar quickstart --demo    # one example
 * </pre>
 */
public final class Examples {
  /** Runs one example. */
  @FunctionalInterface
  public interface Runner {
    /**
     * Runs the example.
     *
     * @param args its arguments
     * @param out where it prints
     * @param err where its errors go
     * @return its exit code
     */
    int run(String[] args, PrintStream out, PrintStream err);
  }

  /**
   * One example.
   *
   * @param name its name on the command line
   * @param summary what it shows
   * @param runner runs it
   */
  public record Entry(String name, String summary, Runner runner) {}

  /** Every example, in the order listed. */
  public static final List<Entry> ALL =
      List.of(
          new Entry("quickstart", "list models, chat once, print text and stats", Quickstart::run),
          new Entry(
              "streaming",
              "stream tokens, reasoning and progress; Ctrl+C cancels",
              StreamingChat::run),
          new Entry(
              "model-lifecycle",
              "download with a progress bar, load with a context length, unload",
              ModelLifecycle::run),
          new Entry(
              "mcp",
              "MCP tools called by LM Studio: ephemeral server and mcp.json plugin",
              McpIntegrations::run),
          new Entry(
              "persistent-chat",
              "a conversation in SQLite that continues on the next run",
              PersistentChat::run),
          new Entry("embeddings", "semantic search by cosine similarity", SemanticSearch::run),
          new Entry(
              "tool-calling",
              "Java methods as tools, run by the client-side loop",
              ToolCalling::run),
          new Entry("structured-output", "a reply parsed into a record", StructuredOutput::run),
          new Entry(
              "langchain4j",
              "a LangChain4j ChatModel, and an AI service with a tool and a memory",
              LangChain4jExample::run),
          new Entry(
              "spring-boot",
              "the starter's LmStudio bean, health indicator and metrics",
              SpringBootExample::run));

  private Examples() {}

  /**
   * Runs an example, or lists them when given none or {@code --help}.
   *
   * @param args the example's name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs an example, or lists them.
   *
   * @param args the example's name, then its arguments
   * @param out where to print
   * @param err where errors go
   * @return the example's exit code; 0 after the list, 2 for an unknown example
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      list(out);
      return 0;
    }
    for (Entry entry : ALL) {
      if (entry.name().equals(args[0])) {
        return entry.runner().run(Arrays.copyOfRange(args, 1, args.length), out, err);
      }
    }
    err.println("Unknown example \"" + args[0] + "\".");
    list(err);
    return 2;
  }

  private static void list(PrintStream out) {
    out.println("usage: java -jar examples/target/lmstudio-examples.jar EXAMPLE [--demo] [...]");
    out.println();
    out.println("Examples (each talks to LM Studio at LM_STUDIO_URL, default");
    out.println("http://localhost:1234; --demo runs it against a simulated LM Studio):");
    for (Entry entry : ALL) {
      out.printf("  %-18s %s%n", entry.name(), entry.summary());
    }
    out.println();
    out.println("EXAMPLE --help describes an example's flags and their defaults.");
  }
}
