package io.github.lmstudiojava.sessions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One user's part of a shared store: every id is kept in the shared store as {@code namespace/id},
 * and only those ids are seen, listed or changed. Obtain one with {@link
 * SessionStores#namespaced(SessionStore, String)}.
 */
final class NamespacedSessionStore implements SessionStore {
  /** What a namespace may be: it never contains the separator, so prefixes never overlap. */
  static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._@-]{1,48}");

  private final SessionStore shared;
  private final String namespace;
  private final String prefix;
  private volatile boolean closed;

  NamespacedSessionStore(SessionStore shared, String namespace) {
    this.shared = Objects.requireNonNull(shared, "store == null");
    Objects.requireNonNull(namespace, "namespace == null");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "a namespace is 1 to 48 letters, digits, '.', '_', '@' or '-'");
    }
    this.namespace = namespace;
    this.prefix = namespace + "/";
  }

  @Override
  public Session create(NewSession spec) {
    Objects.requireNonNull(spec, "spec == null");
    checkOpen();
    String id =
        spec.id() != null ? spec.id() : "ses_" + UUID.randomUUID().toString().replace("-", "");
    String inner = inner(id);
    try {
      return outer(
          shared.create(new NewSession(inner, spec.title(), spec.model(), spec.systemPrompt())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(visible(e.getMessage(), inner, id), e);
    }
  }

  @Override
  public Optional<Session> find(String sessionId) {
    return shared.find(inner(sessionId)).map(this::outer);
  }

  @Override
  public Session update(Session session) {
    Objects.requireNonNull(session, "session == null");
    try {
      return outer(shared.update(inner(session)));
    } catch (SessionNotFoundException e) {
      throw notFound(session.id());
    }
  }

  @Override
  public Recorded record(Session session, List<Turn> turns) {
    Objects.requireNonNull(session, "session == null");
    try {
      Recorded recorded = shared.record(inner(session), turns);
      return new Recorded(outer(recorded.session()), recorded.turns());
    } catch (SessionNotFoundException e) {
      throw notFound(session.id());
    } catch (SessionConflictException e) {
      throw new SessionConflictException(
          toString(), session.id(), e.expectedVersion(), e.actualVersion());
    }
  }

  @Override
  public Session reset(String sessionId) {
    try {
      return outer(shared.reset(inner(sessionId)));
    } catch (SessionNotFoundException e) {
      throw notFound(sessionId);
    }
  }

  @Override
  public List<Turn> append(String sessionId, List<Turn> turns) {
    try {
      return shared.append(inner(sessionId), turns);
    } catch (SessionNotFoundException e) {
      throw notFound(sessionId);
    }
  }

  @Override
  public List<Turn> history(String sessionId, long offset, int limit) {
    try {
      return shared.history(inner(sessionId), offset, limit);
    } catch (SessionNotFoundException e) {
      throw notFound(sessionId);
    }
  }

  @Override
  public List<SessionSummary> list(String idPrefix, int offset, int limit) {
    Objects.requireNonNull(idPrefix, "idPrefix == null");
    checkOpen();
    return shared.list(prefix + idPrefix, offset, limit).stream()
        .map(
            s ->
                new SessionSummary(
                    s.id().substring(prefix.length()),
                    s.title(),
                    s.model(),
                    s.turnCount(),
                    s.createdAt(),
                    s.updatedAt()))
        .toList();
  }

  @Override
  public Session fork(String sessionId, long turnCount, NewSession spec) {
    Objects.requireNonNull(spec, "spec == null");
    checkOpen();
    String id =
        spec.id() != null ? spec.id() : "ses_" + UUID.randomUUID().toString().replace("-", "");
    try {
      return outer(
          shared.fork(
              inner(sessionId),
              turnCount,
              new NewSession(inner(id), spec.title(), spec.model(), spec.systemPrompt())));
    } catch (SessionNotFoundException e) {
      throw notFound(sessionId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(visible(e.getMessage(), inner(id), id), e);
    }
  }

  @Override
  public boolean delete(String sessionId) {
    return shared.delete(inner(sessionId));
  }

  /** Closes this view only; the shared store stays open for the other namespaces. */
  @Override
  public void close() {
    closed = true;
  }

  /** Names the shared store and the namespace. */
  @Override
  public String toString() {
    return shared + " (namespace " + namespace + ")";
  }

  private String inner(String sessionId) {
    checkOpen();
    SessionIds.require(sessionId);
    if (prefix.length() + sessionId.length() > SessionIds.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a session id must be 1 to "
              + (SessionIds.MAX_LENGTH - prefix.length())
              + " characters in namespace "
              + namespace);
    }
    return prefix + sessionId;
  }

  private Session inner(Session s) {
    return new Session(
        inner(s.id()),
        s.title(),
        s.model(),
        s.systemPrompt(),
        s.lastResponseId(),
        s.createdAt(),
        s.updatedAt(),
        s.version());
  }

  private Session outer(Session s) {
    return new Session(
        s.id().substring(prefix.length()),
        s.title(),
        s.model(),
        s.systemPrompt(),
        s.lastResponseId(),
        s.createdAt(),
        s.updatedAt(),
        s.version());
  }

  private static String visible(String message, String inner, String id) {
    return message == null ? null : message.replace(inner, id);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this session store view is closed: " + this);
    }
  }
}
