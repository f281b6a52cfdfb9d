package io.github.lmstudiojava.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users of an HTTP server and their bearer tokens, read from {@code --auth-tokens-file}: one
 * {@code user token} pair a line, {@code #} comments and blank lines ignored. Only the tokens'
 * SHA-256 digests are kept; a request's token is compared with every one of them in constant time,
 * so neither the answer's time nor an early exit tells which user, if any, came close.
 */
final class UserTokens {
  /** The shortest token accepted. */
  static final int MIN_TOKEN_LENGTH = 16;

  /** The largest file read. */
  static final long MAX_FILE_BYTES = 1 << 20;

  /** What a user name may be: the same as a session store namespace. */
  static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,48}");

  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

  private final List<String> users;
  private final List<byte[]> digests;

  private UserTokens(List<String> users, List<byte[]> digests) {
    this.users = List.copyOf(users);
    this.digests = List.copyOf(digests);
  }

  /**
   * Reads a tokens file.
   *
   * @param file the file's path as given
   * @param flag the flag or variable that named it, for messages
   * @return the users and their tokens
   * @throws ConfigException saying what is wrong, and on which line; a token is never shown
   */
  static UserTokens read(String file, String flag) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new ConfigException(flag + ": \"" + file + "\" is not a path: " + e.getReason());
    }
    try {
      if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
        throw new ConfigException(flag + ": " + file + " is not a regular file of at most 1 MiB");
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(UserTokens::groupOrOthers)) {
          throw new ConfigException(
              flag
                  + ": "
                  + file
                  + " is accessible by other users (permissions "
                  + PosixFilePermissions.toString(permissions)
                  + "); it holds bearer tokens, so it must be readable by its owner only:"
                  + " chmod 600 "
                  + file);
        }
      }
      return parse(Files.readAllLines(path, StandardCharsets.UTF_8), flag + ": " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException(flag + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads the lines of a tokens file.
   *
   * @param lines the lines
   * @param source what to name in messages
   * @return the users and their tokens
   * @throws ConfigException naming the first bad line; a token is never shown
   */
  static UserTokens parse(List<String> lines, String source) {
    List<String> users = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    Map<String, Integer> userLines = new HashMap<>();
    Map<String, Integer> tokenLines = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String at = source + ", line " + number + ": ";
      if (fields.length != 2) {
        throw new ConfigException(
            at + "expected two fields, a user name and a token, separated by a space");
      }
      String user = fields[0];
      String token = fields[1];
      // Until both fields are valid, nothing of the line is shown: the two may be swapped.
      if (!USER.matcher(user).matches()) {
        throw new ConfigException(
            at + "the user name is not 1 to 48 letters, digits, '.', '_', '@' or '-'");
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new ConfigException(
            at
                + "the token is shorter than "
                + MIN_TOKEN_LENGTH
                + " characters; make one with: openssl rand -hex 32");
      }
      if (!TOKEN.matcher(token).matches()) {
        throw new ConfigException(at + "the token has characters other than printable ASCII");
      }
      Integer userFirst = userLines.putIfAbsent(user, number);
      if (userFirst != null) {
        throw new ConfigException(
            at + "user " + user + " is listed twice (first on line " + userFirst + ")");
      }
      Integer tokenFirst = tokenLines.putIfAbsent(token, number);
      if (tokenFirst != null) {
        throw new ConfigException(
            at
                + "the token of user "
                + user
                + " is the token of line "
                + tokenFirst
                + " too; every user needs a token of their own");
      }
      users.add(user);
      digests.add(sha256(token));
    }
    if (users.isEmpty()) {
      throw new ConfigException(source + " lists no users: write one \"user token\" pair a line");
    }
    return new UserTokens(users, digests);
  }

  /** The user names, in the file's order. */
  List<String> users() {
    return users;
  }

  /**
   * The user whose token this is, or null. Every user's token is compared, whatever matched.
   *
   * @param token the token a request sent
   * @return the user, or null when the token is nobody's
   */
  String userOf(String token) {
    byte[] given = sha256(token);
    String found = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(given, digests.get(i)) && found == null) {
        found = users.get(i);
      }
    }
    return found;
  }

  /** Names the users, never the tokens. */
  @Override
  public String toString() {
    return users.size() + (users.size() == 1 ? " user " : " users ") + users;
  }

  private static boolean groupOrOthers(PosixFilePermission p) {
    return p != PosixFilePermission.OWNER_READ
        && p != PosixFilePermission.OWNER_WRITE
        && p != PosixFilePermission.OWNER_EXECUTE;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
