package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallRegistryTest {
  private final CallRegistry registry = new CallRegistry();
  private final AtomicInteger stopped = new AtomicInteger();

  @Test
  void cancelStopsTheRegisteredCallOfThatSessionAndIdOnly() {
    String key = registry.register("s1", 7, stopped::incrementAndGet);

    assertThat(registry.cancel("s2", 7)).isFalse();
    assertThat(registry.cancel("s1", 8)).isFalse();
    assertThat(stopped).hasValue(0);
    assertThat(registry.cancel("s1", 7.0)).isTrue();
    assertThat(stopped).hasValue(1);
    registry.remove(key);
    assertThat(registry.size()).isZero();
  }

  @Test
  void aCancellationThatOvertakesItsRequestStopsTheCallWhenItRegisters() {
    assertThat(registry.cancel("s1", "req-1")).isFalse();

    registry.register("s1", "req-1", stopped::incrementAndGet);
    registry.register("s1", "req-2", stopped::incrementAndGet);

    assertThat(stopped).hasValue(1);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void callsWithoutAnIdAreNotRegistered() {
    assertThat(registry.register("s1", null, stopped::incrementAndGet)).isNull();
    assertThat(registry.cancel("s1", null)).isFalse();
    assertThat(stopped).hasValue(0);
  }

  @Test
  void earlyCancellationsAreRememberedUpToTheCapOnly() {
    for (int i = 0; i < CallRegistry.MAX_EARLY_CANCELS + 10; i++) {
      assertThat(registry.cancel("s1", "never-sent-" + i)).isFalse();
    }

    registry.register("s1", "never-sent-0", stopped::incrementAndGet);
    registry.register(
        "s1", "never-sent-" + (CallRegistry.MAX_EARLY_CANCELS + 5), stopped::incrementAndGet);

    assertThat(stopped).as("the first was remembered, the one past the cap was not").hasValue(1);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void cancelAllStopsEveryCallInFlight() {
    registry.register("s1", 1, stopped::incrementAndGet);
    registry.register("s2", "x", stopped::incrementAndGet);

    registry.cancelAll();

    assertThat(stopped).hasValue(2);
    assertThat(registry.size()).isZero();
  }
}
