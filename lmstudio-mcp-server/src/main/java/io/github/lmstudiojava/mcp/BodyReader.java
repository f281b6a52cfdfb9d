package io.github.lmstudiojava.mcp;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a POSTed message without holding a thread while its bytes arrive: once, into one array of
 * the announced length (or a growing one when no length is announced), never more than {@link
 * #MAX_BODY_BYTES}. Every byte kept is taken from a budget shared by all the messages in flight, so
 * that a few large messages at once cannot exhaust the heap; a message that finds the budget spent
 * is read to its end and dropped, and refused as busy. A body that has not arrived when {@link
 * #expire} is called is refused as too slow.
 */
final class BodyReader implements ReadListener {
  /** The largest message accepted. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** What becomes of the body. */
  interface Outcome {
    /** The whole body arrived; {@code held} bytes of the budget are held until it is handled. */
    void read(byte[] body, int held);

    /** The body is refused with this status: 408 (too slow), 413 (too large), 503 (busy). */
    void refused(int status);

    /** The connection failed while the body arrived. */
    void failed(Throwable error);
  }

  /**
   * The budget of bytes for the messages in flight: an eighth of the heap, and at least one message
   * of the largest size.
   */
  static Semaphore budget() {
    long eighth = Runtime.getRuntime().maxMemory() / 8;
    return new Semaphore((int) Math.min(1 << 30, Math.max(MAX_BODY_BYTES, eighth)));
  }

  private static final int READING = 0;
  private static final int DONE = 1;

  private final ServletInputStream in;
  private final Semaphore budget;
  private final Outcome outcome;
  private final AtomicInteger state = new AtomicInteger(READING);
  private final byte[] scratch = new byte[8192];
  private byte[] exact;
  private int filled;
  private ByteArrayOutputStream growing;
  private int held;
  private int refusal;
  private volatile ScheduledFuture<?> deadline;

  BodyReader(ServletInputStream in, long contentLength, Semaphore budget, Outcome outcome) {
    this.in = in;
    this.budget = budget;
    this.outcome = outcome;
    if (contentLength > MAX_BODY_BYTES) {
      refusal = 413;
    } else if (contentLength >= 0) {
      if (budget.tryAcquire((int) contentLength)) {
        held = (int) contentLength;
        exact = new byte[(int) contentLength];
      } else {
        refusal = 503;
      }
    } else {
      growing = new ByteArrayOutputStream(8192);
    }
  }

  /** Refuses the body with 408 if it has not all arrived within this time. */
  void expireAfter(Duration timeout, ScheduledExecutorService timers) {
    deadline = timers.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onDataAvailable() throws IOException {
    int n;
    while (state.get() == READING && in.isReady() && (n = in.read(scratch)) != -1) {
      if (refusal != 0) {
        continue; // read to the end and dropped
      }
      if (exact != null) {
        if (filled + n > exact.length) {
          refuse(413);
          continue;
        }
        System.arraycopy(scratch, 0, exact, filled, n);
        filled += n;
      } else if (growing.size() + n > MAX_BODY_BYTES) {
        refuse(413);
      } else if (!take(n)) {
        refuse(503);
      } else {
        growing.write(scratch, 0, n);
      }
    }
  }

  private void refuse(int status) {
    refusal = status;
    exact = null;
    growing = null;
    release();
  }

  @Override
  public void onAllDataRead() {
    if (!done()) {
      return;
    }
    if (refusal != 0) {
      release();
      outcome.refused(refusal);
    } else if (exact != null && filled < exact.length) {
      release();
      outcome.refused(408); // the body ended before its announced length
    } else {
      byte[] body = exact != null ? exact : growing.toByteArray();
      exact = null;
      growing = null;
      outcome.read(body, held);
    }
  }

  @Override
  public void onError(Throwable error) {
    if (done()) {
      release();
      outcome.failed(error);
    }
  }

  /** The read deadline has passed: a body still arriving is refused with 408. */
  private void expire() {
    if (state.compareAndSet(READING, DONE)) {
      release();
      outcome.refused(408);
    }
  }

  /** Ends the reading, once; false when it had ended already. */
  private boolean done() {
    if (!state.compareAndSet(READING, DONE)) {
      return false;
    }
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
    return true;
  }

  /** Takes {@code n} bytes from the budget for this body, unless it is done already. */
  private synchronized boolean take(int n) {
    if (state.get() != READING || !budget.tryAcquire(n)) {
      return false;
    }
    held += n;
    return true;
  }

  private synchronized void release() {
    if (held > 0) {
      budget.release(held);
      held = 0;
    }
  }
}
