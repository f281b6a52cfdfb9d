package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudioListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several listeners told in order, each on its own: one that throws does not keep the next from
 * being told. Made by {@link LmStudioListener#of}.
 */
public final class Listeners extends LmStudioListener {
  private final List<LmStudioListener> listeners;

  /**
   * Listeners to tell in order.
   *
   * @param listeners the listeners
   */
  public Listeners(List<LmStudioListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<LmStudioListener> event) {
    for (LmStudioListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException ignored) {
        // A listener's failure is its own.
      }
    }
  }

  @Override
  public void callStart(CallInfo call) {
    each(l -> l.callStart(call));
  }

  @Override
  public void retry(CallInfo call, int attempt, Duration wait, String reason) {
    each(l -> l.retry(call, attempt, wait, reason));
  }

  @Override
  public void modelLoadProgress(CallInfo call, double progress) {
    each(l -> l.modelLoadProgress(call, progress));
  }

  @Override
  public void firstToken(CallInfo call, Duration sinceStart) {
    each(l -> l.firstToken(call, sinceStart));
  }

  @Override
  public void token(CallInfo call) {
    for (LmStudioListener listener : listeners) {
      try {
        listener.token(call);
      } catch (RuntimeException ignored) {
        // A listener's failure is its own; no lambda on the per-token path.
      }
    }
  }

  @Override
  public void stats(CallInfo call, String modelInstanceId, ChatStats stats) {
    each(l -> l.stats(call, modelInstanceId, stats));
  }

  @Override
  public void callEnd(CallInfo call, int status, Duration duration) {
    each(l -> l.callEnd(call, status, duration));
  }

  @Override
  public void callFailed(CallInfo call, RuntimeException failure, Duration duration) {
    each(l -> l.callFailed(call, failure, duration));
  }
}
