package io.github.lmstudiojava.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written and read by hand over a loopback socket, for the requests no HTTP client sends:
 * half-sent ones, slow ones, and connections the test closes itself.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final PushbackInputStream in;

  /** An answer: the status, the headers (names in lower case) and the body. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  RawHttp(int port) throws IOException {
    this.socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    this.in = new PushbackInputStream(socket.getInputStream());
  }

  /** The head of a request to {@code /mcp} with these extra header lines, without its end. */
  static String head(String method, String... headers) {
    StringBuilder b = new StringBuilder(method).append(" /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.toString();
  }

  /** A whole POST of this JSON with these extra header lines. */
  static String post(String json, String... headers) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return head("POST", headers)
        + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\n"
        + "Content-Length: "
        + body.length
        + "\r\n\r\n"
        + json;
  }

  void write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** Reads the status line and headers. */
  Response readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("closed before the end of the head: " + head);
      }
      head.write(b);
      if ((b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)) {
        matched++;
      } else {
        matched = b == '\r' ? 1 : 0;
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new Response(status, headers, "");
  }

  /** Reads a whole answer: its head, then a body of Content-Length bytes or chunks. */
  Response readResponse() throws IOException {
    Response head = readHead();
    return new Response(head.status(), head.headers(), readBody(head));
  }

  /** Reads the body of an answer whose head was read: Content-Length bytes, or chunks. */
  String readBody(Response head) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = head.header("Content-Length");
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length)));
    } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the chunked body did not end within 30 s");
        }
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        body.write(in.readNBytes(size));
        line();
      }
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether the server closes the connection within this time; whatever it sends first is read and
   * dropped.
   */
  boolean closedByServer(Duration within) throws IOException {
    long until = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < until) {
      socket.setSoTimeout((int) Math.max(1, (until - System.nanoTime()) / 1_000_000));
      try {
        if (in.read(buffer) == -1) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset by the server
      } finally {
        socket.setSoTimeout(30_000);
      }
    }
    return false;
  }

  /** Whether nothing at all arrives within this time; what does arrive is kept for the reads. */
  boolean silentFor(Duration time) throws IOException {
    socket.setSoTimeout((int) time.toMillis());
    try {
      int b = in.read();
      if (b != -1) {
        in.unread(b);
      }
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(30_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * How many TCP connections on this local port are in CLOSE-WAIT: the peer closed them and the
   * server has not yet. Reads {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
   */
  static int closeWait(int port) throws IOException {
    String hexPort = String.format(":%04X", port);
    int count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String row : Files.readAllLines(path)) {
        String[] cols = row.trim().split("\\s+");
        // local address, remote address, state; 08 is CLOSE_WAIT
        if (cols.length > 3 && cols[1].endsWith(hexPort) && cols[3].equals("08")) {
          count++;
        }
      }
    }
    return count;
  }
}
