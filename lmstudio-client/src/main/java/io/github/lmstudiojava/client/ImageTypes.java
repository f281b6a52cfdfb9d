package io.github.lmstudiojava.client;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Recognises the image formats LM Studio takes (PNG, JPEG, GIF, WebP, BMP) by a complete, valid
 * header: bytes that merely start with a format's magic number, such as a text file beginning with
 * {@code BM}, are not an image.
 */
final class ImageTypes {
  /** Enough leading bytes to check every header (BMP's longest is 14 + 124 bytes). */
  static final int HEAD_BYTES = 256;

  /** The largest width or height a BMP header may claim. */
  private static final int MAX_BMP_SIDE = 1 << 16;

  private static final Map<String, String> KNOWN =
      Map.of(
          "image/png", "image/png",
          "image/jpeg", "image/jpeg",
          "image/jpg", "image/jpeg",
          "image/gif", "image/gif",
          "image/webp", "image/webp",
          "image/bmp", "image/bmp");

  private ImageTypes() {}

  /** The media type of a whole encoded image, or null when it is none of the formats. */
  static String sniff(byte[] bytes) {
    return sniff(bytes, bytes.length);
  }

  /**
   * The media type of an image, or null when it is none of the formats.
   *
   * @param head the image's first bytes ({@link #HEAD_BYTES} are enough), or all of them
   * @param length the image's whole length in bytes
   */
  static String sniff(byte[] head, long length) {
    try {
      return check(head, length);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The media type of an image.
   *
   * @param head the image's first bytes ({@link #HEAD_BYTES} are enough), or all of them
   * @param length the image's whole length in bytes
   * @return {@code image/png}, {@code image/jpeg}, {@code image/gif}, {@code image/webp} or {@code
   *     image/bmp}
   * @throws IllegalArgumentException saying what is wrong, as a phrase such as "its PNG header is
   *     cut short"
   */
  static String check(byte[] head, long length) {
    if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      png(head);
      return "image/png";
    }
    if (startsWith(head, 0xFF, 0xD8)) {
      jpeg(head);
      return "image/jpeg";
    }
    if (startsWith(head, 'G', 'I', 'F', '8')) {
      gif(head);
      return "image/gif";
    }
    if (startsWith(head, 'R', 'I', 'F', 'F')) {
      webp(head, length);
      return "image/webp";
    }
    if (startsWith(head, 'B', 'M')) {
      bmp(head, length);
      return "image/bmp";
    }
    throw new IllegalArgumentException("its first bytes match none of these formats");
  }

  /**
   * Checks that a data URL of a known image type carries an image of that type; other image types
   * pass unchecked. Only the first bytes are decoded.
   *
   * @param dataUrl a URL of the form {@code data:image/...;base64,...}
   * @throws IllegalArgumentException when the payload is not valid base64 or not that image
   */
  static void checkDataUrl(String dataUrl) {
    int semicolon = dataUrl.indexOf(';');
    String declared = dataUrl.substring(5, semicolon).toLowerCase(Locale.ROOT);
    String expected = KNOWN.get(declared);
    if (expected == null) {
      return;
    }
    String marker = ";base64,";
    String payload = dataUrl.substring(dataUrl.indexOf(marker) + marker.length());
    int chars = payload.length();
    int padding = payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0;
    if (chars % 4 == 1 || padding > 0 && chars % 4 != 0) {
      throw new IllegalArgumentException(
          "the data URL's payload is not valid base64: its length does not fit");
    }
    // Four base64 characters per three bytes; unpadded text ends in 2 or 3 characters.
    long length = (long) chars * 3 / 4 - padding;
    int headChars = chars <= HEAD_BYTES / 3 * 4 ? chars : HEAD_BYTES / 3 * 4;
    byte[] head;
    try {
      head = Base64.getDecoder().decode(payload.substring(0, headChars));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the data URL's payload is not valid base64: " + e.getMessage(), e);
    }
    String found;
    try {
      found = check(head, length);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the data URL says " + declared + " but is not that image: " + e.getMessage(), e);
    }
    if (!found.equals(expected)) {
      throw new IllegalArgumentException(
          "the data URL says " + declared + " but its bytes are " + found);
    }
  }

  private static void png(byte[] b) {
    if (b.length < 33) {
      throw new IllegalArgumentException("its PNG header is cut short");
    }
    if (u32be(b, 8) != 13 || !has(b, 12, 'I', 'H', 'D', 'R')) {
      throw new IllegalArgumentException("its PNG signature is not followed by an IHDR chunk");
    }
    CRC32 crc = new CRC32();
    crc.update(b, 12, 17);
    if (crc.getValue() != u32be(b, 29)) {
      throw new IllegalArgumentException("its PNG IHDR chunk is damaged (CRC mismatch)");
    }
    long width = u32be(b, 16);
    long height = u32be(b, 20);
    int depth = b[24];
    int colour = b[25];
    boolean depthFits =
        colour == 0 && (depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16)
            || colour == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8)
            || (colour == 2 || colour == 4 || colour == 6) && (depth == 8 || depth == 16);
    if (width < 1
        || width > Integer.MAX_VALUE
        || height < 1
        || height > Integer.MAX_VALUE
        || !depthFits
        || b[26] != 0
        || b[27] != 0
        || (b[28] != 0 && b[28] != 1)) {
      throw new IllegalArgumentException("its PNG IHDR chunk holds impossible values");
    }
  }

