package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LogLimiter limiter = new LogLimiter(Duration.ofSeconds(10), now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void theFirstWarningIsLoggedAndTheRepeatsWithinTheIntervalAreHeldBack() {
    assertThat(limiter.admit("HTTP 401: no token")).isEqualTo("HTTP 401: no token");
    advance(Duration.ofSeconds(1));
    assertThat(limiter.admit("HTTP 401: no token")).isNull();
    advance(Duration.ofSeconds(8));
    assertThat(limiter.admit("HTTP 401: no token")).isNull();
  }

  @Test
  void theNextLineAfterTheIntervalCountsTheOnesHeldBack() {
    limiter.admit("HTTP 401: no token");
    for (int i = 0; i < 39; i++) {
      advance(Duration.ofMillis(100));
      assertThat(limiter.admit("HTTP 401: no token")).isNull();
    }
    advance(Duration.ofSeconds(9));

    assertThat(limiter.admit("HTTP 401: no token"))
        .isEqualTo("HTTP 401: no token (39 more in the 12s before, not logged)");
    advance(Duration.ofSeconds(11));
    assertThat(limiter.admit("HTTP 401: no token")).isEqualTo("HTTP 401: no token");
  }
}
