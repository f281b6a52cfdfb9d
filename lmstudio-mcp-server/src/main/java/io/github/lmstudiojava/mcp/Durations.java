package io.github.lmstudiojava.mcp;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations written as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or ISO-8601. */
final class Durations {
  private Durations() {}

  static Duration parse(String text, String source) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return nonNegative(Duration.parse(t.toUpperCase(Locale.ROOT)), text, source);
      }
      if (t.endsWith("ms")) {
        return nonNegative(Duration.ofMillis(number(t, 2)), text, source);
      }
      if (t.endsWith("s")) {
        return nonNegative(Duration.ofSeconds(number(t, 1)), text, source);
      }
      if (t.endsWith("m")) {
        return nonNegative(Duration.ofMinutes(number(t, 1)), text, source);
      }
      if (t.endsWith("h")) {
        return nonNegative(Duration.ofHours(number(t, 1)), text, source);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below
    } catch (ArithmeticException e) {
      throw new ConfigException(source + ": \"" + text + "\" is too long a duration");
    }
    throw new ConfigException(
        source + ": \"" + text + "\" is not a duration; write e.g. 500ms, 30s, 10m or 1h");
  }

  /** Reads a whole number of milliseconds, the unit of the environment variables named *_MS. */
  static Duration millis(String text, String source) {
    try {
      long ms = Long.parseLong(text.trim());
      if (ms >= 0) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(source + ": \"" + text + "\" is not a whole number of milliseconds");
  }

  static String show(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static long number(String t, int suffix) {
    return Long.parseLong(t.substring(0, t.length() - suffix).trim());
  }

  private static Duration nonNegative(Duration d, String text, String source) {
    if (d.isNegative()) {
      throw new ConfigException(source + ": \"" + text + "\" is negative");
    }
    return d;
  }
}
