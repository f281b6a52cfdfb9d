package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.Integration;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.OutputItem;
import java.io.PrintStream;
import java.util.List;

/**
 * Lets LM Studio call MCP tools for the model: a remote MCP server given with the request ({@code
 * ephemeral_mcp}) and a server from LM Studio's {@code mcp.json} (a plugin), each limited to the
 * tools it may use. Prints every tool call LM Studio made, with its arguments and output, then the
 * answer.
 *
 * <p>LM Studio must allow it: Developer &gt; Server Settings &gt; "Allow per-request MCPs" for the
 * remote server, "Allow calling servers from mcp.json" for the plugin (and {@code mcp/playwright}
 * set up in {@code mcp.json}, or another plugin given with {@code --plugin}).
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar mcp [--model KEY] [--plugin ID] [PROMPT] [--demo]
 * </pre>
 */
public final class McpIntegrations {
  static final String PROMPT = "Which model is trending on Hugging Face? Then open its page.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "mcp",
          List.of(
              new Cli.Flag("--model", "KEY", ModelChoice.Kind.LLM.flagHelp()),
              new Cli.Flag(
                  "--plugin",
                  "ID",
                  "the MCP server from LM Studio's mcp.json to allow (default: mcp/playwright)")),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private McpIntegrations() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and prompt
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and prompt
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, McpIntegrations::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
    ChatRequest request =
        ChatRequest.builder(model)
            .input(args.text(PROMPT))
            .integrations(
                // A remote MCP server, for this request only; only its model_search tool.
                Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                    .allowedTools("model_search"),
                // A server configured in LM Studio's mcp.json; only its browser_navigate tool.
                Integration.plugin(args.flag("--plugin", "mcp/playwright"))
                    .allowedTools("browser_navigate"))
            .contextLength(8000) // tool definitions and outputs need room
            .build();

    ChatResult result = lms.chat(request);

    for (OutputItem.ToolCall call : result.toolCalls()) {
      String provider = call.providerInfo() == null ? "?" : call.providerInfo().name();
      out.println("[tool call] " + provider + " / " + call.tool() + " " + call.arguments());
      out.println("[output]    " + call.output());
    }
    for (OutputItem.InvalidToolCall invalid : result.invalidToolCalls()) {
      out.println("[invalid tool call] " + invalid.reason());
    }
    out.println(result.text());
  }
}
