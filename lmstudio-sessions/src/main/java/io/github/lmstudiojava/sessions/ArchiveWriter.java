package io.github.lmstudiojava.sessions;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Objects;
import okio.Buffer;

/** The writing half of {@link SessionArchive}: sessions to JSON Lines. */
final class ArchiveWriter {
  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

  private ArchiveWriter() {}

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
  static void export(SessionStore store, String sessionId, Writer out) {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(sessionId, "sessionId == null");
    Objects.requireNonNull(out, "out == null");
    Session session = store.find(sessionId).orElseThrow(() -> store.notFound(sessionId));
    try {
      writeSession(store, session, out, SessionArchive.PAGE_SIZE);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing session " + sessionId, e);
    }
  }

  /**
   * Writes every session of a store, as {@link SessionArchive#export} does for one, listing the
   * sessions a page at a time (most recently updated first). Sessions created or changed while this
   * runs may be missed or written twice; export from a store nobody else writes to for an exact
   * copy.
   *
   * @param store the store to read
   * @param out where the lines go; flushed, not closed
   * @return how many sessions were written
   * @throws UncheckedIOException when {@code out} fails
   */
  static int exportAll(SessionStore store, Writer out) {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(out, "out == null");
    int count = 0;
    try {
      for (int offset = 0; ; offset += SessionArchive.PAGE_SIZE) {
        List<SessionSummary> page = store.list(offset, SessionArchive.PAGE_SIZE);
        for (SessionSummary summary : page) {
          var session = store.find(summary.id());
          if (session.isPresent()) {
            writeSession(store, session.get(), out, SessionArchive.PAGE_SIZE);
            count++;
          }
        }
        if (page.size() < SessionArchive.PAGE_SIZE) {
          break;
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing sessions", e);
    }
    return count;
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
    w.name("version").value(SessionArchive.VERSION);
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
