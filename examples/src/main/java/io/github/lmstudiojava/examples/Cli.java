package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every example shares: reading its flags, {@code --demo} (an embedded {@link FakeLmStudio}
 * instead of a real LM Studio), and one clear sentence instead of a stack trace when no LM Studio
 * is running.
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

  private static final List<String> COMMON_FLAGS = List.of("--demo", "--url", "--help");

  private Cli() {}

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
     * @param fallback the value when the flag was not given
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
   * into one sentence and an exit code.
   *
   * @param argv the command line
   * @param out where to print, everything included
   * @param usage the example's name and flags, such as {@code quickstart [--model KEY] [PROMPT]}
   * @param flags the flags the example takes besides the common ones; each takes a value
   * @param example the example
   * @return 0 on success, 1 when the example failed (no LM Studio running included), 2 on a bad
   *     command line
   */
  public static int run(
      String[] argv, PrintStream out, String usage, List<String> flags, Example example) {
    Args args;
    boolean help;
    try {
      help = List.of(argv).contains("--help");
      args = parse(argv, flags);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(usageLine(usage));
      return 2;
    }
    if (help) {
      out.println(usageLine(usage));
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
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(usageLine(usage));
      return 2;
    } catch (Exception e) {
      out.println();
      out.println(explain(e, lms));
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

  /** One sentence for a failure: what to do when LM Studio is not running, else its message. */
  static String explain(Throwable e, LmStudio lms) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LmStudioConnectionException) {
        String url = lms != null ? lms.baseUrl() : ((LmStudioConnectionException) t).url();
        return notRunning(url);
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

  static Args parse(String[] argv, List<String> flags) {
    boolean demo = false;
    String url = null;
    Map<String, String> values = new LinkedHashMap<>();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--demo") || arg.equals("--help")) {
        demo |= arg.equals("--demo");
      } else if (arg.startsWith("--")) {
        if (!flags.contains(arg) && !COMMON_FLAGS.contains(arg)) {
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
      } else {
        words.add(arg);
      }
    }
    return new Args(demo, url, Map.copyOf(values), List.copyOf(words));
  }

  private static String usageLine(String usage) {
    return "usage: java -jar examples/target/lmstudio-examples.jar "
        + usage
        + " [--demo] [--url URL]";
  }
}
