package io.github.lmstudiojava.sessions;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SessionStore#record} stored, in one transaction.
 *
 * @param session the session as stored, at its new version
 * @param turns the turns as stored, with their index and time
 */
public record Recorded(Session session, List<Turn> turns) {
  /** Checks and copies the values. */
  public Recorded {
    Objects.requireNonNull(session, "session == null");
    turns = List.copyOf(turns);
  }
}
