package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/** Image files are read only under the allowed roots, and every refusal reads the same. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class ImageFilesTest {
  static final long MAX = ServerConfig.DEFAULT_MAX_IMAGE_SIZE;

  @TempDir Path root;
  @TempDir Path outside;

  /** A small PNG written by the JDK's encoder. */
  static byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ImageFiles files(Path... roots) {
    return new ImageFiles(() -> ImageFiles.Root.resolve(List.of(roots)), MAX, () -> false);
  }

  private static void assertRefused(ImageFiles files, String argument) {
    assertThatThrownBy(() -> files.read(argument))
        .as(argument)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(ImageFiles.refusal(argument, MAX));
  }

  @Test
  void aPngUnderARootBecomesADataUrl() throws IOException {
    byte[] png = png();
    Path file = Files.createDirectories(root.resolve("shots")).resolve("a.png");
    Files.write(file, png);

    assertThat(files(root).read(file.toString()).dataUrl())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
  }

  @Test
  void aRootReachedThroughASymbolicLinkWorksByEitherName() throws IOException {
    Files.write(root.resolve("a.png"), png());
    Path link = Files.createSymbolicLink(outside.resolve("images"), root);

    ImageFiles files = files(link);

    assertThat(files.read(link.resolve("a.png").toString()).dataUrl()).startsWith("data:image/png");
    assertThat(files.read(root.resolve("a.png").toString()).dataUrl()).startsWith("data:image/png");
  }

  @Test
  void theRefusalSaysWhatMayBePassedAndNothingElse() {
    assertThat(ImageFiles.refusal("/etc/passwd", MAX))
        .isEqualTo(
            "Image \"/etc/passwd\" cannot be used: pass a PNG, JPEG, WebP, GIF or BMP file under an"
                + " allowed root (--image-root or the client's roots), at most 20 MiB, or a data:"
                + " URL.");
    assertThat(ImageFiles.refusal("/a\n\u001b[31mb\u202e", MAX))
        .startsWith("Image \"/a\\n\\u001b[31mb\\u202e\" cannot be used");
    assertThat(ImageFiles.refusal("/" + "x".repeat(5000), 512 << 10))
        .hasSizeLessThan(500)
        .contains("...\" cannot be used", "at most 512 KiB");
  }

  @Test
  void filesOutsideTheRootsAreRefusedWhateverTheWayThere() throws IOException {
    Path secret = Files.write(outside.resolve("secret.png"), png());
    Path link = Files.createSymbolicLink(root.resolve("link.png"), secret);
    Path dirLink = Files.createSymbolicLink(root.resolve("out"), outside);
    ImageFiles files = files(root);

    assertRefused(files, secret.toString());
    assertRefused(files, link.toString());
    assertRefused(files, dirLink.resolve("secret.png").toString());
    assertRefused(files, root + "/../" + outside.getFileName() + "/secret.png");
    assertRefused(files, root.resolve("sub").resolve("..").resolve("..").toString());
    assertRefused(files, "secret.png");
    assertRefused(files, "/etc/passwd");
  }

  @Test
  void missingFilesFoldersAndNonImagesUnderARootGetTheSameSentence() throws IOException {
    Files.createDirectories(root.resolve("folder.png"));
    Files.writeString(root.resolve("notes.bmp"), "BM notes: password=hunter2\n");
    byte[] truncated = java.util.Arrays.copyOf(png(), 20);
    Files.write(root.resolve("cut.png"), truncated);
    ImageFiles files = files(root);

    assertRefused(files, root.resolve("missing.png").toString());
    assertRefused(files, root.resolve("folder.png").toString());
    assertRefused(files, root.resolve("notes.bmp").toString());
    assertRefused(files, root.resolve("cut.png").toString());
    assertRefused(files, root.toString());
  }

  @Test
  void aSparseFileOverTheLimitIsRefusedUnread() throws IOException {
    Path big = root.resolve("big.png");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.write(png());
      file.setLength(2L << 30);
    }

    assertRefused(files(root), big.toString());
  }

  @Test
  void devicesAreNeverRead() {
    Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");

    assertRefused(files(Path.of("/dev")), "/dev/zero");
    assertRefused(files(Path.of("/")), "/dev/zero");
  }

  @Test
  void aNamedPipeIsNeverOpened() throws Exception {
    Path fifo = root.resolve("pipe.png");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("mkfifo is missing: " + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

    ImageFiles files = files(root);
    for (int i = 0; i < 20; i++) {
      assertRefused(files, fifo.toString());
    }
  }

  @Test
  void withoutRootsEveryPathIsRefused() throws IOException {
    Path file = Files.write(root.resolve("a.png"), png());

    assertRefused(files(), file.toString());
    assertRefused(files(root.resolve("not-there")), file.toString());
  }

  @Test
  void aFileLongerThanTheLimitWhenReadIsRefused() throws Exception {
    Path file = Files.write(root.resolve("a.png"), png());
    long size = Files.size(file);

    assertThat(ImageFiles.readAtMost(file, size, () -> false)).hasSize((int) size);
    assertThatThrownBy(() -> ImageFiles.readAtMost(file, size - 1, () -> false))
        .isInstanceOf(ImageFiles.Refused.class)
        .hasMessageContaining("grew over");
  }

  @Test
  void aStoppedCallStopsReadingBetweenChunks() throws IOException {
    Path file = root.resolve("a.png");
    Files.write(file, new byte[300_000]);
    AtomicInteger checks = new AtomicInteger();

    assertThatThrownBy(() -> ImageFiles.readAtMost(file, MAX, () -> checks.incrementAndGet() > 2))
        .isInstanceOf(CancellationException.class);
    assertThat(checks.get()).isEqualTo(3);
    Files.write(file, png());
    ImageFiles stopped =
        new ImageFiles(() -> ImageFiles.Root.resolve(List.of(root)), MAX, () -> true);
    assertThatThrownBy(() -> stopped.read(file.toString()))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void theRootsAreAskedForOnceAndOnlyWhenAFileIsRead() throws IOException {
    Path file = Files.write(root.resolve("a.png"), png());
    AtomicInteger asked = new AtomicInteger();
    ImageFiles files =
        new ImageFiles(
            () -> {
              asked.incrementAndGet();
              return ImageFiles.Root.resolve(List.of(root));
            },
            MAX,
            () -> false);

    assertThat(asked.get()).isZero();
    files.read(file.toString());
    files.read(file.toString());
    assertThat(asked.get()).isEqualTo(1);
  }
}
