package io.github.lmstudiojava.sessions;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;

/**
 * Exports sessions of any {@link SessionStore} to JSON Lines and imports them back losslessly.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("chats.jsonl"))) {
 *   SessionArchive.exportAll(store, out);
 * }
 * try (Reader in = Files.newBufferedReader(Path.of("chats.jsonl"))) {
 *   SessionArchive.importSessions(SessionStores.sqlite(Path.of("copy.db")), in);
 * }
 * }</pre>
 *
 * <p>Each session is one header line followed by one line per turn, in order:
 *
 * <pre>{@code
 * {"type":"session","version":1,"id":"s1","title":"Trip","model":"qwen/qwen3-4b",
 *  "system_prompt":"Be brief.","last_response_id":"resp_1",
 *  "created_at":"2026-03-01T10:00:00.123456789Z","updated_at":"2026-03-01T10:05:00.000000000Z"}
 * {"type":"turn","index":0,"role":"user","content":"Hi","created_at":"2026-03-01T10:00:01.000000000Z"}
 * {"type":"turn","index":1,"role":"assistant","content":"","tool_calls":[{"id":"c1",
 *  "name":"weather","arguments":"{\"city\":\"Oslo\"}"}],"model":"qwen/qwen3-4b",
 *  "prompt_tokens":12,"completion_tokens":7,"response_id":"resp_1","created_at":"..."}
 * {"type":"turn","index":2,"role":"tool","content":"sunny","tool_call_id":"c1","created_at":"..."}
 * }</pre>
 *
 * <p>(Each object above is on a single line in the file.) Fields whose value is null, and empty
 * tool call lists, are left out; times are ISO-8601 instants in UTC with nine fraction digits. On
 * import, unknown fields are ignored, so files written by later versions that only add fields still
 * load.
 */
public final class SessionArchive {
  /** The format version this class writes, and the newest it reads. */
  public static final int VERSION = 1;

  /** How many turns are read or appended at a time. */
  static final int PAGE_SIZE = 500;

  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

  private SessionArchive() {}

  /**
   * Writes one session, its header line and then its turns, reading the history a page at a time so
   * that a long session is streamed rather than loaded at once.
   *
   * @param store the store to read
   * @param sessionId the session
   * @param out where the lines go; flushed, not closed
   * @throws SessionNotFoundException when there is no such session
   * @throws UncheckedIOException when {@code out} fails
   */
  public static void export(SessionStore store, String sessionId, Writer out) {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(sessionId, "sessionId == null");
    Objects.requireNonNull(out, "out == null");
    Session session = store.find(sessionId).orElseThrow(() -> store.notFound(sessionId));
    try {
      writeSession(store, session, out, PAGE_SIZE);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing session " + sessionId, e);
    }
  }

  /**
   * Writes every session of a store, as {@link #export} does for one, listing the sessions a page
   * at a time (most recently updated first). Sessions created or changed while this runs may be
   * missed or written twice; export from a store nobody else writes to for an exact copy.
   *
   * @param store the store to read
   * @param out where the lines go; flushed, not closed
   * @return how many sessions were written
   * @throws UncheckedIOException when {@code out} fails
   */
  public static int exportAll(SessionStore store, Writer out) {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(out, "out == null");
    int count = 0;
    try {
      for (int offset = 0; ; offset += PAGE_SIZE) {
        List<SessionSummary> page = store.list(offset, PAGE_SIZE);
        for (SessionSummary summary : page) {
          var session = store.find(summary.id());
          if (session.isPresent()) {
            writeSession(store, session.get(), out, PAGE_SIZE);
            count++;
          }
        }
        if (page.size() < PAGE_SIZE) {
          break;
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing sessions", e);
    }
    return count;
  }

  /**
   * Reads lines written by {@link #export} or {@link #exportAll} and creates their sessions, with
   * their ids, titles, models, system prompts, last response ids and turns.
   *
   * <p>Turns keep every field, their index and their {@code createdAt}. The sessions' own {@code
   * createdAt} and {@code updatedAt} cannot be set through {@link SessionStore}: they become the
   * time of the import.
   *
   * <p>A session whose turns fit in one page (500 turns) is created and given all its turns in a
   * single {@link SessionStore#append} after all its lines were read, so a refused line leaves
   * nothing of it behind. A longer session is created when its first page is full and appended a
   * page at a time, to keep memory bounded; if one of its later lines is refused, the session is
   * deleted again before the exception is thrown. Sessions before the refused one stay imported.
   * Blank lines are skipped.
   *
   * @param store the store to write
   * @param in the lines; read to the end or to the first refused line, not closed
   * @return the ids of the sessions imported, in the order read
   * @throws IllegalArgumentException naming the line number, for a line that is not a JSON object,
   *     has an unknown {@code type}, a {@code version} newer than {@link #VERSION}, a missing or
   *     invalid field, a turn before any session line or out of order, or a session id the store
   *     already holds
   * @throws UncheckedIOException when {@code in} fails
   */
  public static List<String> importSessions(SessionStore store, Reader in) {
    return importSessions(store, in, PAGE_SIZE);
  }

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
    if (v > VERSION) {
      throw refused(
          line,
          "format version "
              + v
              + " is newer than this library reads ("
              + VERSION
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

  private static void writeSession(SessionStore store, Session session, Writer out, int pageSize)
      throws IOException {
    writeLine(out, w -> writeHeader(w, session));
    for (long offset = 0; ; offset += pageSize) {
      List<Turn> page = store.history(session.id(), offset, pageSize);
      for (Turn turn : page) {
        writeLine(out, w -> writeTurn(w, turn));
      }
      if (page.size() < pageSize) {
        return;
      }
    }
  }

  private interface Body {
    void write(JsonWriter writer) throws IOException;
  }

  private static void writeLine(Writer out, Body body) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      body.write(writer);
      writer.endObject();
    }
    out.write(buffer.readUtf8());
    out.write('\n');
  }

  private static void writeHeader(JsonWriter w, Session s) throws IOException {
    w.name("type").value("session");
    w.name("version").value(VERSION);
    w.name("id").value(s.id());
    w.name("title").value(s.title());
    w.name("model").value(s.model());
    w.name("system_prompt").value(s.systemPrompt());
    w.name("last_response_id").value(s.lastResponseId());
    w.name("created_at").value(TIME.format(s.createdAt()));
    w.name("updated_at").value(TIME.format(s.updatedAt()));
  }

  private static void writeTurn(JsonWriter w, Turn t) throws IOException {
    w.name("type").value("turn");
    w.name("index").value(t.index());
    w.name("role").value(t.role().wireName());
    w.name("content").value(t.content());
    w.name("reasoning").value(t.reasoning());
    if (!t.toolCalls().isEmpty()) {
      w.name("tool_calls").beginArray();
      for (ToolCall call : t.toolCalls()) {
        w.beginObject();
        w.name("id").value(call.id());
        w.name("name").value(call.name());
        w.name("arguments").value(call.arguments());
        w.endObject();
      }
      w.endArray();
    }
    w.name("tool_call_id").value(t.toolCallId());
    w.name("model").value(t.model());
    w.name("prompt_tokens").value(t.promptTokens());
    w.name("completion_tokens").value(t.completionTokens());
    w.name("response_id").value(t.responseId());
    w.name("created_at").value(t.createdAt() == null ? null : TIME.format(t.createdAt()));
  }
}
