package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.ChatCall;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudio;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streams one answer: model-load and prompt-processing progress, the reasoning apart from the
 * answer, each token as it arrives, and the stats at the end. Ctrl+C cancels the request cleanly:
 * LM Studio stops generating at once.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar streaming [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class StreamingChat {
  static final String PROMPT = "Write a haiku about the sunrise.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "streaming",
          List.of(new Cli.Flag("--model", "KEY", ModelChoice.Kind.LLM.flagHelp())),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private StreamingChat() {}

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
    return Cli.run(args, out, err, USAGE, StreamingChat::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) throws InterruptedException {
    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
    ChatRequest request = ChatRequest.builder(model).input(args.text(PROMPT)).build();

    // Events arrive on a background thread; this thread waits for the result.
    ChatCall call = lms.streamChat(request, event -> print(event, out));

    // Ctrl+C: cancel the HTTP call (LM Studio stops generating) and let main print its last line.
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              call.cancel();
              try {
                finished.await(2, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      ChatResult result = call.join();
      ChatStats stats = result.stats();
      out.printf(
          "%n%n[stats] %d input tokens, %d output tokens (%d reasoning), %.1f tokens/s,"
              + " first token after %.2f s%n",
          stats.inputTokens(),
          stats.totalOutputTokens(),
          stats.reasoningOutputTokens(),
          stats.tokensPerSecond(),
          stats.timeToFirstTokenSeconds());
    } catch (CancellationException e) {
      out.println();
      out.println("[cancelled] the request was cancelled; LM Studio stopped generating.");
    } finally {
      finished.countDown();
      removeHook(onCtrlC);
    }
  }

  /** Prints one event: progress on its own lines, reasoning and answer text as it arrives. */
  static void print(ChatEvent event, PrintStream out) {
    if (event instanceof ChatEvent.ModelLoadProgress) {
      out.printf(
          "[loading model] %3.0f%%%n", 100 * ((ChatEvent.ModelLoadProgress) event).progress());
    } else if (event instanceof ChatEvent.ModelLoadEnd) {
      out.printf("[model loaded in %.2f s]%n", ((ChatEvent.ModelLoadEnd) event).loadTimeSeconds());
    } else if (event instanceof ChatEvent.PromptProcessingProgress) {
      double progress = ((ChatEvent.PromptProcessingProgress) event).progress();
      out.printf("[processing prompt] %3.0f%%%n", 100 * progress);
    } else if (event instanceof ChatEvent.ReasoningStart) {
      out.print("[reasoning] ");
    } else if (event instanceof ChatEvent.ReasoningDelta) {
      out.print(((ChatEvent.ReasoningDelta) event).content());
    } else if (event instanceof ChatEvent.ReasoningEnd) {
      out.println();
    } else if (event instanceof ChatEvent.MessageStart) {
      out.print("[answer] ");
    } else if (event instanceof ChatEvent.MessageDelta) {
      out.print(((ChatEvent.MessageDelta) event).content());
    }
    out.flush();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl+C): the hook is running, nothing to remove.
    }
  }
}
