package io.github.lmstudiojava.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okio.BufferedSink;
import okio.ForwardingSource;
import okio.Okio;
import okio.Pipe;
import okio.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamBodyTest {
  private final Pipe pipe = new Pipe(1024);
  private final BufferedSink sink = Okio.buffer(pipe.sink());
  private final List<String> closedBy = new CopyOnWriteArrayList<>();
  private final StreamBody body = StreamBody.replay(Okio.buffer(new RecordingClose(pipe.source())));
  private final ExecutorService readers =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "reader"));

  /** Records which thread closed the source, and how often. */
  private final class RecordingClose extends ForwardingSource {
    RecordingClose(Source delegate) {
      super(delegate);
    }

    @Override
    public void close() throws IOException {
      closedBy.add(Thread.currentThread().getName());
      super.close();
    }
  }

  @AfterEach
  void stopReader() {
    readers.shutdownNow();
  }

  @Test
  void aCloseAskedDuringAReadIsDoneByTheReaderWhenItsReadReturns() throws Exception {
    Future<SseEvent> read = readers.submit(body::next);
    awaitBlocked();

    body.close();

    assertThat(closedBy).isEmpty();
    assertThat(body.isClosed()).isFalse();

    sink.writeUtf8("event: chat.start\ndata: {}\n\n").flush();

    assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(new SseEvent("chat.start", "{}", null));
    assertThat(closedBy).containsExactly("reader");
    assertThat(body.isClosed()).isTrue();
    assertThatThrownBy(body::next)
        .isInstanceOf(IOException.class)
        .hasMessage("the stream's body was closed");
    body.close();
    assertThat(closedBy).hasSize(1);
  }

  @Test
  void aReadThatFailsAfterACloseWasAskedStillCloses() throws Exception {
    Future<SseEvent> read = readers.submit(body::next);
    awaitBlocked();
    body.close();

    sink.close();

    assertThat(read.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(closedBy).containsExactly("reader");
  }

  @Test
  void closingWhileNobodyReadsClosesAtOnceAndOnlyOnce() throws Exception {
    sink.writeUtf8("data: one\n\n").flush();
    assertThat(body.next()).isEqualTo(new SseEvent(null, "one", null));

    body.close();
    body.close();

    assertThat(closedBy).containsExactly(Thread.currentThread().getName());
    assertThatThrownBy(body::next).isInstanceOf(IOException.class);
  }

  @Test
  void manyThreadsClosingAtOnceCloseOnce() throws Exception {
    int threads = 8;
    ExecutorService closers = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      for (int i = 0; i < threads; i++) {
        closers.execute(
            () -> {
              try {
                go.await();
                body.close();
              } catch (Throwable t) {
                failed.set(t);
              }
            });
      }
      go.countDown();
      closers.shutdown();
      assertThat(closers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      assertThat(failed.get()).isNull();
      assertThat(closedBy).hasSize(1);
    } finally {
      closers.shutdownNow();
    }
  }

  /** Waits until the reader thread is blocked in the pipe, waiting for bytes. */
  private void awaitBlocked() throws InterruptedException {
    Thread reader = findReader();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!(reader.getState() == Thread.State.WAITING && readsTheBody(reader))) {
      assertThat(System.nanoTime()).as("reader blocked in time").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static boolean readsTheBody(Thread reader) {
    for (StackTraceElement frame : reader.getStackTrace()) {
      if (frame.getClassName().equals(StreamBody.class.getName())
          && frame.getMethodName().equals("next")) {
        return true;
      }
    }
    return false;
  }

  private static Thread findReader() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals("reader")) {
          return t;
        }
      }
      assertThat(System.nanoTime()).as("reader started in time").isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
