package io.github.lmstudiojava.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudioTimeoutException.Kind;
import io.github.lmstudiojava.client.Timeouts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamTimersTest {
  private static final Duration SHORT = Duration.ofMillis(100);
  private static final Duration LONG = Duration.ofMinutes(5);

  private final CountDownLatch expired = new CountDownLatch(1);

  @Test
  void withoutAnyEventTheFirstEventLimitRunsOut() throws InterruptedException {
    StreamTimers timers = timers(new Timeouts(LONG, LONG, SHORT, LONG, LONG));

    timers.start();

    assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(timers.expired()).isEqualTo(Kind.FIRST_EVENT);
    assertThat(timers.eventSeen()).isFalse();
  }

  @Test
  void anEventSwitchesToTheLimitOfThePhaseItBegins() throws InterruptedException {
    StreamTimers timers = timers(new Timeouts(LONG, LONG, LONG, SHORT, LONG));

    timers.start();
    timers.onEvent(Kind.IDLE);

    assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(timers.expired()).isEqualTo(Kind.IDLE);
    assertThat(timers.eventSeen()).isTrue();
  }

  @Test
  void aPhaseWithoutALimitNeverRunsOutAndStopEndsTheWatch() throws InterruptedException {
    StreamTimers timers = timers(new Timeouts(LONG, Duration.ZERO, SHORT, SHORT, LONG));

    timers.start();
    timers.onEvent(Kind.MODEL_LOAD);

    assertThat(expired.await(400, TimeUnit.MILLISECONDS)).isFalse();
    timers.stop();
    timers.onEvent(Kind.IDLE);
    assertThat(expired.await(400, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(timers.expired()).isNull();
  }

  @Test
  void timersThatNeverStartedNeverRunOut() throws InterruptedException {
    StreamTimers timers = timers(new Timeouts(SHORT, SHORT, SHORT, SHORT, SHORT));

    timers.onEvent(Kind.IDLE);

    assertThat(expired.await(400, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(timers.limitOf(Kind.FIRST_EVENT)).isEqualTo(SHORT);
  }

  private StreamTimers timers(Timeouts timeouts) {
    return new StreamTimers(timeouts, expired::countDown);
  }
}
