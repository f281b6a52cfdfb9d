package io.github.lmstudiojava.client.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that fires stream timeouts (first event, idle) for every client in the JVM.
 *
 * <p>A task only cancels an HTTP call, so one thread is plenty; it never keeps the JVM alive.
 */
public final class Watchdog {
  private static final ScheduledThreadPoolExecutor EXECUTOR = newExecutor();

  private Watchdog() {}

  private static ScheduledThreadPoolExecutor newExecutor() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "lmstudio-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * Runs a task after a delay.
   *
   * @param task what to run
   * @param delay how long to wait first
   * @return a handle to cancel the task
   */
  public static Future<?> schedule(Runnable task, Duration delay) {
    return EXECUTOR.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }
}
