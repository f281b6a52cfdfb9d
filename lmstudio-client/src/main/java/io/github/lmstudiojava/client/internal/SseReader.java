package io.github.lmstudiojava.client.internal;

import java.io.IOException;
import okio.BufferedSource;
import okio.ByteString;
import okio.Options;

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
  private static final int DATA_SPACE = 0;
  private static final int DATA = 1;
  private static final int EVENT_SPACE = 2;
  private static final int EVENT = 3;
  private static final int COMMENT = 4;
  private static final Options FIELDS =
      Options.of(
          ByteString.encodeUtf8("data: "),
          ByteString.encodeUtf8("data:"),
          ByteString.encodeUtf8("event: "),
          ByteString.encodeUtf8("event:"),
          ByteString.encodeUtf8(":"));

  private final BufferedSource source;
  private boolean skipLeadingLf;
  private long comments;
  private String lastEvent;
  private ByteString lastEventBytes;

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
    String data = null;
    StringBuilder moreData = null;
    while (true) {
      skipLeadingLf();
      if (!source.request(1)) {
        return dispatch(event, data, moreData, id);
      }
      byte first = source.getBuffer().getByte(0);
      if (first == '\n' || first == '\r') {
        readLine();
        if (data != null) {
          return dispatch(event, data, moreData, id);
        }
        event = null;
        id = null;
        continue;
      }
      // The common fields are matched on bytes, so only their values become strings.
      int field = source.select(FIELDS);
      if (field == DATA_SPACE || field == DATA) {
        String value = readValue();
        if (data == null) {
          data = value;
        } else {
          if (moreData == null) {
            moreData = new StringBuilder(data);
          }
          moreData.append('\n').append(value);
        }
        continue;
      }
      if (field == EVENT_SPACE || field == EVENT) {
        event = readEventName();
        continue;
      }
      if (field == COMMENT) {
        readLine();
        comments++;
        continue;
      }
      String line = readLine();
      if (line == null) {
        return dispatch(event, data, moreData, id);
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      if (name.equals("data")) {
        if (data == null) {
          data = value;
        } else {
          if (moreData == null) {
            moreData = new StringBuilder(data);
          }
          moreData.append('\n').append(value);
        }
      } else if (name.equals("event")) {
        event = value;
      } else if (name.equals("id") && value.indexOf('\0') < 0) {
        id = value;
      }
      // "retry" and unknown fields do not concern a client that does not reconnect.
    }
  }

  private static SseEvent dispatch(String event, String data, StringBuilder moreData, String id) {
    if (data == null) {
      return null;
    }
    return new SseEvent(event, moreData != null ? moreData.toString() : data, id);
  }

  /**
   * The number of comment lines skipped so far (servers send them as keep-alives).
   *
   * @return the count
   */
  public long comments() {
    return comments;
  }

  private void skipLeadingLf() throws IOException {
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
  }

  /** The rest of a line whose field name was consumed; empty, never null, at end of stream. */
  private String readValue() throws IOException {
    String value = readLine();
    return value == null ? "" : value;
  }

  /**
   * An {@code event:} value. Nearly every event of a stream has the name of the one before it
   * (token after token), so the bytes are compared with that name first and its string reused.
   */
  private String readEventName() throws IOException {
    long end = source.indexOfElement(LINE_END);
    if (end >= 0
        && lastEventBytes != null
        && end == lastEventBytes.size()
        && source.getBuffer().rangeEquals(0, lastEventBytes)) {
      source.skip(end);
      consumeLineEnd();
      return lastEvent;
    }
    String name = readValue();
    lastEvent = name;
    lastEventBytes = ByteString.encodeUtf8(name);
    return name;
  }

  private String readLine() throws IOException {
    long end = source.indexOfElement(LINE_END);
    if (end < 0) {
      long remaining = source.getBuffer().size();
      return remaining == 0 ? null : source.readUtf8(remaining);
    }
    String line = source.readUtf8(end);
    consumeLineEnd();
    return line;
  }

  /** Consumes the CR, LF or CRLF that ends a line, which must be next. */
  private void consumeLineEnd() throws IOException {
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
  }
}
