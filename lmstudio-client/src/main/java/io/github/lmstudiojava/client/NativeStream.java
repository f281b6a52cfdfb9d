package io.github.lmstudiojava.client;

import com.squareup.moshi.JsonDataException;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.SseReader;
import io.github.lmstudiojava.client.internal.Transport;
import io.github.lmstudiojava.client.internal.Watchdog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One native chat stream: the HTTP call, the SSE reader, the timeouts, and the accumulated result.
 * Both the pull ({@link ChatStream}) and push ({@link ChatCall}) shapes drive it.
 *
 * <p>Reads happen on one thread; {@link #cancel()} and the watchdog may be called from any.
 */
final class NativeStream {
  private final Transport transport;
  private final Call call;
  private final Timeouts timeouts;
  private final String what;
  private final ChatAccumulator accumulator = new ChatAccumulator();

  private volatile long lastEventNanos;
  private volatile boolean eventSeen;
  private volatile LmStudioTimeoutException.Kind phase = LmStudioTimeoutException.Kind.FIRST_EVENT;
  private volatile LmStudioTimeoutException.Kind timedOut;
  private volatile boolean cancelled;
  private volatile Future<?> watchdogTask;
  private Response response;
  private SseReader reader;
  private BufferedSource source;
  private volatile boolean finished;
  private volatile RuntimeException failure;

  NativeStream(Transport transport, Call call, Timeouts timeouts) {
    this.transport = transport;
    this.call = call;
    this.timeouts = timeouts;
    this.what = Transport.describe(call.request());
  }

  /** A stream over recorded bytes: no HTTP call, no timers. */
  private NativeStream(BufferedSource source) {
    this.transport = null;
    this.call = null;
    this.timeouts = Timeouts.defaults();
    this.what = "a replayed stream";
    this.reader = new SseReader(source);
    this.source = source;
  }

  static NativeStream replay(BufferedSource source) {
    return new NativeStream(source);
  }

  Call call() {
    return call;
  }

  /** Starts the first-event timer; call just before the request is sent. */
  void startTimers() {
    lastEventNanos = System.nanoTime();
    if (!timeouts.firstEvent().isZero()) {
      watchdogTask = Watchdog.schedule(this::checkTimers, timeouts.firstEvent());
    }
  }

  /** Sends the request on this thread and checks the response. */
  void open() {
    startTimers();
    Response opened;
    try {
      opened = transport.openStream(call, LmStudioTimeoutException.Kind.CALL, timeouts.call());
    } catch (LmStudioException e) {
      stopTimers();
      throw timedOut != null ? timeout(e.getCause()) : e;
    }
    attach(opened);
  }

  /** Takes a response received by an asynchronous call; checks it first. */
  void attachChecked(Response opened) {
    try {
      transport.checkStreamResponse(call.request(), opened);
    } catch (IOException e) {
      opened.close();
      stopTimers();
      throw failure(e);
    } catch (RuntimeException e) {
      opened.close();
      stopTimers();
      throw e;
    }
    attach(opened);
  }

  private void attach(Response opened) {
    this.response = opened;
    this.reader = new SseReader(opened.body().source());
  }

  /**
   * The next event, or null once the stream finished with {@code chat.end}.
   *
   * @throws LmStudioStreamException after an {@code error} event (once {@code chat.end} arrived),
   *     or when the stream broke or ended early
   * @throws LmStudioTimeoutException when a limit ran out
   * @throws CancellationException when the stream was cancelled
   */
  ChatEvent next() {
    if (finished) {
      return null;
    }
    if (cancelled) {
      throw finish(new CancellationException("the chat stream was cancelled"));
    }
    SseEvent sse;
    try {
      sse = reader.next();
    } catch (IOException e) {
      throw finish(failure(e));
    } catch (IllegalStateException e) {
      // close() on another thread can close the body between the checks above and this read.
      if (!cancelled) {
        throw e;
      }
      throw finish(cancellation(e));
    }
    if (sse == null) {
      RuntimeException failure =
          accumulator.error() != null
              ? errorEventFailure()
              : new LmStudioStreamException(
                  "The stream from "
                      + what
                      + " ended before chat.end (LM Studio stopped generating; a prompt longer than"
                      + " the model's context can do this). Received so far: "
                      + describe(accumulator.partial()),
                  null,
                  accumulator.partial(),
                  null);
      throw finish(failure);
    }
    ChatEvent event;
    try {
      event = ChatEventDecoder.decode(sse);
    } catch (IOException | JsonDataException e) {
      throw finish(
          new LmStudioStreamException(
              "LM Studio sent a "
                  + sse.event()
                  + " event that could not be read ("
                  + e.getMessage()
                  + "); the stream was stopped. Received so far: "
                  + describe(accumulator.partial()),
              null,
              accumulator.partial(),
              e));
    }
    onEvent(event);
    accumulator.accept(event);
    if (event instanceof ChatEvent.ChatEnd) {
      finish(null);
    }
    return event;
  }

  /** The final result, once {@link #next()} returned null; a failure is thrown again. */
  ChatResult result() {
    RuntimeException failed = failure;
    if (failed != null) {
      throw failed;
    }
    if (accumulator.error() != null) {
      throw errorEventFailure();
    }
    return accumulator.finalResult();
  }

  /**
   * Whether the stream is over: ended with {@code chat.end}, failed, or cancelled.
   *
   * @return true when no more events will come
   */
  boolean isFinished() {
    return finished;
  }

  void cancel() {
    cancelled = true;
    if (call != null) {
      call.cancel();
    }
    stopTimers();
  }

  /** Releases the connection; cancels the call first if the stream is not over. */
  void close() {
    if (!finished) {
      cancel();
    }
    finished = true;
    stopTimers();
    closeBody();
  }

  private void closeBody() {
    if (response != null) {
      response.close();
    } else if (source != null) {
      try {
        source.close();
      } catch (IOException ignored) {
        // Closing a replayed source can only fail after its data was read.
      }
    }
  }

  /** Maps an I/O failure of this stream, before or after the response arrived. */
  RuntimeException failure(IOException e) {
    if (timedOut != null) {
      return timeout(e);
    }
    if (cancelled) {
      return cancellation(e);
    }
    if (call == null) {
      return new LmStudioStreamException(
          "Could not read " + what + " (" + e + ")", null, accumulator.partial(), e);
    }
    if (e instanceof InterruptedIOException && call.isCanceled()) {
      return new LmStudioTimeoutException(
          what
              + " took longer than "
              + timeouts.call()
              + " (call timeout). Received so far: "
              + describe(accumulator.partial()),
          LmStudioTimeoutException.Kind.CALL,
          timeouts.call(),
          accumulator.partial(),
          e);
    }
    if (response == null) {
      return io.github.lmstudiojava.client.internal.Errors.ioFailure(
          transport.baseUrl(),
          what,
          e,
          LmStudioTimeoutException.Kind.CALL,
          timeouts.call(),
          transport.connectTimeout());
    }
    return new LmStudioStreamException(
        "The connection to LM Studio broke during "
            + what
            + " ("
            + e
            + "). Received so far: "
            + describe(accumulator.partial()),
        null,
        accumulator.partial(),
        e);
  }

  private static CancellationException cancellation(Exception cause) {
    CancellationException c = new CancellationException("the chat stream was cancelled");
    c.initCause(cause);
    return c;
  }

  private RuntimeException errorEventFailure() {
    StreamError error = accumulator.error();
    return new LmStudioStreamException(
        "LM Studio reported an error during "
            + what
            + ": "
            + error.message()
            + (error.type() == null ? "" : " [" + error.type() + "]"),
        error,
        accumulator.partial(),
        null);
  }

  private LmStudioTimeoutException timeout(Throwable cause) {
    LmStudioTimeoutException.Kind kind = timedOut;
    Duration limit = limitOf(kind);
    String which;
    if (kind == LmStudioTimeoutException.Kind.FIRST_EVENT) {
      which =
          eventSeen
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
            + describe(accumulator.partial()),
        kind,
        limit,
        accumulator.partial(),
        cause);
  }

  private Duration limitOf(LmStudioTimeoutException.Kind kind) {
    switch (kind) {
      case FIRST_EVENT:
        return timeouts.firstEvent();
      case MODEL_LOAD:
        return timeouts.modelLoad();
      default:
        return timeouts.idle();
    }
  }

  private RuntimeException finish(RuntimeException failure) {
    if (failure != null && this.failure == null) {
      this.failure = failure;
    }
    finished = true;
    stopTimers();
    closeBody();
    if (failure != null && call != null) {
      call.cancel();
    }
    return failure;
  }

  /**
   * Records activity and picks the silence allowed until the next event: loading a model and
   * processing a long prompt can each go quiet far longer than generation does.
   */
  private void onEvent(ChatEvent event) {
    lastEventNanos = System.nanoTime();
    LmStudioTimeoutException.Kind next = phase;
    if (event instanceof ChatEvent.ModelLoadStart || event instanceof ChatEvent.ModelLoadProgress) {
      next = LmStudioTimeoutException.Kind.MODEL_LOAD;
    } else if (event instanceof ChatEvent.ChatStart
        || event instanceof ChatEvent.ModelLoadEnd
        || event instanceof ChatEvent.PromptProcessingStart
        || event instanceof ChatEvent.PromptProcessingProgress) {
      // Until generation starts, the wait is prompt processing, bounded by the first-event limit.
      next = LmStudioTimeoutException.Kind.FIRST_EVENT;
    } else {
      next = LmStudioTimeoutException.Kind.IDLE;
    }
    boolean shorter = !eventSeen || limitOf(next).compareTo(limitOf(phase)) < 0;
    phase = next;
    if (!eventSeen) {
      eventSeen = true;
    }
    if (shorter && call != null) {
      // The pending check may be far off under the old limit; reschedule it under the new one.
      Future<?> task = watchdogTask;
      if (task != null) {
        task.cancel(false);
      }
      if (!limitOf(next).isZero()) {
        watchdogTask = Watchdog.schedule(this::checkTimers, limitOf(next));
      }
    }
  }

  private void checkTimers() {
    if (finished || cancelled) {
      return;
    }
    if (!eventSeen) {
      timedOut = LmStudioTimeoutException.Kind.FIRST_EVENT;
      call.cancel();
      return;
    }
    LmStudioTimeoutException.Kind current = phase;
    long limitNanos = limitOf(current).toNanos();
    if (limitNanos == 0) {
      return;
    }
    long silent = System.nanoTime() - lastEventNanos;
    if (silent >= limitNanos) {
      timedOut = current;
      call.cancel();
    } else {
      watchdogTask = Watchdog.schedule(this::checkTimers, Duration.ofNanos(limitNanos - silent));
    }
  }

  private void stopTimers() {
    Future<?> task = watchdogTask;
    if (task != null) {
      task.cancel(false);
    }
  }

  private static String describe(ChatResult partial) {
    String text = partial.text();
    if (text.isEmpty()) {
      return partial.reasoning().isEmpty()
          ? "nothing"
          : partial.reasoning().length() + " characters of reasoning";
    }
    return text.length() + " characters of text";
  }
}
