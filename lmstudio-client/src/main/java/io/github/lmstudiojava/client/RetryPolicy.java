package io.github.lmstudiojava.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How idempotent reads are retried: listing models and polling download status, and nothing else.
 *
 * <p>A read is retried when the connection fails or LM Studio answers 429, 502 or 503, waiting
 * {@code initialBackoff}, then twice as long each time up to {@code maxBackoff} (or what a {@code
 * Retry-After} header asks, within the same cap). Chats, loads, unloads and downloads are never
 * retried: repeating them could run a generation or a download twice. After the last attempt the
 * original error is thrown, so a stopped server is never hidden.
 *
 * <p>Written here rather than with a resilience library (Failsafe, Resilience4j): the policy is
 * this record and a loop in the transport, it applies to two kinds of read only, and a library
 * would be one more dependency for every application. OkHttp's own retry covers a failed connection
 * before anything was sent; this one covers an answer of 429, 502 or 503 too.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest wait between attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(2));
  private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  /** Checks the values. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff < 0");
    }
  }

  /**
   * The default: 3 attempts, waiting 250 ms then 500 ms (at most 2 s).
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * No retries: every call is tried once.
   *
   * @return a single-attempt policy
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * The wait before attempt {@code attempt + 1}, without a server hint.
   *
   * @param attempt the attempt that just failed, from 1
   * @return the wait
   */
  public Duration backoff(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
