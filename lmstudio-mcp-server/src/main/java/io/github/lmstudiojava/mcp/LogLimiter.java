package io.github.lmstudiojava.mcp;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets a recurring warning through at most once per interval, so that a client repeating a refused
 * request cannot flood the log; the line let through counts the ones held back since the last.
 */
final class LogLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private boolean logged;
  private long lastNanos;
  private int held;

  LogLimiter(Duration interval) {
    this(interval, System::nanoTime);
  }

  LogLimiter(Duration interval, LongSupplier nanoClock) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * The line to log for this occurrence, or null when it is held back.
   *
   * @param message what happened, once
   * @return {@code message}, followed by the number of occurrences held back since the last line
   */
  synchronized String admit(String message) {
    long now = nanoClock.getAsLong();
    if (logged && now - lastNanos < intervalNanos) {
      held++;
      return null;
    }
    String line =
        held == 0
            ? message
            : message
                + " ("
                + held
                + " more in the "
                + Durations.show(Duration.ofNanos(now - lastNanos).withNanos(0))
                + " before, not logged)";
    logged = true;
    lastNanos = now;
    held = 0;
    return line;
  }
}
