package io.github.lmstudiojava.examples;

import java.util.Base64;

/** Images for tests. */
final class Images {
  /** A one-pixel PNG. */
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  private Images() {}
}
