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
 */
public record Session(
    String id,
    String title,
    String model,
    String systemPrompt,
    String lastResponseId,
    Instant createdAt,
    Instant updatedAt) {

  /** Checks the values. */
  public Session {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
  }

  /**
   * A copy with another title.
   *
   * @param title the title, or null
   * @return the copy
   */
  public Session withTitle(String title) {
    return new Session(id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt);
  }

  /**
   * A copy with another model.
   *
   * @param model the model key, or null
   * @return the copy
   */
  public Session withModel(String model) {
    return new Session(id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt);
  }

  /**
   * A copy with another system prompt.
   *
   * @param systemPrompt the prompt, or null
   * @return the copy
   */
  public Session withSystemPrompt(String systemPrompt) {
    return new Session(id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt);
  }

  /**
   * A copy with another last response id.
   *
   * @param lastResponseId the id, or null
   * @return the copy
   */
  public Session withLastResponseId(String lastResponseId) {
    return new Session(id, title, model, systemPrompt, lastResponseId, createdAt, updatedAt);
  }
}
