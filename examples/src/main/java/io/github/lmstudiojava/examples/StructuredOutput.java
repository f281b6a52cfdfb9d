package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import java.io.PrintStream;
import java.util.List;

/**
 * Structured output: the model's reply constrained to a JSON schema derived from a record, and read
 * back into that record.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar structured-output [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class StructuredOutput {
  static final String PROMPT = "Recommend one classic science-fiction novel.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "structured-output",
          List.of(new Cli.Flag("--model", "KEY", ModelChoice.Kind.LLM.flagHelp())),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private StructuredOutput() {}

  /** What the model must answer with. */
  record Book(String title, String author, int year, List<String> themes) {}

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
    return Cli.run(args, out, err, USAGE, StructuredOutput::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
    String prompt = args.text(PROMPT);
    out.println("> " + prompt);

    Book book = lms.openai().structured(model, prompt, Book.class);

    out.println("title:  " + book.title());
    out.println("author: " + book.author());
    out.println("year:   " + book.year());
    out.println("themes: " + String.join(", ", book.themes()));
  }
}
