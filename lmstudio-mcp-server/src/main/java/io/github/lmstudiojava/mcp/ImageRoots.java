package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The folders whose files {@code ask} may send as images: those given with {@code --image-root},
 * and, over stdio only, the roots the MCP client declares ({@code roots/list}, read when a call
 * first needs them and again on {@code notifications/roots/list_changed}). Over HTTP any network
 * client could declare {@code /}, so there only {@code --image-root} counts.
 */
final class ImageRoots {
  /** The most pages of {@code roots/list} read, and the most roots kept. */
  private static final int MAX_PAGES = 16;

  private static final int MAX_ROOTS = 256;

  private final List<Path> configured;
  private final boolean clientRootsCount;
  private final long maxImageSize;
  private final Map<String, List<Path>> clientRoots = new ConcurrentHashMap<>();

  ImageRoots(ServerConfig config) {
    this.configured = config.imageRoots();
    this.clientRootsCount = !config.isHttp();
    this.maxImageSize = config.maxImageSize();
  }

  /**
   * Reads the {@code --image-root} flags, else {@code LMSTUDIO_MCP_IMAGE_ROOTS} (folders separated
   * by the platform's path separator).
   *
   * @param flags the flag values, or null when none was given
   * @param variable the variable's value, or null
   * @return the folders, absolute and normalized
   * @throws ConfigException when one is not an existing folder
   */
  static List<Path> configured(List<String> flags, String variable) {
    String source = flags != null ? "--image-root" : "LMSTUDIO_MCP_IMAGE_ROOTS";
    List<String> given =
        flags != null
            ? flags
            : variable == null ? List.of() : List.of(variable.split(File.pathSeparator));
    List<Path> roots = new ArrayList<>();
    for (String text : given) {
      if (text.isBlank()) {
        if (flags != null) {
          throw new ConfigException("--image-root: the folder is blank");
        }
        continue;
      }
      Path root;
      try {
        root = Path.of(text.trim()).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new ConfigException(source + ": \"" + text + "\" is not a path");
      }
      if (!Files.isDirectory(root)) {
        throw new ConfigException(source + ": \"" + text + "\" is not a folder");
      }
      roots.add(root);
    }
    return List.copyOf(roots);
  }

  /**
   * Keeps the roots a client declared anew; the SDK calls this on {@code
   * notifications/roots/list_changed}, after it read them.
   */
  void changed(McpSyncServerExchange exchange, List<McpSchema.Root> roots) {
    if (clientRootsCount) {
      clientRoots.put(key(exchange), paths(roots));
    }
  }

  /** The image files of one tool call. */
  ImageFiles files(McpSyncServerExchange exchange, BooleanSupplier stopped) {
    return new ImageFiles(() -> ImageFiles.Root.resolve(allowed(exchange)), maxImageSize, stopped);
  }

  /** The allowed roots for a call of this client, as given (absolute, not yet resolved). */
  List<Path> allowed(McpSyncServerExchange exchange) {
    List<Path> roots = new ArrayList<>(configured);
    if (clientRootsCount && exchange != null) {
      roots.addAll(clientRoots(exchange));
    }
    return roots;
  }

  private List<Path> clientRoots(McpSyncServerExchange exchange) {
    McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
    if (capabilities == null || capabilities.roots() == null) {
      return List.of();
    }
    String key = key(exchange);
    List<Path> known = clientRoots.get(key);
    if (known != null) {
      return known;
    }
    List<McpSchema.Root> roots = new ArrayList<>();
    try {
      String cursor = McpSchema.FIRST_PAGE;
      for (int page = 0; page < MAX_PAGES && roots.size() < MAX_ROOTS; page++) {
        // Each request is bounded by the SDK's request timeout.
        McpSchema.ListRootsResult result = exchange.listRoots(cursor);
        roots.addAll(result.roots());
        cursor = result.nextCursor();
        if (cursor == null) {
          break;
        }
      }
    } catch (RuntimeException e) {
      // Not kept: the next call asks again.
      ServerLog.LOG.debug("roots/list failed: {}", ImageFiles.escape(e.toString()));
      return List.of();
    }
    List<Path> paths = paths(roots);
    // A list that arrived with notifications/roots/list_changed meanwhile is newer: it stays.
    List<Path> earlier = clientRoots.putIfAbsent(key, paths);
    return earlier != null ? earlier : paths;
  }

  /** The folders of {@code file:} root URIs; other schemes and bad URIs are left out. */
  static List<Path> paths(List<McpSchema.Root> roots) {
    List<Path> paths = new ArrayList<>();
    for (McpSchema.Root root : roots) {
      if (paths.size() >= MAX_ROOTS) {
        break;
      }
      Path path = path(root.uri());
      if (path != null) {
        paths.add(path);
      } else {
        ServerLog.LOG.debug("client root ignored: {}", ImageFiles.escape(String.valueOf(root)));
      }
    }
    return List.copyOf(paths);
  }

  private static Path path(String text) {
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("file")) {
        return null;
      }
      String host = uri.getHost();
      if (uri.getRawAuthority() != null && !"localhost".equalsIgnoreCase(host)) {
        return null; // a file on another machine
      }
      Path path = Path.of(new URI("file", null, uri.getPath(), null));
      return path.isAbsolute() ? path.normalize() : null;
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return null;
    }
  }

  private static String key(McpSyncServerExchange exchange) {
    String id = exchange.sessionId();
    return id == null ? "" : id;
  }
}
