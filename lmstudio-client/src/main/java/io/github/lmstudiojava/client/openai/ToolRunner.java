package io.github.lmstudiojava.client.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs the tool calls of one reply: each call checked, run and turned into a {@link
 * ToolInvocation}, in order on the calling thread or all at once on an executor.
 */
final class ToolRunner {
  private final Map<String, FunctionTool> tools = new LinkedHashMap<>();
  private final Executor executor;

  ToolRunner(List<FunctionTool> tools, Executor executor) {
    for (FunctionTool tool : tools) {
      if (this.tools.put(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    this.executor = executor;
  }

  /**
   * Runs the calls and hands each invocation to {@code done} in call order, on the calling thread:
   * with an executor, once that call and those before it have finished.
   */
  List<ToolInvocation> run(int round, List<ChatToolCall> calls, Consumer<ToolInvocation> done) {
    List<ToolInvocation> invocations = new ArrayList<>(calls.size());
    if (executor == null) {
      for (ChatToolCall call : calls) {
        ToolInvocation invocation = runOne(round, call);
        invocations.add(invocation);
        done.accept(invocation);
      }
      return invocations;
    }
    List<CompletableFuture<ToolInvocation>> running = new ArrayList<>(calls.size());
    try {
      for (ChatToolCall call : calls) {
        running.add(CompletableFuture.supplyAsync(() -> runOne(round, call), executor));
      }
    } catch (RuntimeException rejected) {
      // The executor refused a call: wait for those already started so none runs on unobserved.
      awaitQuietly(running);
      throw rejected;
    }
    for (int i = 0; i < running.size(); i++) {
      ToolInvocation invocation;
      try {
        invocation = running.get(i).join();
        invocations.add(invocation);
        done.accept(invocation);
      } catch (RuntimeException | Error e) {
        // A failing callback (or an Error in a handler) ends the loop; the calls already running
        // finish before it is thrown, so none goes on unobserved.
        awaitQuietly(running.subList(i + 1, running.size()));
        if (e instanceof CompletionException && e.getCause() instanceof Error) {
          throw (Error) e.getCause();
        }
        throw e;
      }
    }
    return invocations;
  }

  private static void awaitQuietly(List<CompletableFuture<ToolInvocation>> futures) {
    for (CompletableFuture<ToolInvocation> future : futures) {
      try {
        future.join();
      } catch (RuntimeException | Error ignored) {
        // Only waiting here; the first failure is the one reported.
      }
    }
  }

  private ToolInvocation runOne(int round, ChatToolCall call) {
    long start = System.nanoTime();
    String raw = call.arguments();
    Map<String, Object> args = null;
    String error = null;
    try {
      args = ToolJson.arguments(raw);
    } catch (ToolJson.BadArguments e) {
      error = "invalid arguments for " + call.name() + ": " + e.getMessage();
    }
    FunctionTool tool = tools.get(call.name());
    String result = null;
    if (tool == null) {
      error =
          "unknown tool \""
              + call.name()
              + "\"; the tools are: "
              + String.join(", ", tools.keySet());
    } else if (error == null) {
      Object value = null;
      try {
        value = tool.invoke(raw, args);
      } catch (ToolJson.BadArguments e) {
        error = "invalid arguments for " + call.name() + ": " + e.getMessage();
      } catch (RuntimeException e) {
        // The model should hear why its call failed, and the loop must go on.
        error = call.name() + " failed: " + describe(e);
      }
      if (error == null) {
        try {
          result = ToolJson.result(value);
        } catch (IllegalArgumentException e) {
          error = call.name() + " failed: " + e.getMessage();
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new ToolInvocation(round, call.id(), call.name(), raw, args, result, error, took);
  }

  private static String describe(RuntimeException e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }
}
