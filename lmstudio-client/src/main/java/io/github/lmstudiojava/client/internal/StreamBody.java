package io.github.lmstudiojava.client.internal;

import java.io.Closeable;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The body of one event stream and its reader: read by one thread, closed exactly once.
 *
 * <p>An OkHttp response body must not be closed by two threads at once, nor while another thread
 * reads it: closing discards the rest of the body under a deadline set on the connection's shared
 * timeout, so a second close or a read running beside it finds that deadline cleared ("No
 * deadline") or shares the buffers being read. So a close asked for while a read is under way is
 * left to the reading thread, which closes the body as soon as its read returns; whoever asks
 * cancels the call first, which makes that read return at once.
 */
final class StreamBody {
  private final Closeable closeable;
  private final SseReader reader;
  private final int code;
  private boolean reading;
  private boolean closeAsked;
  private boolean closed;

  private StreamBody(Closeable closeable, BufferedSource source, int code) {
    this.closeable = closeable;
    this.reader = new SseReader(source);
    this.code = code;
  }

  /**
   * The body of a response.
   *
   * @param response the response, whose body is an event stream
   * @return the body
   */
  static StreamBody of(Response response) {
    return new StreamBody(response, response.body().source(), response.code());
  }

  /**
   * Recorded bytes, read as if they were a response with status 200.
   *
   * @param source the recorded event stream
   * @return the body
   */
  static StreamBody replay(BufferedSource source) {
    return new StreamBody(source, source, 200);
  }

  /**
   * The HTTP status of the response.
   *
   * @return the status
   */
  int code() {
    return code;
  }

  /**
   * Reads the next event; only one thread may call this.
   *
   * @return the event, or null at the end of the stream
   * @throws IOException when reading fails, or the body was closed
   */
  SseEvent next() throws IOException {
    synchronized (this) {
      if (closed || closeAsked) {
        throw new IOException("the stream's body was closed");
      }
      reading = true;
    }
    try {
      return reader.next();
    } finally {
      boolean closeNow;
      synchronized (this) {
        reading = false;
        closeNow = closeAsked && !closed;
        closed |= closeNow;
      }
      if (closeNow) {
        closeQuietly();
      }
    }
  }

  /**
   * Closes the body now, or, when another thread is reading it, as soon as that read returns. Any
   * thread may call this, any number of times.
   */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (reading) {
        closeAsked = true;
        return;
      }
      closed = true;
    }
    closeQuietly();
  }

  /**
   * Whether the body was closed, by this thread or by the reading thread.
   *
   * @return true once closed
   */
  synchronized boolean isClosed() {
    return closed;
  }

  private void closeQuietly() {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Only a replayed source can throw here, and only after its data was read.
    }
  }
}
