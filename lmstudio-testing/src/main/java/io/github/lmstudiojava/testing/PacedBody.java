package io.github.lmstudiojava.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body written piece by piece, flushed after each piece, with a pause before each; it
 * can stop early by dropping the connection or by going silent.
 *
 * <p>The announced {@code Content-Length} is always the whole body, so a client that gets fewer
 * bytes sees a broken stream, not a short one.
 */
final class PacedBody implements MockResponseBody {
  /** How the body ends. */
  enum Ending {
    COMPLETE,
    CUT,
    STALL
  }

  private final List<byte[]> pieces = new ArrayList<>();
  private final List<Long> delaysNanos;
  private final Ending ending;
  private final int stopAfter;
  private final CountDownLatch released;
  private final long maxStallNanos;
  private final long length;

  PacedBody(
      Reply reply, Ending ending, int stopAfter, CountDownLatch released, long maxStallNanos) {
    long total = 0;
    for (String frame : reply.frames()) {
      byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
      pieces.add(bytes);
      total += bytes.length;
    }
    this.delaysNanos = reply.delaysNanos();
    this.ending = ending;
    this.stopAfter = ending == Ending.COMPLETE ? pieces.size() : Math.min(stopAfter, pieces.size());
    this.released = released;
    this.maxStallNanos = maxStallNanos;
    // A cut or stall announces one byte more than it has, so even "after every event" is
    // visibly incomplete.
    this.length = ending == Ending.COMPLETE ? total : total + 1;
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    for (int i = 0; i < stopAfter; i++) {
      pause(delaysNanos.get(i));
      sink.write(pieces.get(i));
      sink.flush();
    }
    if (ending == Ending.COMPLETE) {
      return;
    }
    if (ending == Ending.STALL) {
      // Silence until the fake closes (or the stall limit passes); the client's timeout should
      // give up first and close the connection.
      await();
    }
    // Throwing makes MockWebServer drop the connection with the body unfinished.
    throw new IOException("the fake dropped the connection on purpose (" + ending + ")");
  }

  private void await() throws IOException {
    try {
      released.await(maxStallNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stalling");
    }
  }

  private void pause(long nanos) throws IOException {
    if (nanos <= 0) {
      return;
    }
    try {
      if (released.await(nanos, TimeUnit.NANOSECONDS)) {
        throw new IOException("the fake was closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pausing");
    }
  }
}
