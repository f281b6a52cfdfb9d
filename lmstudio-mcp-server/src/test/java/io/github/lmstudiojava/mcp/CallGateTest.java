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
    waitUntilWaiting(gate, 1);

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
    waitUntilWaiting(gate, 1);

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

    waitUntilWaiting(gate, 1);
    assertThat(waiting).isNotDone();
    stop.countDown();

    assertThat(waiting.get(5, TimeUnit.SECONDS))
        .isInstanceOf(CallGate.StoppedWaiting.class)
        .hasMessage("while waiting for a turn behind 1 long calls");
    // The stopped call left the line: two may wait again behind the running one.
    assertThat(gate.waiting()).isZero();
    CompletableFuture<CallGate.Permit> first = enterLater(gate, "a");
    CompletableFuture<CallGate.Permit> second = enterLater(gate, "b");
    waitUntilWaiting(gate, 2);
    held.close();
    closeInTurn(first, second);
  }

  @Test
  void oneClientCannotFillTheLineForTheOthers() throws Exception {
    CallGate gate = new CallGate(1, 1, 8);
    CallGate.Permit running = gate.enter("greedy", never);
    CompletableFuture<CallGate.Permit> waiting = enterLater(gate, "greedy");
    waitUntilWaiting(gate, 1);

    assertThatThrownBy(() -> gate.enter("greedy", never)).isInstanceOf(CallGate.Busy.class);
    CompletableFuture<CallGate.Permit> other = enterLater(gate, "polite");
    waitUntilWaiting(gate, 2);

    running.close();
    closeInTurn(waiting, other);
  }

  private CompletableFuture<CallGate.Permit> enterLater(CallGate gate, String client) {
    return CompletableFuture.supplyAsync(() -> gate.enter(client, never), threads);
  }

  /** Two waiting calls get the one turn after the other, in either order. */
  private static void closeInTurn(
      CompletableFuture<CallGate.Permit> a, CompletableFuture<CallGate.Permit> b) throws Exception {
    CallGate.Permit firstIn =
        (CallGate.Permit) CompletableFuture.anyOf(a, b).get(5, TimeUnit.SECONDS);
    assertThat(a.isDone() && b.isDone()).as("only one turn at a time").isFalse();
    firstIn.close();
    CompletableFuture<CallGate.Permit> other = a.getNow(null) == firstIn ? b : a;
    other.get(5, TimeUnit.SECONDS).close();
  }

  /** Waits until that many calls are parked in the gate's line. */
  private static void waitUntilWaiting(CallGate gate, int calls) throws InterruptedException {
    while (gate.waiting() < calls) {
      Thread.sleep(10);
    }
  }
}
