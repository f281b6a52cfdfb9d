package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.scheduler.Schedulers;

/**
 * Runs tool calls: each gets a client of its own, is registered for cancellation, gets a deadline
 * and heartbeats, and every failure becomes an {@code isError} result, so nothing a call does can
 * stop the server.
 *
 * <p>When the client cancels the request ({@code notifications/cancelled}) or the deadline passes,
 * the call's client is closed: that cancels its HTTP call to LM Studio at once, whether it is
 * waiting for an answer or reading a stream, and the tool returns.
 */
final class ToolRunner implements AutoCloseable {
  /** The transport context key under which the transports put the JSON-RPC request id. */
  static final String REQUEST_ID = "io.github.lmstudiojava.mcp/request-id";

  /**
   * The transport context key under which the HTTP transport puts the user of the call's MCP
   * session, when the server has users; the call then sees only that user's chat sessions.
   */
  static final String USER = "io.github.lmstudiojava.mcp/user";

  private final Backend backend;
  private final CallRegistry registry;
  private final CallGate gate;

  /** Deadlines only: never blocked by a slow client, so a call always stops on time. */
  private final ScheduledExecutorService deadlines = daemonScheduler("lmstudio-mcp-deadlines");

  /** Heartbeats, which write to the client and may wait for it. */
  private final ScheduledExecutorService heartbeats = daemonScheduler("lmstudio-mcp-heartbeats");

  /** What runs after every tool call: the resource watch looks for what the call changed. */
  private volatile Runnable afterEachCall = () -> {};

  ToolRunner(Backend backend, CallRegistry registry) {
    this.backend = backend;
    this.registry = registry;
    ServerConfig config = backend.config();
    this.gate =
        new CallGate(config.maxLongCalls(), config.maxLongCallsPerClient(), config.longCallQueue());
    // The SDK runs tool calls on Reactor's bounded elastic threads; long calls, running or
    // waiting, must leave some of them to the quick tools.
    int threads = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;
    if (config.maxLongCalls() + config.longCallQueue() > threads - 2) {
      ServerLog.LOG.warn(
          "--max-long-calls + --long-call-queue is {} of the {} threads that run tool calls;"
              + " quick tools may wait behind long calls",
          config.maxLongCalls() + config.longCallQueue(),
          threads);
    }
  }

  /** Sets what runs after every tool call, however it ended. */
  void afterEachCall(Runnable action) {
    this.afterEachCall = action;
  }

  SyncToolSpecification specification(McpTool tool) {
    return new SyncToolSpecification(
        tool.definition(), (exchange, request) -> run(tool, exchange, request));
  }

  CallToolResult run(McpTool tool, McpSyncServerExchange exchange, CallToolRequest request) {
    Args args = new Args(request.arguments());
    String model = modelOf(args);
    ServerLog log = new ServerLog(exchange);
    Progress progress = new Progress(exchange, request.progressToken());
    AtomicReference<String> stoppedBecause = new AtomicReference<>();
    AtomicBoolean deadlinePassed = new AtomicBoolean();
    CountDownLatch stop = new CountDownLatch(1);
    LmStudio lms;
    try {
      lms = backend.forCall();
    } catch (RuntimeException e) {
      return error(ToolErrors.describe(e, model, backend), null);
    }
    Object requestId = exchange.transportContext().get(REQUEST_ID);
    String key =
        registry.register(
            exchange.sessionId(),
            requestId,
            () -> stop(lms, stop, stoppedBecause, "the client cancelled the request"));
    Duration deadline;
    try {
      deadline = tool.deadline(backend.config(), args);
    } catch (RuntimeException e) {
      registry.remove(key);
      lms.close();
      return error(ToolErrors.describe(e, model, backend), null);
    }
    ScheduledFuture<?> timeout =
        deadline.isZero()
            ? null
            : deadlines.schedule(
                () -> {
                  deadlinePassed.set(true);
                  stop(
                      lms,
                      stop,
                      stoppedBecause,
                      tool.definition().name()
                          + " ran out of its "
                          + Durations.show(deadline)
                          + " deadline ("
                          + tool.deadlineFlag(args)
                          + ")");
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    ScheduledFuture<?> heartbeat =
        progress.enabled()
            ? heartbeats.scheduleWithFixedDelay(progress::heartbeat, 1, 1, TimeUnit.SECONDS)
            : null;
    try (CallGate.Permit turn =
        tool.isLong(args) ? gate.enter(exchange.sessionId(), stop) : CallGate.NONE) {
      Object user = exchange.transportContext().get(USER);
      return tool.call(
          new ToolCall(
              args,
              lms,
              backend,
              user instanceof String name ? name : null,
              progress,
              log,
              stop,
              exchange));
    } catch (RuntimeException e) {
      String stopped = stoppedBecause.get();
      if (stopped != null) {
        String partial = ToolErrors.partialText(e);
        String message =
            e instanceof CallGate.StoppedWaiting
                ? "Stopped: " + stopped + " " + e.getMessage() + "; nothing was sent to LM Studio."
                : "Stopped: "
                    + stopped
                    + (deadlinePassed.get() && partial == null && !progress.lmStudioAnswered()
                        ? " before any answer from LM Studio arrived"
                        : "")
                    + "; the request to LM Studio was cancelled.";
        log.warn(tool.definition().name() + ": " + stopped);
        return error(message, partial);
      }
      String message = ToolErrors.describe(e, model, backend);
      log.error(tool.definition().name() + " failed: " + message);
      return error(message, ToolErrors.partialText(e));
    } catch (Throwable e) {
      return failed(tool.definition().name(), e);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      registry.remove(key);
      lms.close();
      afterEachCall.run();
    }
  }

  /**
   * The answer to an {@code Error} (or an undeclared checked exception) a tool raised: the server
   * goes on, and the call gets an answer. Running out of memory is not retried.
   */
  static CallToolResult failed(String tool, Throwable e) {
    if (e instanceof OutOfMemoryError) {
      ServerLog.LOG.error("{} ran out of memory: {}", tool, e.toString());
      return error(
          tool + " needed more memory than this server has: the call was too large, send less.",
          null);
    }
    ServerLog.LOG.error(tool + " failed", e);
    return error("Internal error in " + tool + " (" + e.getClass().getSimpleName() + ").", null);
  }

  private static void stop(
      LmStudio lms, CountDownLatch stop, AtomicReference<String> because, String reason) {
    if (because.compareAndSet(null, reason)) {
      lms.close();
      stop.countDown();
    }
  }

  private static String modelOf(Args args) {
    try {
      return args.string("model");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static CallToolResult error(String message, String partialText) {
    CallToolResult.Builder b = CallToolResult.builder().isError(true).addTextContent(message);
    if (partialText != null) {
      b.addTextContent("Partial answer before the failure:\n" + partialText);
    }
    return b.build();
  }

  private static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    heartbeats.shutdownNow();
  }
}
