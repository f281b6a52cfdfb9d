package io.github.lmstudiojava.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite store's file: creates it safely, refuses what must not be touched, opens connections
 * with the store's settings, and turns JDBC failures into messages that name the file.
 */
final class SqliteFile {
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  final Path path;
  final String location;
  final long busyTimeoutMillis;

  SqliteFile(Path file, long busyTimeoutMillis) {
    this.path = file.toAbsolutePath().normalize();
    this.location = path.toString();
    this.busyTimeoutMillis = busyTimeoutMillis;
  }

  Connection connect() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // the file exists; never create one here
    config.setBusyTimeout((int) busyTimeoutMillis);
    config.enforceForeignKeys(true);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    return config.createConnection("jdbc:sqlite:" + location);
  }

  /** Creates the parent directories and an owner-only file, or checks the existing file. */
  void prepare() {
    if (Files.isDirectory(path)) {
      throw new SessionStoreException(
          location, location + " is a directory; give the session store a file path.", null);
    }
    if (Files.exists(path)) {
      checkExisting();
      return;
    }
    Path parent = path.getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SessionStoreException(
          location,
          "Cannot create the directory "
              + parent
              + " for the session store "
              + location
              + ": "
              + e
              + ". Choose a path you can write.",
          e);
    }
    try {
      if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      } else {
        Files.createFile(path);
      }
    } catch (FileAlreadyExistsException e) {
      checkExisting();
    } catch (IOException e) {
      throw new SessionStoreException(
          location,
          "Cannot create the session store "
              + location
              + ": "
              + e
              + ". Choose a path you can write.",
          e);
    }
  }

  private void checkExisting() {
    if (!Files.isRegularFile(path)) {
      throw new SessionStoreException(
          location, location + " is not a regular file; give the session store a file.", null);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(HEADER.length);
    } catch (IOException e) {
      throw new SessionStoreException(
          location, "Cannot read the session store " + location + ": " + e, e);
    }
    if (head.length > 0 && !Arrays.equals(head, HEADER)) {
      throw notADatabase(null);
    }
    if (!Files.isWritable(path)) {
      throw new SessionStoreException(
          location,
          "The session store "
              + location
              + " cannot be written (the file is read-only); give its owner write permission.",
          null);
    }
    keepPrivate();
  }

  /**
   * Takes group and other permissions away from an existing store and its {@code -wal} and {@code
   * -shm} files (SQLite creates those with the database's permissions), as a new store has none: a
   * file made readable by an older version, a copy or a restore would otherwise show every
   * conversation to other users. A file this user cannot change is left as it is, with a warning.
   */
  private void keepPrivate() {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    for (Path file : List.of(path, sibling("-wal"), sibling("-shm"))) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : permissions) {
          if (p.name().startsWith("OWNER_")) {
            owner.add(p);
          }
        }
        if (!owner.equals(permissions)) {
          Files.setPosixFilePermissions(file, owner);
        }
      } catch (NoSuchFileException e) {
        // No such journal file now: SQLite creates it with the database's permissions.
      } catch (IOException | SecurityException e) {
        System.getLogger("lmstudio-sessions")
            .log(
                System.Logger.Level.WARNING,
                "The session store file "
                    + file
                    + " can be read by other users and its permissions could not be narrowed: "
                    + e);
      }
    }
  }

  private Path sibling(String suffix) {
    return path.resolveSibling(path.getFileName() + suffix);
  }

  private SessionStoreException notADatabase(Throwable cause) {
    return new SessionStoreException(
        location,
        location
            + " is not a SQLite database; it was left untouched. Move it away or choose another"
            + " path for the session store.",
        cause);
  }

  /** Wraps a JDBC failure in an exception that names the file and says what to do. */
  SessionStoreException failure(String action, SQLException e) {
    int code = e.getErrorCode() & 0xff;
    switch (code) {
      case 5: // SQLITE_BUSY
      case 6: // SQLITE_LOCKED
        return new SessionStoreException(
            location,
            "The session store "
                + location
                + " stayed locked by another process or connection for longer than the busy"
                + " timeout ("
                + busyTimeoutMillis
                + " ms) while "
                + action
                + "; nothing was changed. Close the other program or raise the busy timeout.",
            e);
      case 26: // SQLITE_NOTADB
        return notADatabase(e);
      case 3: // SQLITE_PERM
      case 8: // SQLITE_READONLY
      case 14: // SQLITE_CANTOPEN
        return new SessionStoreException(
            location,
            "The session store "
                + location
                + " cannot be written while "
                + action
                + " ("
                + e.getMessage()
                + "); check the permissions of the file and its directory.",
            e);
      case 11: // SQLITE_CORRUPT
        return new SessionStoreException(
            location, "The session store " + location + " is corrupt (" + e.getMessage() + ").", e);
      case 13: // SQLITE_FULL
        return new SessionStoreException(
            location,
            "The disk holding the session store " + location + " is full while " + action + ".",
            e);
      default:
        return new SessionStoreException(
            location,
            "The session store " + location + " failed while " + action + ": " + e.getMessage(),
            e);
    }
  }
}
