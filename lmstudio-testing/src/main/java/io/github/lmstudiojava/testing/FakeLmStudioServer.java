package io.github.lmstudiojava.testing;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@link FakeLmStudio} as a process, for benchmarks and scripts that need a whole LM Studio
 * stand-in on a port: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.lmstudiojava.testing.FakeLmStudioServer --port 0}.
 *
 * <p>Once listening it prints one line to stdout, {@code FakeLmStudio listening on
 * http://127.0.0.1:PORT}, and serves until it is killed; SIGTERM (or Ctrl-C) closes it cleanly.
 * Flags ({@code --name value} or {@code --name=value}):
 *
 * <ul>
 *   <li>{@code --port N}: the port, 0 for any free one (default 1234)
 *   <li>{@code --host H}: the address to bind (default {@code 127.0.0.1})
 *   <li>{@code --token-delay D}, {@code --first-token-delay D}: pauses before each streamed token
 *       and before the first, such as {@code 5ms}, {@code 250us}, {@code 1s} or {@code 0} (default
 *       0)
 *   <li>{@code --api-token T}: require this token
 *   <li>{@code --models SPEC}: the catalogue instead of {@link FakeModel#defaults()}: model keys
 *       separated by commas, each followed by any of {@code :loaded}, {@code :embedding} and {@code
 *       :vision}, such as {@code ibm/granite-4-micro:loaded,nomic-embed:embedding}; empty for none
 *   <li>{@code --help}: print the usage and exit
 * </ul>
 *
 * <p>A bad flag or value prints what is wrong and the usage to stderr and exits with status 2.
 */
public final class FakeLmStudioServer {
  private static final String USAGE =
      String.join(
          "\n",
          "Usage: FakeLmStudioServer [options]",
          "Serves a deterministic fake LM Studio until killed.",
          "",
          "  --port N                 port to listen on, 0 for any free port (default 1234)",
          "  --host H                 address to bind (default 127.0.0.1)",
          "  --token-delay D          pause before each streamed token after the first,",
          "                           such as 5ms, 250us, 1s or 0 (default 0)",
          "  --first-token-delay D    pause before a stream's first token (default 0)",
          "  --api-token T            require this API token (Bearer or x-api-key)",
          "  --models SPEC            the models on disk instead of the default five: keys",
          "                           separated by commas, each with any of :loaded, :embedding",
          "                           and :vision, such as ibm/granite-4-micro:loaded,",
          "                           text-embedding-nomic-embed-text-v1.5:embedding; empty for none",
          "  --help                   print this help",
          "",
          "Prints \"FakeLmStudio listening on <url>\" to stdout once ready. The chat text",
          "\"count to N\" (N up to 1000000) is answered \"1 2 3 ... N\", one token per number.");

  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ns|us|ms|s|m)?");

  private FakeLmStudioServer() {}

  /** Thrown for a bad command line; the message says what is wrong. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /** The settings read from the command line. */
  record Options(
      String host,
      int port,
      Duration tokenDelay,
      Duration firstTokenDelay,
      String apiToken,
      List<FakeModel> models,
      boolean help) {}

  /**
   * Starts the server and blocks until the process is killed.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = parse(args);
    } catch (UsageException e) {
      System.err.println("FakeLmStudioServer: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    FakeLmStudio fake;
    try {
      fake = start(options);
    } catch (RuntimeException e) {
      System.err.println("FakeLmStudioServer: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fake.close();
                  System.err.println("FakeLmStudio stopped");
                  stopped.countDown();
                },
                "fake-lmstudio-shutdown"));
    PrintStream out = System.out;
    out.println("FakeLmStudio listening on " + url(options.host(), fake));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static FakeLmStudio start(Options options) {
    return FakeLmStudio.builder()
        .listenOn(options.host(), options.port())
        .tokenDelay(options.tokenDelay())
        .firstTokenDelay(options.firstTokenDelay())
        .apiToken(options.apiToken())
        .models(options.models())
        .start();
  }

  /** The URL to print: the bound port on the given host, a wildcard address shown as loopback. */
  static String url(String host, FakeLmStudio fake) {
    int port = URI.create(fake.url()).getPort();
    String shown = host;
    if (shown.equals("0.0.0.0") || shown.equals("::") || shown.equals("[::]")) {
      shown = "127.0.0.1";
    } else if (shown.contains(":") && !shown.startsWith("[")) {
      shown = "[" + shown + "]";
    }
    return "http://" + shown + ":" + port;
  }

  static Options parse(String[] args) throws UsageException {
    String host = "127.0.0.1";
    int port = 1234;
    Duration tokenDelay = Duration.ZERO;
    Duration firstTokenDelay = Duration.ZERO;
    String apiToken = null;
    List<FakeModel> models = FakeModel.defaults();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(known(arg) + " needs a value");
        }
        value = args[++i];
      }
      switch (known(arg)) {
        case "--port":
          port = port(value);
          break;
        case "--host":
          if (value.isBlank()) {
            throw new UsageException("--host is blank");
          }
          host = value;
          break;
        case "--token-delay":
          tokenDelay = duration("--token-delay", value);
          break;
        case "--first-token-delay":
          firstTokenDelay = duration("--first-token-delay", value);
          break;
        case "--api-token":
          if (value.isBlank()) {
            throw new UsageException("--api-token is blank");
          }
          apiToken = value;
          break;
        case "--models":
          models = models(value);
          break;
        default:
          throw new IllegalStateException(arg);
      }
    }
    return new Options(host, port, tokenDelay, firstTokenDelay, apiToken, models, help);
  }

  private static String known(String flag) throws UsageException {
    switch (flag) {
      case "--port":
      case "--host":
      case "--token-delay":
      case "--first-token-delay":
      case "--api-token":
      case "--models":
        return flag;
      default:
        throw new UsageException("unknown option: " + flag);
    }
  }

  private static int port(String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the accepted range.
    }
    throw new UsageException("--port must be a number from 0 to 65535, not \"" + value + "\"");
  }

  /** Reads {@code key[:loaded][:embedding][:vision],...}; an empty text is no model at all. */
  static List<FakeModel> models(String spec) throws UsageException {
    List<FakeModel> models = new ArrayList<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      List<String> parts = List.of(entry.strip().split(":"));
      String key = parts.get(0);
      List<String> traits = parts.subList(1, parts.size());
      for (String trait : traits) {
        if (!List.of("loaded", "embedding", "vision").contains(trait)) {
          throw new UsageException(
              "--models takes :loaded, :embedding or :vision after a key, not \":" + trait + "\"");
        }
      }
      if (key.isBlank()) {
        throw new UsageException("--models has an entry without a model key: \"" + entry + "\"");
      }
      FakeModel.Builder model =
          traits.contains("embedding")
              ? FakeModel.embedding(key)
              : FakeModel.llm(key).vision(traits.contains("vision"));
      models.add(model.loaded(traits.contains("loaded")).build());
    }
    return models;
  }

  /** Reads {@code 0}, {@code 5ms}, {@code 250us}, {@code 1500ns}, {@code 2s} or {@code 1m}. */
  static Duration duration(String flag, String value) throws UsageException {
    Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 12 || (m.group(2) == null && !isZero(m.group(1)))) {
      throw new UsageException(
          flag + " must be a duration such as 5ms, 250us, 1s or 0, not \"" + value + "\"");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    switch (unit) {
      case "ns":
        return Duration.ofNanos(amount);
      case "us":
        return Duration.ofNanos(amount * 1_000);
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      default:
        return Duration.ofMinutes(amount);
    }
  }

  private static boolean isZero(String digits) {
    return digits.chars().allMatch(c -> c == '0');
  }
}
