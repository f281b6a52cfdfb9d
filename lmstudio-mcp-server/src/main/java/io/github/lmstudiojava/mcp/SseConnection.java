package io.github.lmstudiojava.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One HTTP response carrying server-sent events: what an {@link EventStream} writes to while its
 * client is connected. Besides the events, it writes a comment line when it has been quiet for a
 * while: that keeps proxies from closing it and, above all, a write that fails tells that the
 * client has gone, which reading alone would never tell. The connection then ends, once, and tells
 * its stream, which keeps the events for a client that comes back.
 */
final class SseConnection {
  /**
   * A comment line alone, between events. With a blank line after it, it would end an empty event,
   * and the MCP SDK's Java client (2.0.1) asks for no new line after a blank one that ends nothing:
   * each such pair would lower what it asks for by one, until a long-quiet stream is no longer
   * read.
   */
  private static final byte[] COMMENT = ":\n".getBytes(StandardCharsets.US_ASCII);

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Consumer<SseConnection> onGone = c -> {};
  private volatile long lastWriteNanos = System.nanoTime();

  SseConnection(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  /**
   * What runs, once, when the client goes away before the connection was ended; at once when the
   * connection has ended already (it may have, between its opening and this call).
   */
  void onGone(Consumer<SseConnection> action) {
    this.onGone = action;
    if (ended.get()) {
      action.accept(this);
    }
  }

  /**
   * Writes these bytes and flushes them; false when the client has gone (the connection then ends
   * and its {@code onGone} action runs).
   */
  boolean write(byte[] bytes) {
    if (ended.get()) {
      return false;
    }
    lock.lock();
    try {
      out.write(bytes);
      out.flush();
      lastWriteNanos = System.nanoTime();
      return true;
    } catch (IOException | RuntimeException e) {
      // fall through: the client has gone
    } finally {
      lock.unlock();
    }
    gone();
    return false;
  }

  /**
   * Writes a comment line when nothing was written for {@code quietNanos}, unless another write is
   * under way (which tells as much).
   */
  void keepAlive(long quietNanos) {
    if (!due(quietNanos) || !lock.tryLock()) {
      return;
    }
    boolean failed = false;
    try {
      out.write(COMMENT);
      out.flush();
      lastWriteNanos = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      failed = true;
    } finally {
      lock.unlock();
    }
    if (failed) {
      gone();
    }
  }

  /** Whether the connection has been quiet for {@code quietNanos} and is still open. */
  boolean due(long quietNanos) {
    return !ended.get() && System.nanoTime() - lastWriteNanos >= quietNanos;
  }

  boolean isOpen() {
    return !ended.get();
  }

  /** The client has gone: ends the connection and, unless it had ended already, runs onGone. */
  void gone() {
    if (end()) {
      onGone.accept(this);
    }
  }

  /** Ends the response; false when it had ended already. */
  boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // already completed by the container
    }
    return true;
  }
}