  private static void jpeg(byte[] b) {
    int i = 2;
    if (b.length <= i || (b[i] & 0xFF) != 0xFF) {
      throw new IllegalArgumentException("its JPEG start is not followed by a marker");
    }
    while (i < b.length && (b[i] & 0xFF) == 0xFF) {
      i++; // fill bytes
    }
    if (i + 2 >= b.length) {
      throw new IllegalArgumentException("its JPEG header is cut short");
    }
    int marker = b[i] & 0xFF;
    // After SOI comes a segment with a length: not a restart, SOI or EOI marker, nor a reserved
    // one.
    if (marker < 0xC0 || (marker >= 0xD0 && marker <= 0xD9)) {
      throw new IllegalArgumentException("its JPEG start is not followed by a valid marker");
    }
    if (u16be(b, i + 1) < 2) {
      throw new IllegalArgumentException("its first JPEG segment has an impossible length");
    }
  }

  private static void gif(byte[] b) {
    if (!startsWith(b, 'G', 'I', 'F', '8', '7', 'a')
        && !startsWith(b, 'G', 'I', 'F', '8', '9', 'a')) {
      throw new IllegalArgumentException("it starts like a GIF but is neither GIF87a nor GIF89a");
    }
    if (b.length < 13) {
      throw new IllegalArgumentException("its GIF logical screen descriptor is cut short");
    }
    if (u16le(b, 6) < 1 || u16le(b, 8) < 1) {
      throw new IllegalArgumentException("its GIF logical screen has no width or height");
    }
  }

  private static void webp(byte[] b, long length) {
    if (b.length < 12 || !has(b, 8, 'W', 'E', 'B', 'P')) {
      throw new IllegalArgumentException("it is a RIFF file but not WebP");
    }
    if (b.length < 30) {
      throw new IllegalArgumentException("its WebP header is cut short");
    }
    long riff = u32le(b, 4);
    long chunk = u32le(b, 16);
    if (riff + 8 > length || riff < 12 + chunk) {
      throw new IllegalArgumentException(
          "its RIFF size (" + riff + ") does not fit its " + length + " bytes");
    }
    boolean valid;
    if (has(b, 12, 'V', 'P', '8', ' ')) {
      valid =
          chunk >= 10
              && has(b, 23, 0x9D, 0x01, 0x2A)
              && (u16le(b, 26) & 0x3FFF) > 0
              && (u16le(b, 28) & 0x3FFF) > 0;
    } else if (has(b, 12, 'V', 'P', '8', 'L')) {
      valid = chunk >= 5 && (b[20] & 0xFF) == 0x2F;
    } else if (has(b, 12, 'V', 'P', '8', 'X')) {
      valid = chunk == 10;
    } else {
      throw new IllegalArgumentException("its WebP data starts with no VP8, VP8L or VP8X chunk");
    }
    if (!valid) {
      throw new IllegalArgumentException("its first WebP chunk is damaged");
    }
  }

  private static void bmp(byte[] b, long length) {
    if (b.length < 18) {
      throw new IllegalArgumentException("its BMP header is cut short");
    }
    long fileSize = u32le(b, 2);
    if (fileSize != length) {
      throw new IllegalArgumentException(
          "its BMP header says " + fileSize + " bytes but there are " + length);
    }
    long dib = u32le(b, 14);
    if (dib != 12 && dib != 40 && dib != 52 && dib != 56 && dib != 64 && dib != 108 && dib != 124) {
      throw new IllegalArgumentException("its BMP header has an unknown size (" + dib + ")");
    }
    if (b.length < 14 + dib) {
      throw new IllegalArgumentException("its BMP header is cut short");
    }
    long offset = u32le(b, 10);
    if (offset < 14 + dib || offset >= length) {
      throw new IllegalArgumentException("its BMP pixel data offset lies outside the file");
    }
    long width;
    long height;
    int planes;
    int bits;
    long compression = 0;
    if (dib == 12) {
      width = u16le(b, 18);
      height = u16le(b, 20);
      planes = u16le(b, 22);
      bits = u16le(b, 24);
    } else {
      width = (int) u32le(b, 18);
      height = Math.abs((long) (int) u32le(b, 22)); // negative: rows run top down
      planes = u16le(b, 26);
      bits = u16le(b, 28);
      compression = u32le(b, 30);
    }
    boolean sane =
        width >= 1
            && width <= MAX_BMP_SIDE
            && height >= 1
            && height <= MAX_BMP_SIDE
            && planes == 1
            && (bits == 1 || bits == 4 || bits == 8 || bits == 16 || bits == 24 || bits == 32)
            && (compression <= 3 || compression == 6);
    if (!sane) {
      throw new IllegalArgumentException("its BMP header holds impossible values");
    }
    long rowBytes = (width * bits + 31) / 32 * 4;
    if (compression == 0 && rowBytes * height > length - offset) {
      throw new IllegalArgumentException("its BMP pixels do not fit in the file");
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    return has(bytes, 0, prefix);
  }

  /** Whether these bytes stand at this offset. */
  private static boolean has(byte[] bytes, int at, int... prefix) {
    if (bytes.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[at + i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u16be(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32be(byte[] b, int at) {
    return (long) u16be(b, at) << 16 | u16be(b, at + 2);
  }

  private static long u32le(byte[] b, int at) {
    return u16le(b, at) | (long) u16le(b, at + 2) << 16;
  }
}
