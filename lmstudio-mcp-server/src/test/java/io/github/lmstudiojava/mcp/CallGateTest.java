package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CallGateTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aCallBeyondTheRunningAndWaitingLimitsIsRefusedAtOnceNamingTheFlags() throws Exception {
    CallGate gate = new CallGate(1, 1, 1);
    CallGate.Permit first = gate.enter("a", never);
    Future<CallGate.Permit> second = threads.submit(() -> gate.enter("b", never));
    waitUntilWaiting(second);

    assertThatThrownBy(() -> gate.enter("c", never))
        .isInstanceOf(CallGate.Busy.class)
        .hasMessageContaining("1 running and 1 waiting")
        .hasMessageContaining("--max-long-calls 1")
        .hasMessageContaining("--long-call-queue 1");

    first.close();
    second.get(5, TimeUnit.SECONDS).close();
    gate.enter("c", never).close();
  }

  @Test
  void oneClientCannotTakeEveryTurn() throws Exception {
    CallGate gate = new CallGate(3, 2, 4);
    CallGate.Permit a1 = gate.enter("a", never);
    CallGate.Permit a2 = gate.enter("a", never);
    Future<CallGate.Permit> a3 = threads.submit(() -> gate.enter("a", never));
    waitUntilWaiting(a3);

    CallGate.Permit b1 = gate.enter("b", never);
    assertThat(a3.isDone()).isFalse();

    a1.close();
    a1.close(); // a second close gives back nothing more
    a3.get(5, TimeUnit.SECONDS).close();
    a2.close();
    b1.close();
    CallGate.Permit[] all = {
      gate.enter("a", never), gate.enter("a", never), gate.enter("b", never)
    };
    for (CallGate.Permit p : all) {
      p.close();
    }
  }

  @Test
  void aWaitingCallStopsWaitingWhenItIsCancelledOrOutOfTime() throws Exception {
    CallGate gate = new CallGate(1, 1, 2);
    CallGate.Permit held = gate.enter(null, never);
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Throwable> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                gate.enter(null, stop).close();
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            },
            threads);

    Thread.sleep(200);
    assertThat(waiting).isNotDone();
    stop.countDown();

    assertThat(waiting.get(5, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stopped while waiting for a turn");
    held.close();
    // The stopped call left the line: two may wait again behind a running one.
    CallGate.Permit again = gate.enter(null, never);
    again.close();
  }

  /** Waits until the call is parked in the gate's line (not done after a moment). */
  private static void waitUntilWaiting(Future<?> call) throws InterruptedException {
    Thread.sleep(200);
    assertThat(call.isDone()).as("the call waits for a turn").isFalse();
  }
}
