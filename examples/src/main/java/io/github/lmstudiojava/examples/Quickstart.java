package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import java.io.PrintStream;
import java.util.List;

/**
 * Lists the models LM Studio has, asks one of them one question, and prints the answer with its
 * stats.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar quickstart [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class Quickstart {
  private Quickstart() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and prompt
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and prompt
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    return Cli.run(
        args, out, "quickstart [--model KEY] [PROMPT]", List.of("--model"), Quickstart::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    List<Model> models = lms.models().list();
    out.println("Models on " + lms.baseUrl() + ":");
    for (Model model : models) {
      String loaded = model.isLoaded() ? "  (loaded)" : "";
      out.printf("  %-40s %s%s%n", model.key(), model.type(), loaded);
    }

    String modelKey = args.flag("--model", "qwen/qwen3-4b");
    String prompt = args.text("Why is the sky blue? Answer in one sentence.");
    out.println();
    out.println("> " + prompt);
    ChatResult result = lms.chat(modelKey, prompt); // loads the model first if it is not loaded
    out.println(result.text());

    ChatStats stats = result.stats();
    out.println();
    out.printf(
        "%s: %d input tokens, %d output tokens, %.1f tokens/s, first token after %.2f s%n",
        modelKey,
        stats.inputTokens(),
        stats.totalOutputTokens(),
        stats.tokensPerSecond(),
        stats.timeToFirstTokenSeconds());
  }
}
