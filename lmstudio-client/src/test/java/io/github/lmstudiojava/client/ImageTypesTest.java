package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ImageTypesTest {
  @Test
  void completeHeadersOfEveryFormatAreRecognised() {
    assertThat(ImageTypes.sniff(TestImages.png())).isEqualTo("image/png");
    assertThat(ImageTypes.sniff(TestImages.jpeg())).isEqualTo("image/jpeg");
    assertThat(ImageTypes.sniff(TestImages.gif())).isEqualTo("image/gif");
    assertThat(ImageTypes.sniff(TestImages.bmp())).isEqualTo("image/bmp");
    assertThat(ImageTypes.sniff(TestImages.webpLossless())).isEqualTo("image/webp");
    assertThat(ImageTypes.sniff(TestImages.webpLossy())).isEqualTo("image/webp");
    assertThat(ImageTypes.sniff(TestImages.webpExtended())).isEqualTo("image/webp");
  }

  @Test
  void onlyTheHeadAndTheWholeLengthAreNeeded() {
    byte[] bmp = TestImages.bmp();

    assertThat(ImageTypes.sniff(Arrays.copyOf(bmp, ImageTypes.HEAD_BYTES), bmp.length))
        .isEqualTo("image/bmp");
    assertThat(ImageTypes.sniff(Arrays.copyOf(bmp, ImageTypes.HEAD_BYTES), bmp.length + 1))
        .isNull();
  }

  @Test
  void aTextFileStartingWithBmIsNotABitmap() {
    byte[] text = "BM notes for the server: password=hunter2\n".getBytes(StandardCharsets.UTF_8);

    assertThat(ImageTypes.sniff(text)).isNull();
    assertThatThrownBy(() -> ImageTypes.check(text, text.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BMP header says");
  }

  @Test
  void magicNumbersAloneAreNotImages() {
    byte[][] stubs = {
      {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0},
      {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
      "GIF89a".getBytes(StandardCharsets.US_ASCII),
      "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII),
      {'B', 'M', 1, 2},
      "RIFF....AVI LIST".getBytes(StandardCharsets.US_ASCII),
      "plain text".getBytes(StandardCharsets.US_ASCII),
      {}
    };
    for (byte[] stub : stubs) {
      assertThat(ImageTypes.sniff(stub)).as(Arrays.toString(stub)).isNull();
    }
  }

  @Test
  void everyTruncatedHeaderIsRefused() {
    byte[][] images = {
      TestImages.png(),
      TestImages.jpeg(),
      TestImages.gif(),
      TestImages.bmp(),
      TestImages.webpLossless(),
      TestImages.webpLossy(),
      TestImages.webpExtended()
    };
    for (byte[] image : images) {
      String type = ImageTypes.sniff(image);
      // Cut inside the header: the head, or the length the header claims, falls short.
      int[] cuts =
          type.equals("image/jpeg")
              ? new int[] {2, 3, 4, 5}
              : type.equals("image/gif") ? new int[] {2, 6, 8, 12} : new int[] {2, 8, 12, 20};
      for (int cut : cuts) {
        byte[] head = Arrays.copyOf(image, cut);
        assertThat(ImageTypes.sniff(head)).as(type + " cut to " + cut).isNull();
      }
    }
  }

  @Test
  void damagedPngIsRefused() {
    byte[] crc = TestImages.png();
    crc[17] ^= 1; // the width changes, the IHDR CRC no longer matches
    byte[] noIhdr = TestImages.png();
    noIhdr[12] = 'X';
    byte[] depth = pngWithIhdr(1, 1, 3, 2); // an RGB image with 3 bits per sample

    assertThatThrownBy(() -> ImageTypes.check(crc, crc.length)).hasMessageContaining("CRC");
    assertThatThrownBy(() -> ImageTypes.check(noIhdr, noIhdr.length)).hasMessageContaining("IHDR");
    assertThatThrownBy(() -> ImageTypes.check(depth, depth.length))
        .hasMessageContaining("impossible");
    byte[] zeroWide = pngWithIhdr(0, 1, 8, 2);
    assertThat(ImageTypes.sniff(zeroWide)).isNull();
    byte[] valid = pngWithIhdr(1, 1, 8, 2);
    assertThat(ImageTypes.sniff(valid)).isEqualTo("image/png");
  }

  @Test
  void damagedJpegGifAndWebpAreRefused() {
    byte[] restart = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD0, 0, 4};
    byte[] zeroLength = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0};
    byte[] gif88 = TestImages.gif();
    gif88[4] = '8';
    byte[] gifNoWidth = TestImages.gif();
    gifNoWidth[6] = 0;
    gifNoWidth[7] = 0;
    byte[] riffTooLong = TestImages.webpLossy();
    riffTooLong[4] += 2;
    byte[] noStartCode = TestImages.webpLossy();
    noStartCode[23] = 0;
    byte[] unknownChunk = TestImages.webpLossy();
    unknownChunk[15] = 'Q';

    assertThat(
            ImageTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 2}))
        .isEqualTo("image/jpeg");
    for (byte[] bad : new byte[][] {restart, zeroLength, gif88, gifNoWidth, riffTooLong}) {
      assertThat(ImageTypes.sniff(bad)).as(Arrays.toString(bad)).isNull();
    }
    assertThatThrownBy(() -> ImageTypes.check(noStartCode, noStartCode.length))
        .hasMessageContaining("damaged");
    assertThatThrownBy(() -> ImageTypes.check(unknownChunk, unknownChunk.length))
        .hasMessageContaining("VP8");
  }

  @Test
  void bitmapsNeedAConsistentHeader() {
    byte[] good = TestImages.bmp();
    byte[] badSize = good.clone();
    badSize[2] += 1;
    byte[] badDib = good.clone();
    badDib[14] = 41;
    byte[] offsetOutside = good.clone();
    offsetOutside[10] = (byte) 0xFF;
    offsetOutside[11] = (byte) 0xFF;
    byte[] zeroWidth = good.clone();
    zeroWidth[18] = 0;
    byte[] badBits = good.clone();
    badBits[28] = 7;
    byte[] pixelsMissing = good.clone();
    pixelsMissing[18] = 100; // 100 pixels wide: the rows no longer fit in the file

    assertThat(ImageTypes.sniff(good)).isEqualTo("image/bmp");
    assertThatThrownBy(() -> ImageTypes.check(badSize, badSize.length))
        .hasMessageContaining("says");
    assertThatThrownBy(() -> ImageTypes.check(badDib, badDib.length))
        .hasMessageContaining("unknown size");
    assertThatThrownBy(() -> ImageTypes.check(offsetOutside, offsetOutside.length))
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> ImageTypes.check(zeroWidth, zeroWidth.length))
        .hasMessageContaining("impossible");
    assertThatThrownBy(() -> ImageTypes.check(badBits, badBits.length))
        .hasMessageContaining("impossible");
    assertThatThrownBy(() -> ImageTypes.check(pixelsMissing, pixelsMissing.length))
        .hasMessageContaining("do not fit");
  }

  @Test
  void dataUrlsOfKnownTypesMustCarryThatImage() {
    String png = Base64.getEncoder().encodeToString(TestImages.png());
    String bmp = Base64.getEncoder().encodeToString(TestImages.bmp());
    String text = Base64.getEncoder().encodeToString("BM password=hunter2".getBytes());

    ImageTypes.checkDataUrl("data:image/png;base64," + png);
    ImageTypes.checkDataUrl("data:image/bmp;base64," + bmp);
    ImageTypes.checkDataUrl("data:image/png;base64," + png.replace("=", ""));
    ImageTypes.checkDataUrl("data:image/webp;base64," + TestImages.WEBP_LOSSY);
    ImageTypes.checkDataUrl("data:image/avif;base64,AQID");
    assertThatThrownBy(() -> ImageTypes.checkDataUrl("data:image/bmp;base64," + text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("says image/bmp but is not that image");
    assertThatThrownBy(() -> ImageTypes.checkDataUrl("data:image/jpeg;base64," + png))
        .hasMessage("the data URL says image/jpeg but its bytes are image/png");
    assertThatThrownBy(() -> ImageTypes.checkDataUrl("data:image/png;base64,***"))
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> ImageTypes.checkDataUrl("data:image/bmp;base64," + bmp + "AAAA"))
        .hasMessageContaining("BMP header says");
  }

  /** A PNG signature and an IHDR chunk with a correct CRC. */
  private static byte[] pngWithIhdr(int width, int height, int depth, int colour) {
    byte[] b = new byte[33];
    System.arraycopy(TestImages.png(), 0, b, 0, 8);
    b[11] = 13;
    b[12] = 'I';
    b[13] = 'H';
    b[14] = 'D';
    b[15] = 'R';
    b[19] = (byte) width;
    b[23] = (byte) height;
    b[24] = (byte) depth;
    b[25] = (byte) colour;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 12, 17);
    long v = crc.getValue();
    for (int i = 0; i < 4; i++) {
      b[29 + i] = (byte) (v >>> (24 - 8 * i));
    }
    return b;
  }
}
