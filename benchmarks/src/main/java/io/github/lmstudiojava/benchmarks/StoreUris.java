package io.github.lmstudiojava.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The store URIs the session store benchmarks take: whatever {@code SessionStores.open} opens,
 * where {@code {tmp}} stands for a new temporary directory, deleted after the trial ({@code
 * sqlite:{tmp}/sessions.db}).
 */
final class StoreUris {
  static final String TMP = "{tmp}";

  private final Path dir;
  private final String uri;

  private StoreUris(Path dir, String uri) {
    this.dir = dir;
    this.uri = uri;
  }

  /** Resolves {@code {tmp}} in {@code uri}, creating the directory it stands for. */
  static StoreUris resolve(String uri) throws IOException {
    if (!uri.contains(TMP)) {
      return new StoreUris(null, uri);
    }
    Path dir = Files.createTempDirectory("lmstudio-sessions-bench");
    return new StoreUris(dir, uri.replace(TMP, dir.toString()));
  }

  /** The store's URI, {@code {tmp}} resolved. */
  String uri() {
    return uri;
  }

  /**
   * The JDBC URL of the database the store keeps its sessions in: {@code jdbc:sqlite:PATH} for
   * {@code sqlite:PATH}, and a {@code jdbc:} URI itself.
   *
   * @throws IllegalArgumentException for a store without a JDBC database, such as {@code memory:}
   */
  String jdbcUrl() {
    if (uri.startsWith("jdbc:")) {
      return uri;
    }
    if (uri.startsWith("sqlite:")) {
      String path = uri.substring("sqlite:".length());
      if (path.startsWith("~/")) {
        path = Path.of(System.getProperty("user.home"), path.substring(2)).toString();
      }
      return "jdbc:sqlite:" + path;
    }
    throw new IllegalArgumentException(
        "no JDBC database behind " + uri + ": use sqlite:PATH or a jdbc: URI");
  }

  /** Deletes the temporary directory, if there is one. */
  void delete() throws IOException {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
