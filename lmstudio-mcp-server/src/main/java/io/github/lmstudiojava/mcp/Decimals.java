package io.github.lmstudiojava.mcp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers with a fixed count of decimals, as {@code String.format(Locale.ROOT, "%.Nf", value)}
 * writes them (the shortest decimal that reads back as the double, rounded half up), without the
 * formatter, which parses its pattern at every call: about 0.1 ms per number on JDK 17 until the
 * JIT has compiled it.
 */
final class Decimals {
  private Decimals() {}

  /**
   * The value with {@code places} decimals.
   *
   * @param value any double; NaN and the infinities are written as the formatter writes them
   * @param places 0 or more
   * @return the digits, with a {@code .} before the decimals when there are any
   */
  static String fixed(double value, int places) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.format(Locale.ROOT, "%." + places + "f", value);
    }
    String digits =
        BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    // The formatter keeps the sign of a negative value that rounds to zero ("-0.0"), as BigDecimal
    // does not.
    if (value < 0 || (value == 0 && 1 / value < 0)) {
      return digits.startsWith("-") ? digits : "-" + digits;
    }
    return digits;
  }
}
