package io.github.lmstudiojava.sessions;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;

/** The reading half of {@link SessionArchive}: JSON Lines back into a store. */
final class ArchiveReader {
  private ArchiveReader() {}

  static List<String> importSessions(SessionStore store, Reader in, int pageSize) {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(in, "in == null");
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<String> imported = new ArrayList<>();
    Pending pending = null;
    long lineNumber = 0;
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> fields = parse(line, lineNumber);
        Object type = fields.get("type");
        if ("session".equals(type)) {
          if (pending != null) {
            imported.add(pending.finish());
            pending = null;
          }
          pending = new Pending(store, header(fields, lineNumber), lineNumber, pageSize);
        } else if ("turn".equals(type)) {
          if (pending == null) {
            throw refused(lineNumber, "a turn comes before any \"session\" line");
          }
          pending.add(turn(fields, pending.nextIndex, lineNumber));
        } else if (type == null) {
          throw refused(lineNumber, "no \"type\" field");
        } else {
          throw refused(
              lineNumber, "unknown type \"" + type + "\"; expected \"session\" or \"turn\"");
        }
      }
      if (pending != null) {
        imported.add(pending.finish());
        pending = null;
      }
    } catch (IOException e) {
      abandon(pending);
      throw new UncheckedIOException("reading sessions at line " + (lineNumber + 1), e);
    } catch (RuntimeException e) {
      abandon(pending);
      throw e;
    }
    return List.copyOf(imported);
  }

  private static void abandon(Pending pending) {
    if (pending != null && pending.created) {
      pending.store.delete(pending.header.id());
    }
  }

  /** A session being imported: its turns are held until a page is full or the session ends. */
  private static final class Pending {
    final SessionStore store;
    final Session header;
    final int pageSize;
    final List<Turn> turns = new ArrayList<>();
    final long headerLine;
    long nextIndex;
    boolean created;

    Pending(SessionStore store, Session header, long headerLine, int pageSize) {
      this.store = store;
      this.header = header;
      this.headerLine = headerLine;
      this.pageSize = pageSize;
      if (store.find(header.id()).isPresent()) {
        throw refused(headerLine, "session \"" + header.id() + "\" already exists in " + store);
      }
    }

    void add(Turn turn) {
      turns.add(turn);
      nextIndex++;
      if (turns.size() >= pageSize) {
        flush();
      }
    }

    String finish() {
      flush();
      if (!created) {
        create();
      }
      return header.id();
    }

    private void flush() {
      if (!created) {
        create();
      }
      if (!turns.isEmpty()) {
        store.append(header.id(), List.copyOf(turns));
        turns.clear();
      }
    }

    private void create() {
      try {
        store.create(
            new NewSession(header.id(), header.title(), header.model(), header.systemPrompt()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line "
                + headerLine
                + ": session \""
                + header.id()
                + "\" cannot be created: "
                + e.getMessage(),
            e);
      }
      created = true;
      if (header.lastResponseId() != null) {
        Session session = store.find(header.id()).orElseThrow(() -> store.notFound(header.id()));
        store.update(session.withLastResponseId(header.lastResponseId()));
      }
    }
  }

  private static Session header(Map<String, Object> fields, long line) {
    Object version = fields.get("version");
    if (!(version instanceof Long v)) {
      throw refused(line, "a session line needs a whole-number \"version\"");
    }
    if (v > SessionArchive.VERSION) {
      throw refused(
          line,
          "format version "
              + v
              + " is newer than this library reads ("
              + SessionArchive.VERSION
              + "); upgrade lmstudio-sessions");
    }
    if (v < 1) {
      throw refused(line, "unknown format version " + v);
    }
    String id = string(fields, "id", line, true);
    try {
      new NewSession(id, null, null, null);
    } catch (IllegalArgumentException e) {
      throw refused(line, "bad session id: " + e.getMessage());
    }
    return new Session(
        id,
        string(fields, "title", line, false),
        string(fields, "model", line, false),
        string(fields, "system_prompt", line, false),
        string(fields, "last_response_id", line, false),
        time(fields, "created_at", line, true),
        time(fields, "updated_at", line, true));
  }

  @SuppressWarnings("unchecked")
  private static Turn turn(Map<String, Object> fields, long expectedIndex, long line) {
    Object index = fields.get("index");
    if (index != null && !(index instanceof Long)) {
      throw refused(line, "\"index\" must be a whole number");
    }
    if (index != null && (Long) index != expectedIndex) {
      throw refused(line, "turn index " + index + " is out of order; expected " + expectedIndex);
    }
    String roleName = string(fields, "role", line, true);
    Role role;
    try {
      role = Role.of(roleName);
    } catch (IllegalArgumentException e) {
      throw refused(line, "unknown role \"" + roleName + "\"");
    }
    Object calls = fields.get("tool_calls");
    List<ToolCall> toolCalls = new ArrayList<>();
    if (calls != null) {
      if (!(calls instanceof List<?>)) {
        throw refused(line, "\"tool_calls\" must be an array");
      }
      for (Object call : (List<?>) calls) {
        if (!(call instanceof Map<?, ?>)) {
          throw refused(line, "each tool call must be an object");
        }
        Map<String, Object> c = (Map<String, Object>) call;
        toolCalls.add(
            new ToolCall(
                string(c, "id", line, true),
                string(c, "name", line, true),
                string(c, "arguments", line, false)));
      }
    }
    try {
      return new Turn(
          -1,
          role,
          string(fields, "content", line, false),
          string(fields, "reasoning", line, false),
          toolCalls,
          string(fields, "tool_call_id", line, false),
          string(fields, "model", line, false),
          integer(fields, "prompt_tokens", line),
          integer(fields, "completion_tokens", line),
          string(fields, "response_id", line, false),
          time(fields, "created_at", line, false));
    } catch (IllegalArgumentException e) {
      throw refused(line, "bad turn: " + e.getMessage());
    }
  }

  private static String string(Map<String, Object> fields, String name, long line, boolean need) {
    Object value = fields.get(name);
    if (value == null) {
      if (need) {
        throw refused(line, "missing \"" + name + "\"");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw refused(line, "\"" + name + "\" must be a string");
    }
    return s;
  }

  private static Integer integer(Map<String, Object> fields, String name, long line) {
    Object value = fields.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw refused(line, "\"" + name + "\" must be a whole number");
    }
    return (int) (long) l;
  }

  private static Instant time(Map<String, Object> fields, String name, long line, boolean need) {
    String text = string(fields, name, line, need);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw refused(line, "\"" + name + "\" is not an ISO-8601 instant: \"" + text + "\"");
    }
  }

  /** Reads a line's object: strings, whole numbers as Long, arrays and objects of tool calls. */
  private static Map<String, Object> parse(String line, long lineNumber) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(line))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw refused(lineNumber, "not a JSON object");
      }
      Object value = value(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw refused(lineNumber, "more than one JSON value on the line");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (JsonEncodingException | JsonDataException | NumberFormatException e) {
      throw refused(lineNumber, "malformed JSON: " + e.getMessage());
    } catch (IOException e) {
      throw refused(lineNumber, "malformed JSON: " + e.getMessage());
    }
  }

  private static Object value(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        Map<String, Object> map = new HashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          map.put(name, value(reader));
        }
        reader.endObject();
        return map;
      case BEGIN_ARRAY:
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(value(reader));
        }
        reader.endArray();
        return list;
      case STRING:
        return reader.nextString();
      case NUMBER:
        String number = reader.nextString();
        try {
          return Long.parseLong(number);
        } catch (NumberFormatException e) {
          return Double.parseDouble(number);
        }
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        throw new JsonDataException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  private static IllegalArgumentException refused(long line, String why) {
    return new IllegalArgumentException("line " + line + ": " + why);
  }
}
