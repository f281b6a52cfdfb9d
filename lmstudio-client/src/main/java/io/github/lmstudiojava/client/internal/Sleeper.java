package io.github.lmstudiojava.client.internal;

import java.time.Duration;

/** Waits between retries and polls; replaced in tests so they never sleep for real. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the current thread. */
  Sleeper SYSTEM =
      duration -> {
        if (!duration.isZero() && !duration.isNegative()) {
          Thread.sleep(duration.toMillis());
        }
      };

  /**
   * Waits for a duration.
   *
   * @param duration how long
   * @throws InterruptedException when the thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
