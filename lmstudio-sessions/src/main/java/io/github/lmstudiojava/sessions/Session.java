package io.github.lmstudiojava.sessions;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored conversation's metadata; its turns are read with {@link SessionStore#history}.
 *
 * @param id the session's id
 * @param title a readable title; may be null
 * @param model the model the conversation talks to; may be null
 * @param systemPrompt the system prompt sent first on every call; may be null
 * @param lastResponseId LM Studio's {@code response_id} of the last answer, to continue natively;
 *     may be null
 * @param createdAt when the session was created
 * @param updatedAt when it last changed (a turn appended, or metadata updated)
 * @param version how many times the session was written since it was created: 0 when new, and one
 *     more after every update, append, record or reset. {@link SessionStore#record} stores an
 *     exchange only while the session is still at the version it was read with, so two writers
 *     never interleave their turns.
 */
public record Session(
    String id,
    String title,
    String model,
    String systemPrompt,
    String lastResponseId,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Checks the values. */
  public Session {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
    if (version < 0) {
      throw new IllegalArgumentException("version < 0: " + version);
    }
  }

  /**
   * A session at version 0, as just created.
   *
   * @param id the session's id
   * @param title a readable title; may be null
   * @param model the model; may be null
   * @param systemPrompt the system prompt; may be null
   * @param lastResponseId LM Studio's last response id; may be null
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public Session(
      String id,
      String title,
      String model,
      String systemPrompt,
      String lastResponseId,
      Instant createdAt,
      Instant updatedAt) {
    this(id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt, 0);
  }

  /**
   * A copy with another title.
   *
   * @param title the title, or null
   * @return the copy
   */
  public Session withTitle(String title) {
    return new Session(
        id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt, version);
  }

  /**
   * A copy with another model.
   *
   * @param model the model key, or null
   * @return the copy
   */
  public Session withModel(String model) {
    return new Session(
        id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt, version);
  }

  /**
   * A copy with another system prompt.
   *
   * @param systemPrompt the prompt, or null
   * @return the copy
   */
  public Session withSystemPrompt(String systemPrompt) {
    return new Session(
        id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt, version);
  }

  /**
   * A copy with another last response id.
   *
   * @param lastResponseId the id, or null
   * @return the copy
   */
  public Session withLastResponseId(String lastResponseId) {
    return new Session(
        id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt, version);
  }

  /**
   * The copy a store keeps after a write: the next version, changed at {@code at}.
   *
   * @param at when the write happened
   * @return the copy
   */
  public Session written(Instant at) {
    return new Session(id, title, model, systemPrompt, lastResponseId, createdAt, at, version + 1);
  }

  /**
   * The copy a store keeps after writing {@code changes} over this stored session: this session's
   * id and creation time, the title, model, system prompt and last response id of {@code changes},
   * changed at {@code at}, at the next version.
   *
   * @param changes the session with its new values, as a caller gave it to the store
   * @param at when the write happened
   * @return the copy
   */
  public Session written(Session changes, Instant at) {
    Objects.requireNonNull(changes, "changes == null");
    return new Session(
        id,
        changes.title,
        changes.model,
        changes.systemPrompt,
        changes.lastResponseId,
        createdAt,
        at,
        version + 1);
  }
}
