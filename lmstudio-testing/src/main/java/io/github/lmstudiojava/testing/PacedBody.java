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
 * A response body written piece by piece, with a pause before each (flushed before each pause); it
 * can stop early by dropping the connection or by going silent.
 *
 * <p>A complete event stream is sent with chunked transfer coding, one chunk per event, each event
 * formatted only when its turn comes, as LM Studio streams. Other bodies announce a {@code
 * Content-Length}, which before a fault is always more than is sent, so a client sees a broken
 * stream, not a short one. A cut relies on MockWebServer's {@code onResponseBody} socket effect,
 * which fires once half the announced length is written: the body announces twice what it sends
 * before the cut.
 */
final class PacedBody implements MockResponseBody {
  /** How the body ends. */
  enum Ending {
    COMPLETE,
    CUT,
    STALL
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

  private final List<byte[]> pieces = new ArrayList<>();
  private final List<Long> delaysNanos = new ArrayList<>();
  private final Reply chunked;
  private final Ending ending;
  private final int stopAfter;
  private final CountDownLatch released;
  private final long maxStallNanos;
  private final long length;
  private final long sentBeforeFault;

  PacedBody(
      Reply reply, Ending ending, int stopAfter, CountDownLatch released, long maxStallNanos) {
    this.ending = ending;
    this.released = released;
    this.maxStallNanos = maxStallNanos;
    if (ending == Ending.COMPLETE && reply.isStream()) {
      this.chunked = reply;
      this.stopAfter = reply.frames().size();
      this.sentBeforeFault = 0;
      this.length = -1;
      return;
    }
    this.chunked = null;
    int stop = ending == Ending.COMPLETE ? reply.frames().size() : stopAfter;
    stop = Math.min(stop, reply.frames().size());
    if (ending == Ending.CUT && stop == 0) {
      // The cut needs at least one byte sent; a blank line means nothing to an SSE reader.
      pieces.add(new byte[] {'\n'});
      delaysNanos.add(0L);
      stop = 1;
    }
    long total = 0;
    for (int i = 0; i < reply.frames().size(); i++) {
      byte[] bytes = reply.frames().get(i).getBytes(StandardCharsets.UTF_8);
      pieces.add(bytes);
      delaysNanos.add(reply.delaysNanos().get(i));
      total += bytes.length;
    }
    long sent = 0;
    for (int i = 0; i < stop; i++) {
      sent += pieces.get(i).length;
    }
    this.stopAfter = stop;
    this.sentBeforeFault = sent;
    if (ending == Ending.COMPLETE) {
      this.length = total;
    } else if (ending == Ending.CUT) {
      this.length = 2 * sent;
    } else {
      // One byte more than the whole body, so even a stall after every event is incomplete.
      this.length = total + 1;
    }
  }

  @Override
  public long getContentLength() {
    return length;
  }

  /** Whether the body is sent in chunks, with no {@code Content-Length}. */
  boolean isChunked() {
    return chunked != null;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    if (chunked != null) {
      writeChunks(sink);
      return;
    }
    for (int i = 0; i < stopAfter; i++) {
      pause(delaysNanos.get(i));
      sink.write(pieces.get(i));
      // Flush before every pause and at the end; pieces sent back to back share packets, so a
      // long undelayed stream costs one write per buffer, not one per event.
      if (i == stopAfter - 1 || delaysNanos.get(i + 1) > 0) {
        sink.flush();
      }
    }
    if (ending == Ending.CUT) {
      // The socket effect closed the connection when the last byte above went out; MockWebServer
      // discards this padding.
      sink.write(new byte[(int) sentBeforeFault]);
      return;
    }
    if (ending == Ending.STALL) {
      // Silence until the fake closes (or the stall limit passes); the client's timeout should
      // give up first and close the connection.
      await();
      throw new IOException("the fake ended a stalled response");
    }
  }

  private void writeChunks(BufferedSink sink) throws IOException {
    List<String> frames = chunked.frames();
    List<Long> delays = chunked.delaysNanos();
    for (int i = 0; i < stopAfter; i++) {
      pause(delays.get(i));
      byte[] bytes = frames.get(i).getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0) {
        // A chunk of size zero would end the body.
        sink.writeHexadecimalUnsignedLong(bytes.length).write(CRLF).write(bytes).write(CRLF);
      }
      if (i == stopAfter - 1 || delays.get(i + 1) > 0) {
        sink.flush();
      }
    }
    // The last chunk; MockWebServer writes the (empty) trailers after it.
    sink.write(LAST_CHUNK);
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
