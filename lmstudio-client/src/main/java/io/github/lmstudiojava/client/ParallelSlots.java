package io.github.lmstudiojava.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds a client's native chats to the number of parallel predictions of the instance they go to
 * ({@code parallel} in the model list's instance configuration), so that the requests beyond it
 * wait here, in order and within the call's time limit, instead of queueing unseen inside LM
 * Studio. Enabled by {@link LmStudio.Builder#limitToParallelSlots(boolean)}.
 *
 * <p>A request's {@code model} names an instance by its id, or a model by its key: its first loaded
 * instance. The slot counts come from {@code GET /api/v1/models}, asked again when the last answer
 * is older than {@link #FRESH} (so a model loaded just in time is held back from its next calls on,
 * once its slots are listed). A model that is not loaded, an instance that lists no {@code
 * parallel}, or a list that cannot be read, is not held back. The semaphores are kept for the
 * loaded instances only, so a caller's model names cannot grow them.
 */
final class ParallelSlots {
  /** How long a model list answers for the slot counts. */
  static final Duration FRESH = Duration.ofSeconds(2);

  /** A held slot; released once, by whichever ending comes first. */
  static final class Permit implements Runnable {
    static final Permit NONE = new Permit(null);

    private final Semaphore semaphore;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Semaphore semaphore) {
      this.semaphore = semaphore;
    }

    @Override
    public void run() {
      if (semaphore != null && released.compareAndSet(false, true)) {
        semaphore.release();
      }
    }
  }

  /** One loaded instance's slots. */
  private record Slots(int parallel, Semaphore semaphore) {}

  private final Models models;
  private Map<String, String> instanceOf = Map.of();
  private Map<String, Slots> slots = Map.of();
  private long listedAt;
  private boolean listed;

  ParallelSlots(Models models) {
    this.models = models;
  }

  /**
   * Waits for a slot of the instance a request's model names.
   *
   * @param model the request's {@code model}
   * @param limit the longest wait; zero for no limit
   * @return the permit to release when the call ends
   * @throws LmStudioTimeoutException when no slot came free within the limit
   */
  Permit acquire(String model, Duration limit) {
    Slots s = slotsFor(model);
    if (s == null) {
      return Permit.NONE;
    }
    try {
      if (limit.isZero()) {
        s.semaphore().acquire();
      } else if (!s.semaphore().tryAcquire(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new LmStudioTimeoutException(
            "Waited "
                + limit.toMillis()
                + " ms for one of the "
                + s.parallel()
                + " parallel slots of "
                + model
                + ", all taken by this client's other calls; raise the call's limit with Timeouts,"
                + " or load the model with more parallel slots",
            LmStudioTimeoutException.Kind.CALL,
            limit,
            null,
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LmStudioException("Interrupted while waiting for a parallel slot of " + model, e);
    }
    return new Permit(s.semaphore());
  }

  private Slots slotsFor(String model) {
    synchronized (this) {
      if (listed && !stale()) {
        return lookup(model);
      }
    }
    List<Model> list;
    try {
      list = models.list();
    } catch (RuntimeException e) {
      return null; // the chat itself will say what is wrong
    }
    synchronized (this) {
      Map<String, String> names = new HashMap<>();
      Map<String, Slots> next = new HashMap<>();
      for (Model m : list) {
        for (LoadedInstance i : m.loadedInstances()) {
          names.putIfAbsent(m.key(), i.id());
          names.put(i.id(), i.id());
          Integer parallel = i.parallel();
          if (parallel != null && parallel > 0) {
            Slots old = slots.get(i.id());
            next.put(
                i.id(),
                old != null && old.parallel() == parallel
                    ? old
                    : new Slots(parallel, new Semaphore(parallel, true)));
          }
        }
      }
      instanceOf = Map.copyOf(names);
      slots = Map.copyOf(next);
      listedAt = System.nanoTime();
      listed = true;
      return lookup(model);
    }
  }

  private boolean stale() {
    return System.nanoTime() - listedAt >= FRESH.toNanos();
  }

  private Slots lookup(String model) {
    String id = instanceOf.get(model);
    return id == null ? null : slots.get(id);
  }
}
