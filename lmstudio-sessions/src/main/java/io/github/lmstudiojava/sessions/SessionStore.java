package io.github.lmstudiojava.sessions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps conversations across restarts: sessions (metadata) and their ordered turns.
 *
 * <pre>{@code
 * try (SessionStore store = SessionStores.sqlite(Path.of("chats.db"))) {
 *   Session s = store.create(NewSession.of().withModel("qwen/qwen3-4b"));
 *   store.append(s.id(), List.of(Turn.user("Hi"), Turn.assistant("Hello!")));
 *   store.history(s.id());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe. {@link #append} is atomic and ordered per session: all the
 * given turns are stored, in order, after every turn stored before, or none is. {@link #record}
 * also stores the session's new state with the turns, in the same transaction, and only while the
 * session is at the {@link Session#version() version} the caller read: the store, not the caller,
 * decides the order of concurrent writers, so that it holds across threads, processes and servers
 * sharing one database. A third party plugs in its own store by implementing this interface and, to
 * be found by {@link SessionStores#open(String)}, a {@link SessionStoreProvider}; the contract test
 * suite {@code SessionStoreContract} in {@code lmstudio-sessions-testkit} checks an implementation.
 */
public interface SessionStore extends AutoCloseable {

  /**
   * Creates a session.
   *
   * @param spec the id (or null to generate one), title, model and system prompt
   * @return the new session
   * @throws IllegalArgumentException when a session with that id exists
   */
  Session create(NewSession spec);

  /**
   * Finds a session.
   *
   * @param sessionId the id
   * @return the session, or empty when there is none with that id
   */
  Optional<Session> find(String sessionId);

  /**
   * Replaces a session's title, model, system prompt and last response id, whatever its version.
   *
   * @param session the session with its new values
   * @return the stored session, with its new {@code updatedAt} and next version
   * @throws SessionNotFoundException when there is no such session
   */
  Session update(Session session);

  /**
   * Stores an exchange in one transaction: appends {@code turns} after the turns already there and
   * sets the session's title, model, system prompt and last response id to those of {@code
   * session}, provided the stored session is still at {@code session.version()}. Either all of it
   * is stored or none of it.
   *
   * <pre>{@code
   * Session s = store.find(id).orElseThrow();
   * List<Turn> context = store.history(id);
   * // ... ask the model, with s and context ...
   * store.record(s.withLastResponseId(responseId), List.of(Turn.user(q), Turn.assistant(a)));
   * }</pre>
   *
   * @param session the session as the caller read it, with its new values
   * @param turns the turns, not stored yet
   * @return the session at its next version, and the stored turns
   * @throws SessionConflictException when another write came first: nothing was stored
   * @throws SessionNotFoundException when there is no such session
   */
  Recorded record(Session session, List<Turn> turns);

  /**
   * Clears a session's turns and last response id, keeping its id, title, model and system prompt;
   * turn indices start again at 0.
   *
   * @param sessionId the session
   * @return the session at its next version
   * @throws SessionNotFoundException when there is no such session
   */
  Session reset(String sessionId);

  /**
   * Appends turns to a session, atomically: all of them, in order, after the turns already there,
   * or none. The session's {@code updatedAt} moves on.
   *
   * @param sessionId the session
   * @param turns the turns, not stored yet
   * @return the turns as stored, with their index and time
   * @throws SessionNotFoundException when there is no such session
   */
  List<Turn> append(String sessionId, List<Turn> turns);

  /**
   * Reads part of a session's turns, in order.
   *
   * @param sessionId the session
   * @param offset how many turns to skip from the start
   * @param limit the most turns to return
   * @return the turns
   * @throws SessionNotFoundException when there is no such session
   */
  List<Turn> history(String sessionId, long offset, int limit);

  /**
   * Lists the sessions whose id starts with {@code idPrefix}, most recently updated first.
   *
   * @param idPrefix the start every listed id has; empty for all sessions
   * @param offset how many to skip
   * @param limit the most to return
   * @return the sessions with their turn counts
   */
  List<SessionSummary> list(String idPrefix, int offset, int limit);

  /**
   * Deletes a session and its turns.
   *
   * @param sessionId the session
   * @return true when it existed
   */
  boolean delete(String sessionId);

  /** Releases the store's resources; later calls fail. Idempotent. */
  @Override
  void close();

  /**
   * Lists sessions, most recently updated first.
   *
   * @param offset how many to skip
   * @param limit the most to return
   * @return the sessions with their turn counts
   */
  default List<SessionSummary> list(int offset, int limit) {
    return list("", offset, limit);
  }

  /**
   * All of a session's turns, in order.
   *
   * @param sessionId the session
   * @return the turns
   * @throws SessionNotFoundException when there is no such session
   */
  default List<Turn> history(String sessionId) {
    return history(sessionId, 0, Integer.MAX_VALUE);
  }

  /**
   * Gives a session another title.
   *
   * @param sessionId the session
   * @param title the new title
   * @return the updated session
   * @throws SessionNotFoundException when there is no such session
   */
  default Session rename(String sessionId, String title) {
    Session session = find(sessionId).orElseThrow(() -> notFound(sessionId));
    return update(session.withTitle(title));
  }

  /**
   * Copies a session's first turns into a new session, to try another branch of a conversation.
   *
   * @param sessionId the session to copy
   * @param turnCount how many of its first turns to copy
   * @param spec the new session's id (or null), title, model and system prompt; null values take
   *     the original's title, model and system prompt
   * @return the new session
   * @throws SessionNotFoundException when there is no such session
   */
  default Session fork(String sessionId, long turnCount, NewSession spec) {
    Objects.requireNonNull(spec, "spec == null");
    if (turnCount < 0) {
      throw new IllegalArgumentException("turnCount < 0: " + turnCount);
    }
    Session original = find(sessionId).orElseThrow(() -> notFound(sessionId));
    List<Turn> turns = history(sessionId, 0, (int) Math.min(turnCount, Integer.MAX_VALUE));
    Session copy =
        create(
            new NewSession(
                spec.id(),
                spec.title() != null ? spec.title() : original.title(),
                spec.model() != null ? spec.model() : original.model(),
                spec.systemPrompt() != null ? spec.systemPrompt() : original.systemPrompt()));
    if (!turns.isEmpty()) {
      append(copy.id(), turns.stream().map(SessionStore::unstored).toList());
    }
    return find(copy.id()).orElse(copy);
  }

  /**
   * The exception for an unknown session, naming this store.
   *
   * @param sessionId the id
   * @return the exception
   */
  default SessionNotFoundException notFound(String sessionId) {
    return new SessionNotFoundException(toString(), sessionId);
  }

  private static Turn unstored(Turn turn) {
    return new Turn(
        -1,
        turn.role(),
        turn.content(),
        turn.reasoning(),
        turn.toolCalls(),
        turn.toolCallId(),
        turn.model(),
        turn.promptTokens(),
        turn.completionTokens(),
        turn.responseId(),
        turn.createdAt());
  }
}
