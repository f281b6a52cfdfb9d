package io.github.lmstudiojava.sessions.postgresql;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code jdbc:postgresql:} URL split into what may be shown and what must not: its secrets (a
 * {@code password} or {@code sslpassword} parameter, or the password of a {@code user:password@}
 * prefix) are taken out, so that the URL that reaches the pool, the driver, log lines and messages
 * never holds one.
 */
final class PostgresUrl {
  static final String PREFIX = "jdbc:postgresql:";

  /** The URL without its secrets and user information: safe to show, and what connects. */
  final String shown;

  /** The user of a {@code user:password@} prefix, or null; a {@code user} parameter also works. */
  final String userInfoUser;

  /** The password, or null. */
  final String password;

  /** The SSL key's password, or null. */
  final String sslPassword;

  /** The first server, as {@code host:port}, to say where PostgreSQL was expected. */
  final String server;

  /** The names of the parameters the URL sets, in lower case. */
  final List<String> parameters;

  private PostgresUrl(
      String shown,
      String userInfoUser,
      String password,
      String sslPassword,
      String server,
      List<String> parameters) {
    this.shown = shown;
    this.userInfoUser = userInfoUser;
    this.password = password;
    this.sslPassword = sslPassword;
    this.server = server;
    this.parameters = List.copyOf(parameters);
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException when it does not start with {@code jdbc:postgresql:}; the
   *     message never repeats a password
   */
  static PostgresUrl parse(String url) {
    Objects.requireNonNull(url, "jdbcUrl == null");
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: \""
              + hide(url)
              + "\"; write jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD");
    }
    String rest = url.substring(PREFIX.length());
    int question = rest.indexOf('?');
    String path = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? "" : rest.substring(question + 1);

    String userInfoUser = null;
    String password = null;
    String server = "localhost:5432";
    if (path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
      String tail = slash < 0 ? "" : path.substring(slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
        int colon = userInfo.indexOf(':');
        userInfoUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      }
      path = "//" + authority + tail;
      server = firstServer(authority);
    }

    String sslPassword = null;
    List<String> kept = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String parameter : query.split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String name = (equals < 0 ? parameter : parameter.substring(0, equals));
      String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
      String key = name.toLowerCase(Locale.ROOT);
      names.add(key);
      if (key.equals("password")) {
        password = value;
      } else if (key.equals("sslpassword")) {
        sslPassword = value;
      } else if (!key.contains("password")) {
        kept.add(parameter);
      }
    }
    String shown = PREFIX + path + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new PostgresUrl(shown, userInfoUser, password, sslPassword, server, names);
  }

  /** Whether the URL sets this parameter (any case). */
  boolean sets(String parameter) {
    return parameters.contains(parameter.toLowerCase(Locale.ROOT));
  }

  /**
   * A URL as it may be shown: with user information and every parameter whose name holds {@code
   * password} removed. Works on any text, a malformed URL too.
   */
  static String hide(String url) {
    if (url == null) {
      return null;
    }
    String noUserInfo = url.replaceFirst("^([A-Za-z][A-Za-z0-9+.:-]*//)[^/?#]*@", "$1");
    return noUserInfo
        .replaceAll("(?i)([?&;])[^&;#=]*password[^&;#=]*=[^&;#]*", "$1")
        .replaceAll("[?&;]+$", "")
        .replaceAll("\\?[&;]+", "?")
        .replaceAll("[&;]{2,}", "&");
  }

  private static String firstServer(String authority) {
    String first = authority.split(",", -1)[0];
    if (first.isEmpty()) {
      return "localhost:5432";
    }
    boolean hasPort = first.startsWith("[") ? first.contains("]:") : first.indexOf(':') >= 0;
    return hasPort ? first : first + ":5432";
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
