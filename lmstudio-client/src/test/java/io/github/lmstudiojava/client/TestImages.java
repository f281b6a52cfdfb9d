package io.github.lmstudiojava.client;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Small valid images of each format LM Studio takes, written by the JDK's own encoders. */
final class TestImages {
  /** A 1x1 lossless WebP. */
  static final String WEBP_LOSSLESS = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

  /** A 1x1 lossy WebP. */
  static final String WEBP_LOSSY = "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=";

  private TestImages() {}

  static byte[] png() {
    return write("png", BufferedImage.TYPE_INT_RGB);
  }

  static byte[] jpeg() {
    return write("jpeg", BufferedImage.TYPE_INT_RGB);
  }

  static byte[] gif() {
    return write("gif", BufferedImage.TYPE_INT_RGB);
  }

  static byte[] bmp() {
    return write("bmp", BufferedImage.TYPE_INT_RGB);
  }

  static byte[] webpLossless() {
    return Base64.getDecoder().decode(WEBP_LOSSLESS);
  }

  static byte[] webpLossy() {
    return Base64.getDecoder().decode(WEBP_LOSSY);
  }

  /** A 1x1 extended WebP: a VP8X chunk, then the lossless image's VP8L chunk. */
  static byte[] webpExtended() {
    byte[] lossless = webpLossless();
    byte[] vp8l = java.util.Arrays.copyOfRange(lossless, 12, lossless.length);
    int riff = 4 + 18 + vp8l.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {(byte) riff, 0, 0, 0});
    out.writeBytes("WEBPVP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    out.writeBytes(vp8l);
    return out.toByteArray();
  }

  private static byte[] write(String format, int type) {
    BufferedImage image = new BufferedImage(4, 3, type);
    image.setRGB(1, 1, Color.RED.getRGB());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
