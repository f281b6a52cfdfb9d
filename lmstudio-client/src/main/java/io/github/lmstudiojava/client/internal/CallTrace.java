package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudioListener;
import io.github.lmstudiojava.client.LmStudioListener.CallInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call as its listener sees it: the start time, whether the first token came, and whether the
 * call has ended, so that it ends once. A listener's exceptions are dropped here.
 *
 * <p>Used by the thread making the call, except {@link #failed}, which a cancelling thread may race
 * with the reading thread; the first ending wins.
 */
public final class CallTrace {
  /** A trace that tells nobody anything, for clients without a listener. */
  static final CallTrace NONE = new CallTrace(LmStudioListener.NONE, null);

  private final LmStudioListener listener;
  private final CallInfo info;
  private long startNanos;
  private boolean tokenSeen;
  private int status;
  private final AtomicBoolean ended = new AtomicBoolean();

  CallTrace(LmStudioListener listener, CallInfo info) {
    this.listener = listener;
    this.info = info;
  }

  /** Whether anyone listens; streams skip their per-event work when not. */
  public boolean isActive() {
    return this != NONE;
  }

  void start() {
    if (this == NONE) {
      return;
    }
    startNanos = System.nanoTime();
    try {
      listener.callStart(info);
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  void retry(int attempt, Duration wait, String reason) {
    if (this == NONE) {
      return;
    }
    try {
      listener.retry(info, attempt, wait, reason);
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  /**
   * Reports a native chat stream's model load progress.
   *
   * @param progress from 0 to 1
   */
  public void modelLoadProgress(double progress) {
    if (this == NONE) {
      return;
    }
    try {
      listener.modelLoadProgress(info, progress);
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  /** Reports a token of a native chat stream, and the first token once. */
  public void token() {
    if (this == NONE) {
      return;
    }
    try {
      if (!tokenSeen) {
        tokenSeen = true;
        listener.firstToken(info, elapsed());
      }
      listener.token(info);
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  /**
   * Reports a native chat's stats.
   *
   * @param modelInstanceId the answering instance
   * @param stats the stats; nothing is reported when null
   */
  public void stats(String modelInstanceId, ChatStats stats) {
    if (this == NONE || stats == null) {
      return;
    }
    try {
      listener.stats(info, modelInstanceId, stats);
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  /** Notes the status of the answer, for {@link #end()}. */
  void answered(int status) {
    this.status = status;
  }

  /**
   * Ends a call whose answer was read and used (parsed, its stats reported), with the status noted
   * when it was read.
   */
  public void end() {
    if (this == NONE || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      listener.callEnd(info, status, elapsed());
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  /**
   * Ends a call that failed, with what its caller receives; nothing happens when it already ended.
   *
   * @param failure the failure
   */
  public void failed(RuntimeException failure) {
    if (this == NONE || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      listener.callFailed(info, failure, elapsed());
    } catch (RuntimeException ignored) {
      // A listener's failure is its own.
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
