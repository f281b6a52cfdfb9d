package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.InputItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reads the image files a tool call names, and only those a client may have: regular files whose
 * real path (symbolic links resolved) lies under an allowed root, no larger than the size limit,
 * whose bytes are a complete PNG, JPEG, WebP, GIF or BMP header. A file is never opened before it
 * passed every check, so a pipe or a device named by a client cannot block or flood the server, and
 * it is read in bounded chunks on the calling thread, stopping when the call is stopped. (Someone
 * who can write under a root could still swap a checked file for another in the instant before it
 * is opened: the roots should be folders only the server's user writes.)
 *
 * <p>Every refusal says the same sentence whatever the reason (outside the roots, missing, not a
 * regular file, too large, not an image), so a client cannot learn which paths exist; the reason
 * goes to stderr at debug level.
 */
final class ImageFiles {
  private static final int CHUNK = 64 * 1024;

  /** The longest part of an argument a refusal repeats. */
  private static final int SHOWN = 256;

  private final Supplier<List<Root>> roots;
  private final long maxBytes;
  private final BooleanSupplier stopped;
  private List<Root> resolved;

  /**
   * Reads files for one call.
   *
   * @param roots the allowed roots, asked for when the first file is read
   * @param maxBytes the size limit of one file
   * @param stopped whether the call was stopped (cancelled or out of time)
   */
  ImageFiles(Supplier<List<Root>> roots, long maxBytes, BooleanSupplier stopped) {
    this.roots = roots;
    this.maxBytes = maxBytes;
    this.stopped = stopped;
  }

  /**
   * An allowed root: as given (absolute and normalized) and as its real path.
   *
   * @param given the folder as configured or declared
   * @param real the folder with every symbolic link resolved
   */
  record Root(Path given, Path real) {
    /** The roots that exist as folders now; the others are left out. */
    static List<Root> resolve(List<Path> folders) {
      List<Root> roots = new ArrayList<>();
      for (Path folder : folders) {
        try {
          Path real = folder.toRealPath();
          if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            roots.add(new Root(folder.toAbsolutePath().normalize(), real));
          }
        } catch (IOException | RuntimeException e) {
          ServerLog.LOG.debug(
              "image root {} left out: {}", escape(folder.toString()), e.toString());
        }
      }
      return roots;
    }
  }

  /**
   * The image in a file.
   *
   * @param argument the path as the client wrote it
   * @return the image, as a data URL
   * @throws IllegalArgumentException with {@link #refusal} when the file may not or cannot be used
   * @throws CancellationException when the call was stopped while the file was read
   */
  InputItem.Image read(String argument) {
    String why;
    try {
      return InputItem.image(load(argument));
    } catch (Refused e) {
      why = e.getMessage();
    } catch (IllegalArgumentException e) {
      why = e.getMessage();
    }
    ServerLog.LOG.debug("image {} refused: {}", escape(argument), escape(why));
    throw new IllegalArgumentException(refusal(argument, maxBytes));
  }

  /** The one sentence every refused image file gets. */
  static String refusal(String argument, long maxBytes) {
    String shown = argument.length() > SHOWN ? argument.substring(0, SHOWN) + "..." : argument;
    return "Image \""
        + escape(shown)
        + "\" cannot be used: pass a PNG, JPEG, WebP, GIF or BMP file under an allowed root"
        + " (--image-root or the client's roots), at most "
        + Sizes.show(maxBytes)
        + ", or a data: URL.";
  }

  private byte[] load(String argument) throws Refused {
    Path path;
    try {
      path = Path.of(argument);
    } catch (InvalidPathException e) {
      throw new Refused("not a path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw new Refused("not an absolute path");
    }
    if (resolved == null) {
      resolved = roots.get();
    }
    if (resolved.isEmpty()) {
      throw new Refused("no image root is allowed (over HTTP only --image-root counts)");
    }
    // Look at nothing outside the roots, not even whether it exists.
    Path normal = path.normalize();
    if (resolved.stream()
        .noneMatch(r -> normal.startsWith(r.given()) || normal.startsWith(r.real()))) {
      throw new Refused("outside the allowed roots " + resolved);
    }
    Path real;
    BasicFileAttributes attributes;
    try {
      real = path.toRealPath();
      attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException e) {
      throw new Refused("cannot be resolved: " + e);
    }
    if (resolved.stream().noneMatch(r -> real.startsWith(r.real()))) {
      throw new Refused("its real path " + real + " is outside the allowed roots " + resolved);
    }
    if (!attributes.isRegularFile()) {
      throw new Refused(real + " is not a regular file");
    }
    if (attributes.size() > maxBytes) {
      throw new Refused(real + " has " + attributes.size() + " bytes, over " + maxBytes);
    }
    return readAtMost(real, maxBytes, stopped);
  }

  /**
   * Reads a file in chunks, at most {@code maxBytes + 1} bytes, so a file that grew after its size
   * was checked is still refused; stops when the call is stopped or the thread interrupted.
   */
  static byte[] readAtMost(Path real, long maxBytes, BooleanSupplier stopped) throws Refused {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long total = 0;
    try (SeekableByteChannel channel =
        Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (true) {
        checkStop(stopped);
        buffer.clear().limit((int) Math.min(CHUNK, maxBytes + 1 - total));
        int n = channel.read(buffer);
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buffer.array(), 0, n);
        total += n;
        if (total > maxBytes) {
          throw new Refused(real + " grew over " + maxBytes + " bytes while it was read");
        }
      }
    } catch (IOException e) {
      checkStop(stopped);
      throw new Refused("cannot be read: " + e);
    }
  }

  private static void checkStop(BooleanSupplier stopped) {
    if (stopped.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("the call was stopped while an image was read");
    }
  }

  /** Text safe for one log line: see {@link ServerLog#oneLine}. */
  static String escape(String text) {
    return ServerLog.oneLine(text);
  }

  /** Why a file was refused; never shown to the client. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why);
    }
  }
}
