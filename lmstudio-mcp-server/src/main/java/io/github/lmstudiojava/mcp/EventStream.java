package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * One server-sent event stream of an HTTP exchange: the answer stream of a POSTed request, or a
 * session's GET stream. Besides the messages, it writes a comment line when it has been quiet for a
 * while: that keeps proxies from closing it and, above all, a write that fails tells that the
 * client has gone, which reading alone would never tell. The stream then ends and runs its {@code
 * onGone} action once, so that the socket is freed and the work for the client stopped.
 */
final class EventStream implements McpStreamableServerTransport {
  /**
   * A comment line alone, between events. With a blank line after it, it would end an empty event,
   * and the MCP SDK's Java client (2.0.1) asks for no new line after a blank one that ends nothing:
   * each such pair would lower what it asks for by one, until a long-quiet stream is no longer
   * read.
   */
  private static final byte[] COMMENT = ":\n".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] EVENT_START =
      "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Runnable onGone;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closeRequested;
  private volatile long lastWriteNanos = System.nanoTime();

  EventStream(AsyncContext async, ServletOutputStream out, Runnable onGone) {
    this.async = async;
    this.out = out;
    this.onGone = onGone;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    // Events carry no id: the server keeps no history to resume a stream from.
    return Mono.fromRunnable(
        () -> {
          if (message instanceof McpSchema.JSONRPCResponse) {
            // The answer is the last event: the stream ends after it, and if the client has gone
            // by now there is no call left to stop.
            closeRequested = true;
          }
          byte[] data = StdioTransport.encode(Json.write(message));
          lock.lock();
          try {
            write(EVENT_START, data, new byte[] {'\n'});
          } finally {
            unlock();
          }
        });
  }

  /**
   * Writes a comment line when nothing was written for {@code quietNanos}, unless another write is
   * under way (which tells as much).
   */
  void keepAlive(long quietNanos) {
    if (ended.get() || System.nanoTime() - lastWriteNanos < quietNanos || !lock.tryLock()) {
      return;
    }
    try {
      write(COMMENT);
    } finally {
      unlock();
    }
  }

  /** Unlocks; a close asked for while a write held the lock happens now. */
  private void unlock() {
    try {
      if (closeRequested) {
        end();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the stream has been quiet for {@code quietNanos} and is still open. */
  boolean due(long quietNanos) {
    return !ended.get() && System.nanoTime() - lastWriteNanos >= quietNanos;
  }

  private void write(byte[]... parts) {
    if (ended.get()) {
      return;
    }
    try {
      for (byte[] part : parts) {
        out.write(part);
      }
      out.flush();
      lastWriteNanos = System.nanoTime();
    } catch (IOException | RuntimeException e) {
      gone();
    }
  }

  /**
   * The client has gone: ends the stream and, unless it was closing anyway, runs {@code onGone}.
   */
  void gone() {
    if (end() && !closeRequested) {
      onGone.run();
    }
  }

  private boolean end() {
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

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return Json.MAPPER.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /** Ends the stream; at once, or after the write under way (never in the middle of an event). */
  @Override
  public void close() {
    closeRequested = true;
    if (lock.tryLock()) {
      unlock();
    }
  }
}
