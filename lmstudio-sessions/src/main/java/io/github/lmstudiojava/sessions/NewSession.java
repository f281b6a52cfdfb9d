package io.github.lmstudiojava.sessions;

/**
 * What to create a session with: {@link SessionStore#create(NewSession)}.
 *
 * <pre>{@code
 * store.create(NewSession.of().withModel("qwen/qwen3-4b").withTitle("Trip planning"));
 * store.create(NewSession.withId("support-42"));
 * }</pre>
 *
 * @param id the id to use, or null for the store to generate one
 * @param title a readable title; may be null
 * @param model the model the conversation talks to; may be null
 * @param systemPrompt the system prompt; may be null
 */
public record NewSession(String id, String title, String model, String systemPrompt) {

  /** Checks the id, when given, against {@link SessionIds#require}. */
  public NewSession {
    if (id != null) {
      SessionIds.require(id);
    }
  }

  /**
   * A session with a generated id and nothing else set.
   *
   * @return the specification
   */
  public static NewSession of() {
    return new NewSession(null, null, null, null);
  }

  /**
   * A session with a chosen id.
   *
   * @param id the id
   * @return the specification
   */
  public static NewSession withId(String id) {
    return new NewSession(id, null, null, null);
  }

  /**
   * A copy with a title.
   *
   * @param title the title
   * @return the copy
   */
  public NewSession withTitle(String title) {
    return new NewSession(id, title, model, systemPrompt);
  }

  /**
   * A copy with a model.
   *
   * @param model the model key
   * @return the copy
   */
  public NewSession withModel(String model) {
    return new NewSession(id, title, model, systemPrompt);
  }

  /**
   * A copy with a system prompt.
   *
   * @param systemPrompt the prompt
   * @return the copy
   */
  public NewSession withSystemPrompt(String systemPrompt) {
    return new NewSession(id, title, model, systemPrompt);
  }
}
