package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * One resumable stream of server-sent events of an MCP session: the answer stream of a POSTed
 * request, or the session's GET stream. Every event has an id, {@code <stream>-<n>}; the events are
 * kept, within bounds, so that a client whose connection dropped can open a GET with {@code
 * Last-Event-ID} and get what it missed, then the rest as it comes ({@link #attach}).
 *
 * <p>A stream outlives its connections. When the client goes away, the call goes on for the resume
 * window; if nobody resumes the stream by then, the stream is abandoned and its {@code onAbandoned}
 * action stops the call ({@link #expire}). A finished stream is kept as long again, for a client
 * that lost the last events.
 *
 * <p>What is kept is bounded: at most {@link #MAX_EVENTS} events and {@link #MAX_BYTES} bytes per
 * stream, the oldest dropped first (the last event, a request's answer, is always kept), and at
 * most {@link #MAX_TOTAL_BYTES} in the whole server, beyond which new events are not kept: a client
 * that resumes from before them is refused rather than given a stream with a gap.
 */
final class EventStream implements McpStreamableServerTransport {
  static final int MAX_EVENTS = 1024;
  static final long MAX_BYTES = 1024 * 1024;
  static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

  /** Bytes of events kept by every stream of the server. */
  private static final AtomicLong TOTAL_KEPT = new AtomicLong();

  private static final byte[] EVENT_END = {'\n'};

  private final long number;
  private final boolean priming;
  private final long retryMillis;
  private final long windowNanos;
  private final Consumer<String> onAbandoned;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<byte[]> kept = new ArrayDeque<>();
  private long keptBytes;

  /** The number of the first event in {@link #kept}; events are numbered from 1. */
  private long firstKept = 1;

  private long nextNumber = 1;
  private SseConnection connection;

  /** Set under the lock; read without it by {@link #running}. */
  private volatile boolean finished;

  private volatile boolean abandoned;

  /** When the stream lost its connection or finished; 0 while it is connected and running. */
  private long sinceNanos;

  /**
   * @param number the stream's number in its session, the first part of its event ids
   * @param priming whether the stream starts with a priming event (clients of MCP 2025-11-25 and
   *     later expect one)
   * @param retryMillis the reconnection delay the priming event advises; 0 for none
   * @param window how long the stream may be resumed after its client went away or it finished
   * @param onAbandoned what runs, with the reason, when the client went away and did not come back
   *     in time, or the session closed while the stream was running
   */
  EventStream(
      long number,
      boolean priming,
      long retryMillis,
      Duration window,
      Consumer<String> onAbandoned) {
    this.number = number;
    this.priming = priming;
    this.retryMillis = retryMillis;
    this.windowNanos = window.toNanos();
    this.onAbandoned = onAbandoned;
  }

  long number() {
    return number;
  }

  /** The id of the priming event, which a client that saw nothing else resumes from. */
  String primingId() {
    return number + "-0";
  }

  /** Whether a client may resume after event {@code afterEvent}: every later event is kept. */
  boolean resumable(long afterEvent) {
    lock.lock();
    try {
      return !abandoned
          && afterEvent >= 0
          && afterEvent < nextNumber
          && afterEvent + 1 >= firstKept;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes this stream's events to a connection from now on: first a priming event (an id and no
   * data, and the reconnection delay when one is set) when {@code afterEvent} is negative, else the
   * kept events after event {@code afterEvent}. A connection attached before ends. When the stream
   * has finished, the connection ends after the replay.
   *
   * @return false when the stream can no longer be resumed (it was abandoned), or the events after
   *     {@code afterEvent} are no longer all kept
   */
  boolean attach(SseConnection next, long afterEvent) {
    SseConnection before;
    lock.lock();
    try {
      if (abandoned || afterEvent >= nextNumber || afterEvent >= 0 && afterEvent + 1 < firstKept) {
        return false;
      }
      before = connection;
      connection = next;
      next.onGone(this::detached);
      if (afterEvent < 0) {
        if (priming) {
          write(priming());
        }
      } else {
        long n = firstKept;
        for (byte[] event : kept) {
          if (n++ > afterEvent && !write(event)) {
            break;
          }
        }
      }
      if (finished && connection == next) {
        connection = null;
        next.end();
      } else if (connection == next) {
        sinceNanos = 0;
      }
    } finally {
      lock.unlock();
    }
    if (before != null) {
      before.end();
    }
    return true;
  }

  private byte[] priming() {
    String retry = retryMillis > 0 ? "retry: " + retryMillis + "\n" : "";
    // "data: " with its space: the MCP Java SDK's client (2.0.1) skips a "data:" line with nothing
    // after it and then waits for ever on the blank line that ends the event.
    return ("id: " + primingId() + "\n" + retry + "data: \n\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromRunnable(() -> send(message));
  }

  private void send(McpSchema.JSONRPCMessage message) {
    byte[] data = StdioTransport.encode(Json.write(message));
    boolean answer = message instanceof McpSchema.JSONRPCResponse;
    lock.lock();
    try {
      if (finished || abandoned) {
        return;
      }
      long id = nextNumber++;
      byte[] head =
          ("id: " + number + "-" + id + "\nevent: message\ndata: ")
              .getBytes(StandardCharsets.UTF_8);
      byte[] event = new byte[head.length + data.length + 1];
      System.arraycopy(head, 0, event, 0, head.length);
      System.arraycopy(data, 0, event, head.length, data.length);
      event[event.length - 1] = EVENT_END[0];
      keep(event);
      if (connection != null) {
        write(event);
      }
      if (answer) {
        // The answer is the last event of a request's stream: it ends after it.
        finish();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keeps an event for a client that may resume, dropping the oldest beyond the bounds. */
  private void keep(byte[] event) {
    if (TOTAL_KEPT.get() + event.length > MAX_TOTAL_BYTES) {
      // The server keeps enough already: a client that resumes before this event gets no replay.
      drop(kept.size());
      firstKept = nextNumber;
      return;
    }
    kept.addLast(event);
    keptBytes += event.length;
    TOTAL_KEPT.addAndGet(event.length);
    int over = 0;
    long bytes = keptBytes;
    for (byte[] e : kept) {
      if (kept.size() - over <= 1 || kept.size() - over <= MAX_EVENTS && bytes <= MAX_BYTES) {
        break;
      }
      bytes -= e.length;
      over++;
    }
    drop(over);
  }

  private void drop(int count) {
    for (int i = 0; i < count; i++) {
      byte[] e = kept.removeFirst();
      keptBytes -= e.length;
      TOTAL_KEPT.addAndGet(-e.length);
      firstKept++;
    }
  }

  /** Writes to the connection; false (and the connection dropped) when the client has gone. */
  private boolean write(byte[] event) {
    SseConnection c = connection;
    if (c == null) {
      return false;
    }
    if (!c.write(event)) {
      detached(c); // idempotent: the connection's own onGone may have run it already
      return false;
    }
    return true;
  }

  /**
   * The connection's client went away: the stream waits to be resumed, or is abandoned at once when
   * there is no window for resuming.
   */
  private void detached(SseConnection gone) {
    lock.lock();
    try {
      if (connection != gone) {
        return;
      }
      connection = null;
      if (!finished) {
        sinceNanos = System.nanoTime();
      }
    } finally {
      lock.unlock();
    }
    if (windowNanos == 0) {
      expire();
    }
  }

  private void finish() {
    finished = true;
    sinceNanos = System.nanoTime();
    SseConnection c = connection;
    connection = null;
    if (c != null) {
      c.end();
    }
  }

  /**
   * Ends the stream when its resume window has passed: a finished one is forgotten, one whose
   * client went away and did not come back is abandoned, and its {@code onAbandoned} action runs.
   *
   * @return true when the stream is over and may be forgotten
   */
  boolean expire() {
    boolean abandon;
    // A write blocked on a client that does not read holds the lock: try again at the next tick
    // rather than hold up the thread that keeps every other stream and session on time.
    if (!lock.tryLock()) {
      return false;
    }
    try {
      if (sinceNanos == 0 || System.nanoTime() - sinceNanos < windowNanos) {
        return false;
      }
      abandon = !finished && !abandoned;
      abandoned = true;
      drop(kept.size());
    } finally {
      lock.unlock();
    }
    if (abandon) {
      onAbandoned.accept(
          windowNanos == 0
              ? "the client went away"
              : "the client went away and did not resume its stream within "
                  + Durations.show(Duration.ofNanos(windowNanos)));
    }
    return true;
  }

  /**
   * Whether the stream has neither finished nor been abandoned; without waiting for the lock, which
   * a write to a slow client may hold.
   */
  boolean running() {
    return !finished && !abandoned;
  }

  /**
   * Ends the stream for good, with no window for resuming: the session is closing. A stream still
   * running is abandoned: its {@code onAbandoned} action stops its call, whose answer nobody could
   * receive any more.
   */
  void discard() {
    boolean abandon;
    lock.lock();
    try {
      abandon = !finished && !abandoned;
      abandoned = true;
      finished = true;
      drop(kept.size());
      SseConnection c = connection;
      connection = null;
      if (c != null) {
        c.end();
      }
    } finally {
      lock.unlock();
    }
    if (abandon) {
      onAbandoned.accept("its MCP session was closed");
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return Json.MAPPER.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /** Ends the stream: its connection, if any, ends after the event under way. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!finished) {
        finish();
      }
    } finally {
      lock.unlock();
    }
  }
}
