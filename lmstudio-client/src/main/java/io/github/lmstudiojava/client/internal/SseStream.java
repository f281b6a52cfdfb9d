package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.JsonDataException;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Timeouts;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One event stream: the HTTP call, the SSE reader, the timeouts, and the result accumulated by its
 * {@link StreamProtocol}. Both the pull ({@link SseEventStream}) and push ({@link SseStreamCall})
 * shapes drive it.
 *
 * <p>Reads happen on one thread; {@link #cancel()}, {@link #close()} and the watchdog may be called
 * from any.
 *
 * @param <E> the event type
 * @param <R> the result type
 */
public final class SseStream<E, R> {
  private final Transport transport;
  private final Call call;
  private final Timeouts timeouts;
  private final String what;
  private final StreamProtocol<E, R> protocol;

  private final StreamTimers timers;
  private final CallTrace trace;
  private volatile boolean cancelled;
  private volatile StreamBody body;
  private volatile boolean finished;
  private volatile RuntimeException failure;
  private final java.util.concurrent.atomic.AtomicReference<Runnable> onEnd =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * A stream over an HTTP call that has not started yet.
   *
   * @param transport the transport that made the call
   * @param call the call
   * @param timeouts the limits in force
   * @param protocol the stream's protocol
   */
  public SseStream(
      Transport transport, Call call, Timeouts timeouts, StreamProtocol<E, R> protocol) {
    this.transport = transport;
    this.call = call;
    this.timeouts = timeouts;
    this.protocol = protocol;
    this.what = Transport.describe(call.request());
    this.timers = new StreamTimers(timeouts, call::cancel);
    this.trace = transport.trace(call.request(), true);
    transport.track(this);
  }

  private SseStream(BufferedSource source, StreamProtocol<E, R> protocol) {
    this.transport = null;
    this.call = null;
    this.timeouts = Timeouts.defaults();
    this.protocol = protocol;
    this.what = "a replayed stream";
    this.timers = new StreamTimers(timeouts, () -> {});
    this.trace = CallTrace.NONE;
    this.body = StreamBody.replay(source);
  }

  /**
   * A stream over recorded bytes: no HTTP call, no timers.
   *
   * @param source the recorded event stream
   * @param protocol the stream's protocol
   * @param <E> the event type
   * @param <R> the result type
   * @return the stream
   */
  public static <E, R> SseStream<E, R> replay(
      BufferedSource source, StreamProtocol<E, R> protocol) {
    return new SseStream<>(source, protocol);
  }

  /**
   * The HTTP call, or null for a replayed stream.
   *
   * @return the call
   */
  public Call call() {
    return call;
  }

  /**
   * Runs an action once when the stream ends, however it ends: its last event, a failure, a
   * cancellation, a close, or a refused request.
   *
   * @param action the action, such as releasing a parallel slot
   */
  public void onEnd(Runnable action) {
    onEnd.set(action);
  }

  private void ended() {
    Runnable action = onEnd.getAndSet(null);
    if (action != null) {
      action.run();
    }
  }

  /** Starts the first-event timer and tells the listeners; call just before sending the request. */
  public void startTimers() {
    trace.start();
    timers.start();
  }

  /** Sends the request on this thread and checks the response. */
  public void open() {
    startTimers();
    Response opened;
    try {
      opened = transport.openStream(call, LmStudioTimeoutException.Kind.CALL, timeouts.call());
    } catch (LmStudioException e) {
      timers.stop();
      RuntimeException failed = timers.expired() != null ? timeout(e.getCause()) : e;
      trace.failed(failed);
      ended();
      throw failed;
    }
    attach(opened);
  }

  /**
   * Takes a response received by an asynchronous call; checks it first.
   *
   * @param opened the response
   */
  public void attachChecked(Response opened) {
    try {
      transport.checkStreamResponse(call.request(), opened);
    } catch (IOException e) {
      opened.close();
      timers.stop();
      RuntimeException failed = failure(e);
      trace.failed(failed);
      ended();
      throw failed;
    } catch (RuntimeException e) {
      opened.close();
      timers.stop();
      trace.failed(e);
      ended();
      throw e;
    }
    attach(opened);
  }

  private void attach(Response opened) {
    StreamBody attached = StreamBody.of(opened);
    body = attached;
    if (finished) {
      // Closed by another thread while the response was on its way.
      attached.close();
    }
  }

  /**
   * The next event, or null once the stream is complete.
   *
   * @return the event, or null at the end
   * @throws LmStudioStreamException when the stream broke or ended early
   * @throws LmStudioTimeoutException when a limit ran out
   * @throws CancellationException when the stream was cancelled
   */
  public E next() {
    if (finished) {
      return null;
    }
    if (cancelled) {
      throw finish(new CancellationException("the stream was cancelled"));
    }
    SseEvent sse;
    try {
      sse = body.next();
    } catch (IOException e) {
      throw finish(failure(e));
    }
    if (sse == null) {
      RuntimeException early = protocol.isComplete() ? null : protocol.endedEarly(what);
      finish(early);
      if (early != null) {
        throw early;
      }
      return null;
    }
    E event;
    try {
      event = protocol.decode(sse);
    } catch (IOException | JsonDataException e) {
      throw finish(
          new LmStudioStreamException(
              "LM Studio sent "
                  + (sse.event() != null ? "a " + sse.event() + " event" : "an event")
                  + " that could not be read ("
                  + e.getMessage()
                  + "); the stream was stopped. Received so far: "
                  + protocol.describePartial(),
              null,
              protocol.partial(),
              protocol.partialText(),
              e));
    }
    if (event == null) {
      if (protocol.isComplete()) {
        finish(null);
        return null;
      }
      return next();
    }
    timers.onEvent(protocol.phaseAfter(event));
    protocol.accept(event);
    if (trace.isActive()) {
      protocol.observe(event, trace);
    }
    if (protocol.isComplete()) {
      finish(null);
    }
    return event;
  }

  /**
   * The final result, once {@link #next()} returned null; a failure is thrown again.
   *
   * @return the result
   */
  public R result() {
    RuntimeException failed = failure;
    if (failed != null) {
      throw failed;
    }
    return protocol.result();
  }

  /**
   * Whether the stream is over: ended with {@code chat.end}, failed, or cancelled.
   *
   * @return true when no more events will come
   */
  public boolean isFinished() {
    return finished;
  }

  /**
   * Ends the stream with a failure found outside {@link #next()} (such as a listener's exception,
   * or a failed connection of an asynchronous call), so that its listeners hear that failure rather
   * than a cancellation when it is closed.
   *
   * @param failure the failure
   */
  public void fail(RuntimeException failure) {
    finish(failure);
  }

  /** Cancels the HTTP call at once; the reading thread sees a cancellation. */
  public void cancel() {
    cancelled = true;
    if (call != null) {
      call.cancel();
    }
    timers.stop();
  }

  /** Releases the connection; cancels the call first if the stream is not over. */
  public void close() {
    if (!finished) {
      cancel();
      trace.failed(new CancellationException("the stream was closed before its end"));
    }
    finished = true;
    timers.stop();
    closeBody();
    untrack();
    ended();
  }

  private void untrack() {
    if (transport != null) {
      transport.untrack(this);
    }
  }

  private void closeBody() {
    StreamBody opened = body;
    if (opened != null) {
      opened.close();
    }
  }

  /**
   * Maps an I/O failure of this stream, before or after the response arrived.
   *
   * @param e the failure
   * @return the typed exception
   */
  public RuntimeException failure(IOException e) {
    if (timers.expired() != null) {
      return timeout(e);
    }
    if (cancelled) {
      return cancellation(e);
    }
    if (call == null) {
      return new LmStudioStreamException(
          "Could not read " + what + " (" + e + ")",
          null,
          protocol.partial(),
          protocol.partialText(),
          e);
    }
    if (e instanceof InterruptedIOException && call.isCanceled()) {
      return new LmStudioTimeoutException(
          what
              + " took longer than "
              + timeouts.call()
              + " (call timeout). Received so far: "
              + protocol.describePartial(),
          LmStudioTimeoutException.Kind.CALL,
          timeouts.call(),
          protocol.partial(),
          protocol.partialText(),
          body != null,
          e);
    }
    if (body == null) {
      return Errors.ioFailure(
          transport.baseUrl(),
          what,
          e,
          LmStudioTimeoutException.Kind.CALL,
          timeouts.call(),
          transport.connectTimeout());
    }
    return new LmStudioStreamException(
        "LM Studio closed the connection in the middle of its answer to "
            + what
            + " ("
            + e
            + "); it may have crashed or restarted. Received so far: "
            + protocol.describePartial(),
        null,
        protocol.partial(),
        protocol.partialText(),
        e);
  }

  private static CancellationException cancellation(Exception cause) {
    CancellationException c = new CancellationException("the stream was cancelled");
    c.initCause(cause);
    return c;
  }

  private LmStudioTimeoutException timeout(Throwable cause) {
    LmStudioTimeoutException.Kind kind = timers.expired();
    Duration limit = timers.limitOf(kind);
    String which;
    if (kind == LmStudioTimeoutException.Kind.FIRST_EVENT) {
      which =
          timers.eventSeen()
              ? "prompt processing went " + limit + " without an event (first-event timeout)"
              : "no event arrived within "
                  + limit
                  + " of sending the request (first-event timeout)";
    } else if (kind == LmStudioTimeoutException.Kind.MODEL_LOAD) {
      which = "loading the model went " + limit + " without an event (model-load timeout)";
    } else {
      which = "no event arrived for " + limit + " (idle timeout)";
    }
    return new LmStudioTimeoutException(
        what
            + ": "
            + which
            + "; the call was cancelled. Raise the limit with Timeouts if the"
            + " model needs longer. Received so far: "
            + protocol.describePartial(),
        kind,
        limit,
        protocol.partial(),
        protocol.partialText(),
        body != null,
        cause);
  }

  private RuntimeException finish(RuntimeException failure) {
    if (failure != null && this.failure == null) {
      this.failure = failure;
    }
    if (failure == null) {
      StreamBody opened = body;
      trace.answered(opened != null ? opened.code() : 200);
      trace.end();
    } else {
      trace.failed(failure);
    }
    finished = true;
    timers.stop();
    closeBody();
    untrack();
    if (failure != null && call != null) {
      call.cancel();
    }
    ended();
    return failure;
  }
}
