package io.github.lmstudiojava.client.internal;

import java.io.IOException;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events from a byte source, one at a time, on the caller's thread.
 *
 * <p>Follows the WHATWG event-stream rules: lines end with LF, CRLF or CR; {@code data:} lines of
 * one event are joined with LF; lines starting with a colon are comments; one leading space of a
 * value is dropped; unknown fields are ignored. One tolerance beyond the rules: a last event that
 * the server did not close with a blank line is still delivered at end of stream, because losing
 * the final event of a generation would lose its result.
 */
public final class SseReader {
  private static final ByteString LINE_END = ByteString.encodeUtf8("\r\n");

  private final BufferedSource source;
  private boolean skipLeadingLf;
  private long comments;

  /**
   * Creates a reader over a source positioned at the start of the stream.
   *
   * @param source the response body
   */
  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads the next event, blocking until it is complete.
   *
   * @return the event, or null at the end of the stream
   * @throws IOException when reading fails
   */
  public SseEvent next() throws IOException {
    String event = null;
    String id = null;
    StringBuilder data = null;
    while (true) {
      String line = readLine();
      if (line == null) {
        return data == null ? null : new SseEvent(event, data.toString(), id);
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event, data.toString(), id);
        }
        event = null;
        id = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        comments++;
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      switch (field) {
        case "data":
          if (data == null) {
            data = new StringBuilder(value.length());
          } else {
            data.append('\n');
          }
          data.append(value);
          break;
        case "event":
          event = value;
          break;
        case "id":
          if (value.indexOf('\0') < 0) {
            id = value;
          }
          break;
        default:
          // "retry" and unknown fields do not concern a client that does not reconnect.
          break;
      }
    }
  }

  /**
   * The number of comment lines skipped so far (servers send them as keep-alives).
   *
   * @return the count
   */
  public long comments() {
    return comments;
  }

  private String readLine() throws IOException {
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    long end = source.indexOfElement(LINE_END);
    if (end < 0) {
      long remaining = source.getBuffer().size();
      return remaining == 0 ? null : source.readUtf8(remaining);
    }
    String line = source.readUtf8(end);
    byte terminator = source.readByte();
    if (terminator == '\r') {
      // A CRLF pair is one line end; look for the LF lazily so a lone CR never blocks.
      if (source.getBuffer().size() > 0) {
        if (source.getBuffer().getByte(0) == '\n') {
          source.skip(1);
        }
      } else {
        skipLeadingLf = true;
      }
    }
    return line;
  }
}
