package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The silence limits of one stream: {@link Timeouts#firstEvent()} until the first event, then the
 * limit of the phase the last event began (loading a model and processing a long prompt may each go
 * quiet far longer than generation does). A watchdog checks them and, when one runs out, records
 * which and runs the expiry action (cancelling the HTTP call), so the reading thread fails with
 * that timeout.
 *
 * <p>Events are reported from the reading thread; the watchdog and {@link #stop()} run on others.
 */
final class StreamTimers {
  private final Timeouts timeouts;
  private final Runnable onExpiry;

  private volatile boolean armed;
  private volatile boolean stopped;
  private volatile long lastEventNanos;
  private volatile boolean eventSeen;
  private volatile LmStudioTimeoutException.Kind phase = LmStudioTimeoutException.Kind.FIRST_EVENT;
  private volatile LmStudioTimeoutException.Kind expired;
  private volatile Future<?> watchdog;

  /**
   * Timers that are not running yet.
   *
   * @param timeouts the limits
   * @param onExpiry what to do when a limit runs out, such as cancelling the call
   */
  StreamTimers(Timeouts timeouts, Runnable onExpiry) {
    this.timeouts = timeouts;
    this.onExpiry = onExpiry;
  }

  /** Starts the first-event limit; call just before the request is sent. */
  void start() {
    lastEventNanos = System.nanoTime();
    armed = true;
    if (!timeouts.firstEvent().isZero()) {
      watchdog = Watchdog.schedule(this::check, timeouts.firstEvent());
    }
  }

  /**
   * Records an event, and the phase it begins, whose limit applies until the next event.
   *
   * @param next the phase after the event
   */
  void onEvent(LmStudioTimeoutException.Kind next) {
    lastEventNanos = System.nanoTime();
    if (next == phase && eventSeen) {
      return; // the same phase goes on (nearly every event): its limit and watchdog stay
    }
    Duration nextLimit = limitOf(next);
    Duration currentLimit = limitOf(phase);
    // Zero means no limit, so it is the longest, not the shortest.
    boolean shorter =
        !eventSeen
            || (!nextLimit.isZero()
                && (currentLimit.isZero() || nextLimit.compareTo(currentLimit) < 0));
    phase = next;
    eventSeen = true;
    if (shorter && armed) {
      // The pending check may be far off under the old limit; reschedule it under the new one.
      cancelWatchdog();
      if (!nextLimit.isZero()) {
        watchdog = Watchdog.schedule(this::check, nextLimit);
      }
    }
  }

  /** Stops the watchdog for good. */
  void stop() {
    stopped = true;
    cancelWatchdog();
  }

  /**
   * The limit that ran out, or null.
   *
   * @return the kind of timeout
   */
  LmStudioTimeoutException.Kind expired() {
    return expired;
  }

  /**
   * Whether an event arrived before the limit ran out.
   *
   * @return true once any event was seen
   */
  boolean eventSeen() {
    return eventSeen;
  }

  /**
   * The value of a phase's limit.
   *
   * @param kind the phase
   * @return its limit; zero for none
   */
  Duration limitOf(LmStudioTimeoutException.Kind kind) {
    switch (kind) {
      case FIRST_EVENT:
        return timeouts.firstEvent();
      case MODEL_LOAD:
        return timeouts.modelLoad();
      default:
        return timeouts.idle();
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    if (!eventSeen) {
      expire(LmStudioTimeoutException.Kind.FIRST_EVENT);
      return;
    }
    LmStudioTimeoutException.Kind current = phase;
    long limitNanos = limitOf(current).toNanos();
    if (limitNanos == 0) {
      return;
    }
    long silent = System.nanoTime() - lastEventNanos;
    if (silent >= limitNanos) {
      expire(current);
    } else {
      watchdog = Watchdog.schedule(this::check, Duration.ofNanos(limitNanos - silent));
    }
  }

  private void expire(LmStudioTimeoutException.Kind kind) {
    expired = kind;
    onExpiry.run();
  }

  private void cancelWatchdog() {
    Future<?> task = watchdog;
    if (task != null) {
      task.cancel(false);
    }
  }
}
