package io.github.lmstudiojava.mcp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes written as {@code 20MiB}, {@code 512KiB}, {@code 1048576} (bytes). */
final class Sizes {
  /** The largest size accepted: larger images would not fit a request to LM Studio. */
  static final long MAX = 512L << 20;

  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private Sizes() {}

  /**
   * Reads a size; the units are binary (1 KiB = 1024 bytes, and {@code KB} means the same).
   *
   * @param text such as {@code 20MiB}
   * @param source the flag or variable, for the message
   * @return the number of bytes, from 1 to {@link #MAX}
   * @throws ConfigException when it is not such a size
   */
  static long parse(String text, String source) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          source + ": \"" + text + "\" is not a size; write e.g. 20MiB, 512KiB or 1048576");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
    if (n < 1 || n > MAX >> shift) {
      throw new ConfigException(source + ": \"" + text + "\" must be from 1 byte to " + show(MAX));
    }
    return n << shift;
  }

  /** A size as people read it: {@code 20 MiB}, {@code 512 KiB} or {@code 1000 bytes}. */
  static String show(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes == 1 ? "1 byte" : bytes + " bytes";
  }
}
