package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.io.Console;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every example shares: reading its flags, {@code --help}, {@code --demo} (an embedded {@link
 * FakeLmStudio} instead of a real LM Studio), and one clear sentence on stderr instead of a stack
 * trace when something fails, such as no LM Studio running.
 *
 * <p>Flags every example takes: {@code --demo}, {@code --url URL} (overrides {@code LM_STUDIO_URL})
 * and {@code --help}. Anything that does not start with {@code --} is the prompt.
 */
public final class Cli {
  /** The first line an example prints in demo mode. */
  public static final String DEMO_NOTICE =
      "[demo] LM Studio is simulated: answers come from FakeLmStudio, not a model.";

  /** The demo's pause between streamed tokens, so streaming is visible. */
  static final Duration DEMO_TOKEN_DELAY = Duration.ofMillis(30);

  /** The demo's pause before the first token, as prompt processing takes. */
  static final Duration DEMO_FIRST_TOKEN_DELAY = Duration.ofMillis(200);

  private static final String JAR = "java -jar examples/target/lmstudio-examples.jar ";

  private static final int HELP_COLUMNS = 80;

  private static final List<Flag> COMMON_FLAGS =
      List.of(
          new Flag(
              "--demo",
              null,
              "talk to a simulated LM Studio (FakeLmStudio) instead of a real one (default: off)"),
          new Flag(
              "--url",
              "URL",
              "the LM Studio to talk to (default: LM_STUDIO_URL, else http://localhost:1234)"),
          new Flag("--help", null, "show this help and exit"));

  private Cli() {}

  /**
   * A flag an example takes.
   *
   * @param name such as {@code --model}
   * @param value what its value is, such as {@code KEY}; null for a flag without a value
   * @param help what it does and its default
   */
  public record Flag(String name, String value, String help) {}

  /**
   * What an example's command line takes.
   *
   * @param name the example's name, such as {@code quickstart}
   * @param flags its own flags, besides the common ones; each takes a value
   * @param words what the words after the flags are, such as {@code PROMPT}; null when it takes
   *     none
   * @param wordsHelp what they do and their default; null when it takes none
   */
  public record Usage(String name, List<Flag> flags, String words, String wordsHelp) {}

  /** The body of an example: what it does with a connected client. */
  @FunctionalInterface
  public interface Example {
    /**
     * Runs the example.
     *
     * @param lms the client, connected to LM Studio or to the demo's fake
     * @param args the example's flags and prompt
     * @param out where to print
     * @throws Exception whatever the example throws; {@link Cli#run} turns it into an exit code
     */
    void run(LmStudio lms, Args args, PrintStream out) throws Exception;
  }

