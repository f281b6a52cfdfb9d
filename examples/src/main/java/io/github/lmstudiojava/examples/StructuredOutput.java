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
  private StructuredOutput() {}

  /** What the model must answer with. */
  record Book(String title, String author, int year, List<String> themes) {}

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
        args,
        out,
        "structured-output [--model KEY] [PROMPT]",
        List.of("--model"),
        StructuredOutput::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String prompt = args.text("Recommend one classic science-fiction novel.");
    out.println("> " + prompt);

    Book book = lms.openai().structured(args.flag("--model", "qwen/qwen3-4b"), prompt, Book.class);

    out.println("title:  " + book.title());
    out.println("author: " + book.author());
    out.println("year:   " + book.year());
    out.println("themes: " + String.join(", ", book.themes()));
  }
}
