package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.FunctionTool;
import io.github.lmstudiojava.client.openai.ToolLoopResult;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Java methods as tools the model can call: the client-side tool loop sends the tools, runs each
 * call the model makes, answers it with the result, and repeats until the model answers.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar tool-calling [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class ToolCalling {
  static final String PROMPT = "Should I take an umbrella in Paris tomorrow? Check the forecast.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "tool-calling",
          List.of(new Cli.Flag("--model", "KEY", ModelChoice.Kind.LLM.flagHelp())),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private ToolCalling() {}

  /** The forecast tool's arguments; the JSON schema the model sees is derived from it. */
  record ForecastQuery(String city) {}

  /** The forecast tool's result, sent to the model as JSON. */
  record Forecast(String city, String sky, int highCelsius, int rainChancePercent) {}

  /** The date tool's arguments: none. */
  record NoArguments() {}

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
    return Cli.run(args, out, err, USAGE, ToolCalling::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    FunctionTool forecast =
        FunctionTool.of(
            "get_forecast",
            "Tomorrow's weather forecast for a city",
            ForecastQuery.class,
            query -> new Forecast(query.city(), "light rain", 14, 80));
    FunctionTool today =
        FunctionTool.of(
            "get_date", "Today's date", NoArguments.class, none -> LocalDate.now().toString());

    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
    String prompt = args.text(PROMPT);
    out.println("> " + prompt);
    ToolLoopResult result =
        lms.openai()
            .toolLoop(model)
            .tools(forecast, today)
            .maxRounds(4)
            .onToolCall(
                call ->
                    out.println(
                        "[tool call] "
                            + call.name()
                            + " "
                            + call.arguments()
                            + " -> "
                            + call.content()))
            .build()
            .run(prompt);

    out.println(result.text());
    out.println(
        "(requests: " + result.rounds() + ", tool calls: " + result.invocations().size() + ")");
  }
}
