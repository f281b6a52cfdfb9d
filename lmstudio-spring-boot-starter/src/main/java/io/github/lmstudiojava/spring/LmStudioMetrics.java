package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudioListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

/**
 * Micrometer metrics of an {@link io.github.lmstudiojava.client.LmStudio} client, as a listener:
 *
 * <ul>
 *   <li>{@code lmstudio.client.requests} (timer): every call, tagged {@code method}, {@code uri}
 *       (the path, with ids replaced by a template), {@code stream}, {@code status} (the HTTP
 *       status, or {@code NONE} when no answer came), {@code outcome} ({@code SUCCESS}, {@code
 *       ERROR} or {@code CANCELLED}) and {@code exception} (the simple class name, or {@code
 *       none});
 *   <li>{@code lmstudio.client.errors} (counter): failed calls, tagged {@code uri} and {@code
 *       exception};
 *   <li>{@code lmstudio.client.retries} (counter): retried reads, tagged {@code method} and {@code
 *       uri};
 *   <li>{@code lmstudio.client.time.to.first.token} (timer): native chat streams, from sending the
 *       request to the first token;
 *   <li>{@code lmstudio.client.tokens} (counter, tagged {@code model}): output tokens LM Studio
 *       reported in a chat's stats;
 *   <li>{@code lmstudio.client.tokens.per.second} (summary, tagged {@code model}): the generation
 *       speed LM Studio reported.
 * </ul>
 */
public class LmStudioMetrics extends LmStudioListener {
  private static final Pattern DOWNLOAD_STATUS =
      Pattern.compile("^/api/v1/models/download/status/[^/]+$");
  private static final Pattern LEGACY_MODEL = Pattern.compile("^/api/v0/models/[^/]+$");

  private final MeterRegistry registry;

  /**
   * Metrics recorded in a registry.
   *
   * @param registry the registry
   */
  public LmStudioMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void retry(CallInfo call, int attempt, Duration wait, String reason) {
    Counter.builder("lmstudio.client.retries")
        .description("Reads of LM Studio sent again after a failure")
        .tags("method", call.method(), "uri", uri(call))
        .register(registry)
        .increment();
  }

  @Override
  public void firstToken(CallInfo call, Duration sinceStart) {
    Timer.builder("lmstudio.client.time.to.first.token")
        .description("Time from sending a native chat stream's request to its first token")
        .tags("uri", uri(call))
        .register(registry)
        .record(sinceStart);
  }

  @Override
  public void stats(CallInfo call, String modelInstanceId, ChatStats stats) {
    String model = modelInstanceId == null ? "unknown" : modelInstanceId;
    if (stats.totalOutputTokens() != null) {
      Counter.builder("lmstudio.client.tokens")
          .description("Output tokens LM Studio reported for chats")
          .baseUnit("tokens")
          .tags("model", model)
          .register(registry)
          .increment(stats.totalOutputTokens());
    }
    if (stats.tokensPerSecond() != null) {
      DistributionSummary.builder("lmstudio.client.tokens.per.second")
          .description("Generation speed LM Studio reported for chats")
          .baseUnit("tokens/s")
          .tags("model", model)
          .register(registry)
          .record(stats.tokensPerSecond());
    }
  }

  @Override
  public void callEnd(CallInfo call, int status, Duration duration) {
    requests(call, String.valueOf(status), "SUCCESS", "none").record(duration);
  }

  @Override
  public void callFailed(CallInfo call, RuntimeException failure, Duration duration) {
    String exception = failure.getClass().getSimpleName();
    String outcome = failure instanceof CancellationException ? "CANCELLED" : "ERROR";
    String status = "NONE";
    if (failure instanceof io.github.lmstudiojava.client.LmStudioHttpException) {
      status =
          String.valueOf(
              ((io.github.lmstudiojava.client.LmStudioHttpException) failure).statusCode());
    }
    requests(call, status, outcome, exception).record(duration);
    if (!(failure instanceof CancellationException)) {
      Counter.builder("lmstudio.client.errors")
          .description("Calls to LM Studio that failed")
          .tags("uri", uri(call), "exception", exception)
          .register(registry)
          .increment();
    }
  }

  private Timer requests(CallInfo call, String status, String outcome, String exception) {
    return Timer.builder("lmstudio.client.requests")
        .description("Calls to LM Studio, from sending the request to the last byte of the answer")
        .tags(
            Tags.of(
                "method",
                call.method(),
                "uri",
                uri(call),
                "stream",
                String.valueOf(call.stream()),
                "status",
                status,
                "outcome",
                outcome,
                "exception",
                exception))
        .register(registry);
  }

  /** The path with ids made a template, so that a tag has few values. */
  static String uri(CallInfo call) {
    String path = call.path();
    if (DOWNLOAD_STATUS.matcher(path).matches()) {
      return "/api/v1/models/download/status/{job_id}";
    }
    if (LEGACY_MODEL.matcher(path).matches()) {
      return "/api/v0/models/{model}";
    }
    return path;
  }
}
