package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.InputItem;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Lists the models LM Studio has, asks one of them one question (with an image, if given), and
 * prints the answer with its stats.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar quickstart [--model KEY] [--image PATH] [PROMPT]
 *     [--demo]
 * </pre>
 */
public final class Quickstart {
  static final String PROMPT = "Why is the sky blue? Answer in one sentence.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "quickstart",
          List.of(
              new Cli.Flag(
                  "--model",
                  "KEY",
                  "the model to ask (default: a loaded LLM, else the first one downloaded, which"
                      + " LM Studio loads on first use; with --image, the same among vision"
                      + " models)"),
              new Cli.Flag(
                  "--image",
                  "PATH",
                  "a PNG, JPEG, GIF, WebP or BMP image to send with the prompt (default: none)")),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private Quickstart() {}

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
    return Cli.run(args, out, err, USAGE, Quickstart::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    List<Model> models = lms.models().list();
    out.println("Models on " + lms.baseUrl() + ":");
    for (Model model : models) {
      String loaded = model.isLoaded() ? "  (loaded)" : "";
      out.printf("  %-40s %s%s%n", model.key(), model.type(), loaded);
    }
    out.println();

    String image = args.flag("--image", null);
    ModelChoice.Kind kind = image == null ? ModelChoice.Kind.LLM : ModelChoice.Kind.VISION;
    String modelKey = ModelChoice.choose(models, args, kind, out);
    String prompt = args.text(PROMPT);
    out.println("> " + prompt);
    ChatRequest.Builder request = ChatRequest.builder(modelKey);
    if (image == null) {
      request.input(prompt);
    } else {
      request.input(InputItem.text(prompt), InputItem.image(Path.of(image)));
    }
    ChatResult result = lms.chat(request.build()); // loads the model first if it is not loaded
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
