package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalsTest {
  @ParameterizedTest
  @CsvSource({
    "12.345, 1, 12.3",
    "1.15, 1, 1.2",
    "2.675, 2, 2.68",
    "0.05, 1, 0.1",
    "99.95, 1, 100.0",
    "0.4, 0, 0",
    "0.5, 0, 1",
    "-0.04, 1, -0.0",
    "1e7, 1, 10000000.0",
    "1e-10, 2, 0.00",
  })
  void writesWhatTheFormatterWrites(double value, int places, String expected) {
    assertThat(Decimals.fixed(value, places)).isEqualTo(expected);
    assertThat(String.format(Locale.ROOT, "%." + places + "f", value)).isEqualTo(expected);
  }

  @Test
  void agreesWithTheFormatterOnManyValues() {
    Random random = new Random(42);
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY));
    for (int i = 0; i < 20_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(14) - 5);
      values.add(random.nextDouble() * magnitude * (random.nextBoolean() ? 1 : -1));
      values.add(Math.round(random.nextDouble() * 100_000) / 1000.0 + 0.0005); // ties
    }
    for (double value : values) {
      for (int places = 0; places <= 3; places++) {
        assertThat(Decimals.fixed(value, places))
            .as("%s with %d places", value, places)
            .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
      }
    }
  }
}
