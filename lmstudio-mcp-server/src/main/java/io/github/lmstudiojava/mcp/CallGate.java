package io.github.lmstudiojava.mcp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits long calls (generations, loads, downloads): at most {@code maxRunning} at once, at most
 * {@code maxPerClient} of one MCP session running and as many more of it waiting, and at most
 * {@code maxWaiting} waiting in all; a call beyond that is refused at once with {@link Busy}, so
 * one session cannot fill the line for the others.
 *
 * <p>Why: the MCP SDK runs every tool call on one bounded pool of threads (Reactor's bounded
 * elastic scheduler, ten per core), and a long call holds its thread for minutes. Without a gate,
 * twenty slow {@code ask}s took every thread and a {@code model_list} waited behind them. With it,
 * long calls hold at most {@code maxRunning + maxWaiting} threads, so quick tools always find one;
 * and a waiting call counts its wait in its deadline (the deadline starts when the call arrives)
 * and stops waiting as soon as it is cancelled or runs out of time.
 *
 * <p>The per-session counts exist only while a session has calls running, so the map is bounded by
 * {@code maxRunning}. Turns are not strictly first come, first served: a call that arrives when one
 * is free takes it.
 */
final class CallGate {
  /** How often a waiting call checks whether it was stopped. */
  private static final long CHECK_MILLIS = 50;

  private final int maxRunning;
  private final int maxPerClient;
  private final int maxWaiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition turn = lock.newCondition();
  private final Map<String, Integer> runningPerClient = new HashMap<>();
  private final Map<String, Integer> waitingPerClient = new HashMap<>();
  private int running;
  private int waiting;

  /** A call refused because too many long calls run and wait already. */
  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  /** A call stopped (cancelled or out of time) while it waited for a turn: nothing was sent. */
  static final class StoppedWaiting extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoppedWaiting(String message) {
      super(message);
    }
  }

  /** A turn taken; closing it gives the turn to the next call. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** The permit of a call that needs no turn. */
  static final Permit NONE = () -> {};

  CallGate(int maxRunning, int maxPerClient, int maxWaiting) {
    this.maxRunning = maxRunning;
    this.maxPerClient = maxPerClient;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Waits for a turn.
   *
   * @param client the MCP session id, or null for the only client (stdio)
   * @param stop counted down when the call is cancelled or out of time
   * @return the turn, to close when the call ends
   * @throws Busy when the waiting line is full
   * @throws IllegalStateException when the call was stopped while waiting
   */
  Permit enter(String client, CountDownLatch stop) {
    String key = client == null ? "" : client;
    lock.lock();
    try {
      if (!mayRun(key)) {
        if (waiting >= maxWaiting || waitingPerClient.getOrDefault(key, 0) >= maxPerClient) {
          throw new Busy(
              "Too many long calls: "
                  + running
                  + " running and "
                  + waiting
                  + " waiting (--max-long-calls "
                  + maxRunning
                  + ", --max-long-calls-per-client "
                  + maxPerClient
                  + ", --long-call-queue "
                  + maxWaiting
                  + "); try again when one has finished.");
        }
        waiting++;
        waitingPerClient.merge(key, 1, Integer::sum);
        try {
          while (!mayRun(key)) {
            if (stop.getCount() == 0) {
              throw new StoppedWaiting(
                  "while waiting for a turn behind " + running + " long calls");
            }
            turn.await(CHECK_MILLIS, TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoppedWaiting("while waiting for a turn (interrupted)");
        } finally {
          waiting--;
          waitingPerClient.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
      }
      running++;
      runningPerClient.merge(key, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
    AtomicBoolean left = new AtomicBoolean();
    return () -> {
      if (left.compareAndSet(false, true)) {
        leave(key);
      }
    };
  }

  /**
   * How many calls wait for a turn.
   *
   * @return the count
   */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  private boolean mayRun(String key) {
    return running < maxRunning && runningPerClient.getOrDefault(key, 0) < maxPerClient;
  }

  private void leave(String key) {
    lock.lock();
    try {
      running--;
      runningPerClient.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
      turn.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
