package io.github.lmstudiojava.client.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Checks of what the client asks LM Studio to connect to on its behalf (an ephemeral MCP server):
 * the URL and the headers LM Studio will send there. They often come from a user or a remote MCP
 * client, so a bad one is refused here, before LM Studio sees it.
 */
public final class RemoteServers {
  private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

  private RemoteServers() {}

  /**
   * Refuses a URL that is not an absolute http(s) URL, or that has a space or control character.
   *
   * @param what the field's name, for the message
   * @param url the URL
   * @throws IllegalArgumentException when the URL is refused
   */
  public static void checkUrl(String what, String url) {
    Objects.requireNonNull(url, what + " == null");
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException(
            what + " must be an http(s) URL without spaces or control characters");
      }
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (HttpUrl.parse(url) == null
        || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
      throw new IllegalArgumentException(what + " must be an http(s) URL");
    }
  }

  /**
   * Refuses a header LM Studio would pass on broken: a name that is not an HTTP token, or a value
   * with a line break or another control character (a header injection).
   *
   * @param headers the headers
   * @throws IllegalArgumentException when a header is refused
   */
  public static void checkHeaders(Map<String, String> headers) {
    headers.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "header name == null");
          Objects.requireNonNull(value, "header value == null");
          if (name.isEmpty() || !name.chars().allMatch(RemoteServers::isTokenChar)) {
            throw new IllegalArgumentException(
                "header name must be an HTTP token (letters, digits and " + TOKEN_CHARS + ")");
          }
          for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
              throw new IllegalArgumentException(
                  "header " + name + " has a control character (a line break?) in its value");
            }
          }
        });
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || TOKEN_CHARS.indexOf(c) >= 0;
  }
}