  /** A failure whose message says all the user needs to know: printed as it is, exit code 1. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message one or two sentences: what is wrong and what to do
     */
    public Failure(String message) {
      super(message);
    }
  }

  /**
   * An example's command line, parsed.
   *
   * @param demo whether {@code --demo} was given
   * @param url the {@code --url} flag, or null
   * @param flags the example's own flags and their values
   * @param words the words that are not flags, in order
   */
  public record Args(boolean demo, String url, Map<String, String> flags, List<String> words) {
    /**
     * A flag's value.
     *
     * @param name the flag, such as {@code --model}
     * @param fallback the value when the flag was not given; may be null
     * @return the value
     */
    public String flag(String name, String fallback) {
      return flags.getOrDefault(name, fallback);
    }

    /**
     * A flag's value as a whole number.
     *
     * @param name the flag
     * @param fallback the value when the flag was not given
     * @return the value
     * @throws IllegalArgumentException when the value is not a number
     */
    public int intFlag(String name, int fallback) {
      String value = flags.get(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes a number, not \"" + value + "\"");
      }
    }

    /**
     * The words that are not flags, joined with spaces: the prompt.
     *
     * @param fallback the text when there are none
     * @return the text
     */
    public String text(String fallback) {
      return words.isEmpty() ? fallback : String.join(" ", words);
    }
  }

  /**
   * Parses the command line, connects (or starts the demo), runs the example and turns failures
   * into one sentence on {@code err} and an exit code.
   *
   * @param argv the command line
   * @param out where the example and {@code --help} print
   * @param err where errors go
   * @param usage what the command line takes
   * @param example the example
   * @return 0 on success, 1 when the example failed (no LM Studio running, no model to use ...), 2
   *     on a bad command line
   */
  public static int run(
      String[] argv, PrintStream out, PrintStream err, Usage usage, Example example) {
    Args args;
    try {
      args = parse(argv, usage);
    } catch (IllegalArgumentException e) {
      return refuse(e, usage, err);
    }
    if (List.of(argv).contains("--help")) {
      help(usage, out);
      return 0;
    }
    FakeLmStudio fake = null;
    LmStudio fromEnv = null;
    LmStudio lms = null;
    try {
      if (args.demo()) {
        out.println(DEMO_NOTICE);
        fake =
            FakeLmStudio.builder()
                .models(demoModels())
                .tokenDelay(DEMO_TOKEN_DELAY)
                .firstTokenDelay(DEMO_FIRST_TOKEN_DELAY)
                .downloadPolls(6)
                .start();
        lms = fake.client();
      } else {
        fromEnv = LmStudio.fromEnv(); // LM_STUDIO_URL, LM_API_TOKEN
        lms = args.url() == null ? fromEnv : fromEnv.newBuilder().baseUrl(args.url()).build();
      }
      example.run(lms, args, out);
      return 0;
    } catch (IllegalArgumentException e) { // a bad flag value, such as a number that is not one
      out.flush();
      return refuse(e, usage, err);
    } catch (Exception e) {
      out.flush();
      err.println(explain(e, lms));
      return 1;
    } finally {
      if (lms != null && lms != fromEnv && fake == null) {
        lms.close();
      }
      if (fromEnv != null) {
        fromEnv.close();
      }
      if (fake != null) {
        fake.close();
      }
    }
  }

  /**
   * Whether the output is a terminal, where {@code \r} redraws a line; a file or a pipe is not.
   *
   * @param out where the example prints
   * @return true when {@code out} is the process's stdout and that is a terminal
   */
  public static boolean isTerminal(PrintStream out) {
    Console console = System.console();
    if (out != System.out || console == null) {
      return false;
    }
    try {
      // Java 22+ gives a Console for pipes too, and says whether it is a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a console is a terminal
    }
  }

  /** One sentence for a failure: what to do when LM Studio is not running, else what happened. */
  static String explain(Throwable e, LmStudio lms) {
    if (e instanceof Failure || e instanceof UncheckedIOException) {
      return e.getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LmStudioConnectionException) {
        LmStudioConnectionException c = (LmStudioConnectionException) t;
        // Only a refused connection means nothing runs there; the others say what happened.
        if (c.reason() != LmStudioConnectionException.Reason.REFUSED) {
          return c.getMessage();
        }
        return notRunning(lms != null ? lms.baseUrl() : c.url());
      }
    }
    if (e instanceof LmStudioException) {
      return "LM Studio error: " + e.getMessage();
    }
    return "Failed: " + e;
  }

  /**
   * The sentence printed when no LM Studio answers at a URL.
   *
   * @param url the URL tried
   * @return the sentence
   */
  public static String notRunning(String url) {
    return "No LM Studio is running at "
        + url
        + ": start its server (`lms server start`, or the toggle in LM Studio's Developer tab),"
        + " set LM_STUDIO_URL to where it runs, or rerun with --demo to try this example"
        + " against a simulated LM Studio.";
  }

  /**
   * The demo's models: the fake's usual catalogue with nothing loaded and a reasoning model first,
   * so the demos show a model being loaded on first use and reasoning apart from the answer.
   */
  static List<FakeModel> demoModels() {
    List<FakeModel> models = new ArrayList<>();
    for (FakeModel model : FakeModel.defaults()) {
      FakeModel unloaded = model.toBuilder().loaded(false).build();
      if (model.key().equals(FakeModel.REASONING)) {
        models.add(0, unloaded);
      } else {
        models.add(unloaded);
      }
    }
    return models;
  }

  static Args parse(String[] argv, Usage usage) {
    boolean demo = false;
    String url = null;
    Map<String, String> values = new LinkedHashMap<>();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--demo") || arg.equals("--help")) {
        demo |= arg.equals("--demo");
      } else if (arg.startsWith("--")) {
        if (!arg.equals("--url") && usage.flags().stream().noneMatch(f -> f.name().equals(arg))) {
          throw new IllegalArgumentException("Unknown flag " + arg + ".");
        }
        if (i + 1 == argv.length) {
          throw new IllegalArgumentException(arg + " needs a value.");
        }
        String value = argv[++i];
        if (arg.equals("--url")) {
          url = value;
        } else {
          values.put(arg, value);
        }
      } else if (usage.words() == null) {
        throw new IllegalArgumentException("Unexpected argument \"" + arg + "\".");
      } else {
        words.add(arg);
      }
    }
    return new Args(demo, url, Map.copyOf(values), List.copyOf(words));
  }

  private static int refuse(IllegalArgumentException e, Usage usage, PrintStream err) {
    err.println(e.getMessage());
    err.println(usageLine(usage) + " (--help explains each flag)");
    return 2;
  }

  private static void help(Usage usage, PrintStream out) {
    out.println(usageLine(usage));
    out.println();
    List<Flag> all = new ArrayList<>(usage.flags());
    if (usage.words() != null) {
      all.add(new Flag(usage.words(), null, usage.wordsHelp()));
    }
    all.addAll(COMMON_FLAGS);
    int width = 0;
    for (Flag flag : all) {
      width = Math.max(width, shown(flag).length());
    }
    for (Flag flag : all) {
      // Wrapped to fit 80 columns, continuation lines under the first.
      StringBuilder line = new StringBuilder(String.format("  %-" + width + "s ", shown(flag)));
      for (String word : flag.help().split(" ")) {
        if (line.length() + 1 + word.length() > HELP_COLUMNS && !line.toString().isBlank()) {
          out.println(line);
          line = new StringBuilder(" ".repeat(width + 3));
        }
        line.append(' ').append(word);
      }
      out.println(line);
    }
  }

  private static String usageLine(Usage usage) {
    StringBuilder line = new StringBuilder("usage: " + JAR + usage.name());
    for (Flag flag : usage.flags()) {
      line.append(" [").append(shown(flag)).append(']');
    }
    if (usage.words() != null) {
      line.append(" [").append(usage.words()).append(']');
    }
    return line.append(" [--demo] [--url URL]").toString();
  }

  private static String shown(Flag flag) {
    return flag.value() == null ? flag.name() : flag.name() + " " + flag.value();
  }
}
