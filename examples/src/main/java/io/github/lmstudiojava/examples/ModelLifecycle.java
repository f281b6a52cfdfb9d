package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.DownloadJob;
import io.github.lmstudiojava.client.DownloadStatus;
import io.github.lmstudiojava.client.InstanceConfig;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A model's whole life: download it with a progress bar (bytes, speed, time left), load it with a
 * chosen context length, show the configuration it was loaded with, and unload it.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar model-lifecycle [--model KEY]
 *     [--context-length TOKENS] [--demo]
 * </pre>
 */
public final class ModelLifecycle {
  static final String MODEL = "google/gemma-3-1b";

  static final int CONTEXT_LENGTH = 8192;

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "model-lifecycle",
          List.of(
              new Cli.Flag(
                  "--model",
                  "KEY",
                  "the model to download, load and unload: a catalogue id or a Hugging Face URL"
                      + " (default: "
                      + MODEL
                      + ")"),
              new Cli.Flag(
                  "--context-length",
                  "TOKENS",
                  "the context length to load it with (default: " + CONTEXT_LENGTH + ")")),
          null,
          null);

  private static final int BAR_WIDTH = 30;

  private ModelLifecycle() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, ModelLifecycle::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String model = args.flag("--model", MODEL); // a catalogue id or a Hugging Face URL
    int contextLength = args.intFlag("--context-length", CONTEXT_LENGTH);

    out.println("Downloading " + model + " ...");
    DownloadJob job = lms.models().download(model);
    Duration poll = args.demo() ? Duration.ofMillis(100) : Duration.ofSeconds(1);
    boolean redraw = Cli.isTerminal(out);
    DownloadStatus done = job.await(status -> progress(status, redraw, out), poll, Duration.ZERO);
    if (redraw) {
      out.println();
    }
    if (done.state() == DownloadStatus.State.ALREADY_DOWNLOADED) {
      out.println(model + " was already downloaded.");
    } else {
      out.println("Downloaded " + model + " (" + bytes(done.totalSizeBytes()) + ").");
    }

    LoadResult loaded =
        lms.models()
            .load(
                LoadRequest.builder(model)
                    .contextLength(contextLength)
                    .echoLoadConfig(true) // LM Studio answers with the configuration it applied
                    .build());
    out.printf(
        "Loaded %s as instance %s in %.2f s%n",
        model, loaded.instanceId(), loaded.loadTimeSeconds());
    InstanceConfig config = loaded.loadConfig();
    out.println("  context length:   " + config.contextLength());
    out.println("  eval batch size:  " + config.evalBatchSize());
    out.println("  flash attention:  " + config.flashAttention());
    out.println("  KV cache on GPU:  " + config.offloadKvCacheToGpu());

    String unloaded = lms.models().unload(loaded.instanceId());
    out.println("Unloaded " + unloaded + ".");
  }

  /**
   * Shows a download's progress: on a terminal one bar redrawn in place ({@code \r}, padded to wipe
   * what a longer bar left behind), elsewhere (a file, a pipe) one line per poll.
   */
  static void progress(DownloadStatus status, boolean redraw, PrintStream out) {
    if (redraw) {
      out.printf("\r%-78s", bar(status));
      out.flush();
    } else {
      out.println(bar(status));
    }
  }

  /** A progress bar such as {@code [#######.......] 25% 1.2 GB / 4.8 GB 50.0 MB/s ETA 1:12}. */
  static String bar(DownloadStatus status) {
    Double fraction = status.fraction();
    double f = fraction == null ? 0 : fraction;
    int filled = (int) Math.round(f * BAR_WIDTH);
    StringBuilder bar = new StringBuilder("[");
    bar.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
    bar.append(String.format(Locale.ROOT, "%3.0f%%", 100 * f));
    bar.append("  ").append(bytes(status.downloadedBytes()));
    bar.append(" / ").append(bytes(status.totalSizeBytes()));
    Double speed = status.bytesPerSecond();
    if (speed != null && speed > 0 && !status.isFinished()) {
      bar.append("  ").append(bytes(speed.longValue())).append("/s");
    }
    if (speed != null && speed > 0 && !status.isFinished() && fraction != null) {
      long left = status.totalSizeBytes() - status.downloadedBytes();
      long seconds = (long) Math.ceil(left / speed);
      bar.append(String.format(Locale.ROOT, "  ETA %d:%02d", seconds / 60, seconds % 60));
    }
    return bar.toString();
  }

  /** Bytes in B, KB, MB or GB (powers of 1024), one decimal. */
  static String bytes(Long bytes) {
    if (bytes == null) {
      return "?";
    }
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
