package io.github.lmstudiojava.sessions;

import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

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
    ArchiveWriter.export(store, sessionId, out);
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
    return ArchiveWriter.exportAll(store, out);
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
    return ArchiveReader.importSessions(store, in, PAGE_SIZE);
  }

  static List<String> importSessions(SessionStore store, Reader in, int pageSize) {
    return ArchiveReader.importSessions(store, in, pageSize);
  }
}
