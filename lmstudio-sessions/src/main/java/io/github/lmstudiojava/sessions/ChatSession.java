package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.StreamListener;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored conversation with a model: an {@link LmStudio} client, a {@link SessionStore} and a
 * session id. Each call sends the conversation so far plus the new text, and once the model has
 * answered stores the user turn, the answer and the session's new state together, in one {@link
 * SessionStore#record record}.
 *
 * <pre>{@code
 * try (SessionStore store = SessionStores.inMemory()) {
 *   ChatSession chat = ChatSession.create(lms, store,
 *       NewSession.of().withModel("qwen/qwen3-4b").withSystemPrompt("Answer briefly."));
 *   chat.send("My name is Ada.");
 *   System.out.println(chat.send("What is my name?").text());
 *   // later, in another process:
 *   ChatSession again = ChatSession.open(lms, store, chat.id());
 * }
 * }</pre>
 *
 * <p><b>Replay.</b> By default the history is replayed through {@code /v1/chat/completions} (the
 * native {@code /api/v1/chat} cannot take earlier assistant turns): the session's system prompt
 * first, then the stored turns (reasoning is not replayed), then the new text. The oldest exchanges
 * are left out when the prompt would not fit the model's context, with room kept for the answer;
 * {@link ChatReply#turnsLeftOut()} says how many turns. How lengths are found and tokens counted is
 * described on {@link Builder#answerReserve(int)} and {@link Builder#defaultContextLength(int)}:
 * one {@code GET /api/v1/models} per call reads the loaded instance's context length.
 *
 * <p><b>Native mode</b> ({@link Builder#nativeMode(boolean)}): {@link #send} sends only the new
 * text to {@code /api/v1/chat}, continuing LM Studio's stored conversation with {@code
 * previous_response_id} (the session's {@link Session#lastResponseId()}), so native features such
 * as stats work, and nothing is left out by this class. The system prompt goes with the first
 * request of the chain only: LM Studio keeps it, and refuses it on a continued request. When LM
 * Studio no longer knows the response (it restarted), or fails to continue it, the call is replayed
 * instead, without the caller noticing but for {@link ChatReply#nativeCall()}. A replayed turn is
 * not part of LM Studio's stored conversation, so once a call was replayed ({@link #stream} always
 * replays) the session continues by replay.
 *
 * <p><b>Several writers.</b> Any number of {@code ChatSession}s, in any number of threads and
 * processes sharing the store, may send to one session: the store records an exchange only on the
 * session as it was read before asking the model ({@link Session#version()}). When another writer
 * came first, the answer is dropped and the model asked again with the new history, up to {@link
 * Builder#conflictRetries(int)} times; then the {@link SessionConflictException} is thrown, with
 * nothing stored. So exchanges are never interleaved, and every answer was made from the history
 * right before it.
 *
 * <p><b>Failures.</b> When the call to LM Studio fails, nothing is stored and a {@link
 * ChatSessionException} is thrown whose cause is LM Studio's typed failure. A {@link
 * SessionStoreException} while storing the answer is thrown as it is; the record is atomic, so
 * then, too, nothing was stored.
 *
 * <p>Thread-safe.
 */
public final class ChatSession {
  private final LmStudio lms;
  private final SessionStore store;
  private final ContextWindow window;
  private final boolean nativeMode;
  private final int conflictRetries;
  private final String id;
  private volatile Session session;

  private ChatSession(Builder b, Session session) {
    this.lms = b.lms;
    this.store = b.store;
    this.window = new ContextWindow(b.answerReserve, b.defaultContextLength);
    this.nativeMode = b.nativeMode;
    this.conflictRetries = b.conflictRetries;
    this.id = session.id();
    this.session = session;
  }

  /**
   * Creates a session in the store and a chat on it, replaying the history on each call.
   *
   * @param lms the client
   * @param store where the conversation is kept
   * @param spec the new session; must name a model
   * @return the chat
   * @throws IllegalArgumentException when {@code spec} names no model
   */
  public static ChatSession create(LmStudio lms, SessionStore store, NewSession spec) {
    return builder(lms, store).create(spec);
  }

  /**
   * Continues a stored session, replaying the history on each call.
   *
   * @param lms the client
   * @param store where the conversation is kept
   * @param sessionId the session's id
   * @return the chat
   * @throws SessionNotFoundException when the store has no such session
   */
  public static ChatSession open(LmStudio lms, SessionStore store, String sessionId) {
    return builder(lms, store).open(sessionId);
  }

  /**
   * A builder for chats with other settings, such as native mode.
   *
   * @param lms the client
   * @param store where conversations are kept
   * @return the builder
   */
  public static Builder builder(LmStudio lms, SessionStore store) {
    return new Builder(lms, store);
  }

  /**
   * The session's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The session as this chat last stored or read it.
   *
   * @return the session
   */
  public Session session() {
    return session;
  }

  /**
   * Every stored turn of the conversation, read from the store.
   *
   * @return the turns, in order
   */
  public List<Turn> history() {
    return store.history(id);
  }

  /**
   * Part of the stored turns, read from the store.
   *
   * @param offset how many turns to skip from the start
   * @param limit the most turns to return
   * @return the turns, in order
   */
  public List<Turn> history(long offset, int limit) {
    return store.history(id, offset, limit);
  }

  /**
   * Talks to another model from the next call on, and stores that.
   *
   * @param model the model key
   * @return this chat
   */
  public ChatSession model(String model) {
    Objects.requireNonNull(model, "model == null");
    session = store.update(current().withModel(model));
    return this;
  }

  /**
   * Sends another system prompt from the next call on, and stores it. In native mode a new prompt
   * ends LM Studio's stored conversation: the next call replays the history with it.
   *
   * @param systemPrompt the prompt, or null for none
   * @return this chat
   */
  public ChatSession systemPrompt(String systemPrompt) {
    Session now = current();
    Session changed = now.withSystemPrompt(systemPrompt);
    if (!Objects.equals(now.systemPrompt(), systemPrompt)) {
      // LM Studio's stored conversation keeps the prompt it started with and takes no other one
      // (lmstudio-bug-tracker#2219): the next call replays, with the new prompt.
      changed = changed.withLastResponseId(null);
    }
    session = store.update(changed);
    return this;
  }

  /**
   * Forgets the conversation: clears the stored turns and LM Studio's response id, keeping the
   * session's id, title, model and system prompt.
   *
   * @return this chat
   * @throws SessionNotFoundException when the session was deleted meanwhile
   */
  public ChatSession reset() {
    session = store.reset(id);
    return this;
  }

  /** The session as stored now, so that a write never builds on values another writer changed. */
  private Session current() {
    Session now = store.find(id).orElseThrow(() -> store.notFound(id));
    session = now;
    return now;
  }

  /**
   * Sends text and waits for the answer; then stores the user turn and the answer.
   *
   * @param text the user's text
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
   * @throws SessionConflictException when other writers kept changing the session; nothing was
   *     stored
   * @throws IllegalStateException when the session names no model
   */
  public ChatReply send(String text) {
    return send(text, ChatOptions.defaults());
  }

  /**
   * Sends text with settings for this call and waits for the answer; then stores the user turn and
   * the answer. In native mode a call with a draft model or a ttl replays, since only {@code
   * /v1/chat/completions} takes them.
   *
   * @param text the user's text
   * @param options temperature, token limit, draft model, ttl
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
   * @throws SessionConflictException when other writers kept changing the session; nothing was
   *     stored
   * @throws IllegalStateException when the session names no model
   */
  public ChatReply send(String text, ChatOptions options) {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(options, "options == null");
    for (int attempt = 0; ; attempt++) {
      try {
        return sendOnce(current(), text, options);
      } catch (SessionConflictException e) {
        if (attempt >= conflictRetries) {
          throw e;
        }
      }
    }
  }

  private ChatReply sendOnce(Session read, String text, ChatOptions options) {
    String model = requireModel(read);
    if (nativeMode && NativeCall.possible(read, store.history(id, 0, 1), options)) {
      ChatResult result;
      try {
        result = lms.chat(NativeCall.request(read, model, text, options));
      } catch (LmStudioHttpException e) {
        if (!NativeCall.forgotten(e)) {
          throw new ChatSessionException(id, e);
        }
        result = null;
      } catch (LmStudioException e) {
        throw new ChatSessionException(id, e);
      }
      if (result != null) {
        List<Turn> stored =
            record(
                read.withLastResponseId(result.responseId()),
                Turn.user(text),
                NativeCall.answer(model, result));
        return NativeCall.reply(model, result, stored);
      }
    }
    ReplayCall.Prompt prompt = prompt(read, model, text, options);
    ChatCompletion completion;
    try {
      completion = lms.openai().chatCompletion(prompt.request().build());
    } catch (LmStudioException e) {
      throw new ChatSessionException(id, e);
    }
    return storeReplayed(read, model, text, completion, prompt.leftOut());
  }

  /**
   * Sends text with the history replayed and streams the answer: each chunk goes to {@code
   * listener} on this thread as it arrives; once the stream has completed, the user turn and the
   * answer are stored. A stream that breaks or carries an error stores nothing. Streams always
   * replay, in native mode too.
   *
   * @param text the user's text
   * @param listener receives each chunk; if it throws, the stream is cancelled, nothing is stored,
   *     and its exception propagates
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
   * @throws IllegalStateException when the session names no model
   */
  public ChatReply stream(String text, StreamListener<? super ChatCompletionChunk> listener) {
    return stream(text, ChatOptions.defaults(), listener);
  }

  /**
   * Streams the answer as {@link #stream(String, StreamListener)} does, with settings for this
   * call. When another writer changed the session while the answer streamed, the answer is dropped
   * and the question asked again with the new history: {@code listener} then receives the chunks of
   * the new answer after those of the dropped one.
   *
   * @param text the user's text
   * @param options temperature, token limit, draft model, ttl
   * @param listener receives each chunk; if it throws, the stream is cancelled, nothing is stored,
   *     and its exception propagates
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
   * @throws SessionConflictException when other writers kept changing the session; nothing was
   *     stored
   * @throws java.util.concurrent.CancellationException when the client was closed meanwhile;
   *     nothing was stored
   * @throws IllegalStateException when the session names no model
   */
  public ChatReply stream(
      String text, ChatOptions options, StreamListener<? super ChatCompletionChunk> listener) {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(listener, "listener == null");
    for (int attempt = 0; ; attempt++) {
      try {
        return streamOnce(current(), text, options, listener);
      } catch (SessionConflictException e) {
        if (attempt >= conflictRetries) {
          throw e;
        }
      }
    }
  }

  private ChatReply streamOnce(
      Session read,
      String text,
      ChatOptions options,
      StreamListener<? super ChatCompletionChunk> listener) {
    String model = requireModel(read);
    ReplayCall.Prompt prompt = prompt(read, model, text, options);
    ChatCompletion completion;
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(prompt.request().includeUsage(true).build())) {
      for (ChatCompletionChunk chunk : stream) {
        listener.onEvent(chunk);
      }
      completion = stream.result();
    } catch (LmStudioException e) {
      throw new ChatSessionException(id, e);
    }
    return storeReplayed(read, model, text, completion, prompt.leftOut());
  }

  /** Names the session, its model and the mode. */
  @Override
  public String toString() {
    Session s = session;
    return "ChatSession[" + s.id() + ", " + s.model() + (nativeMode ? ", native]" : "]");
  }

  private static String requireModel(Session s) {
    if (s.model() == null) {
      throw new IllegalStateException(
          "session \"" + s.id() + "\" names no model; set one with model(String)");
    }
    return s.model();
  }

  private ReplayCall.Prompt prompt(Session read, String model, String text, ChatOptions options) {
    List<Turn> history = store.history(id);
    try {
      return ReplayCall.prompt(lms, window, read, history, model, text, options);
    } catch (LmStudioException e) {
      throw new ChatSessionException(id, e);
    }
  }

  private ChatReply storeReplayed(
      Session read, String model, String text, ChatCompletion c, int leftOut) {
    // A replayed turn is missing from LM Studio's stored conversation: stop continuing it.
    List<Turn> stored =
        record(read.withLastResponseId(null), Turn.user(text), ReplayCall.answer(model, c));
    return ReplayCall.reply(model, c, leftOut, stored);
  }

  /** Stores the exchange on the session as it was read; throws on a conflict. */
  private List<Turn> record(Session read, Turn question, Turn answer) {
    Recorded recorded = store.record(read, List.of(question, answer));
    session = recorded.session();
    return recorded.turns();
  }

  /**
   * Builds a {@link ChatSession} with settings other than the defaults; every setter returns this
   * builder.
   */
  public static final class Builder {
    private final LmStudio lms;
    private final SessionStore store;
    private boolean nativeMode;
    private int answerReserve = 1024;
    private int defaultContextLength = 4096;
    private int conflictRetries = 2;

    private Builder(LmStudio lms, SessionStore store) {
      this.lms = Objects.requireNonNull(lms, "lms == null");
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /**
     * Continues LM Studio's stored conversation with {@code previous_response_id} instead of
     * replaying the history, while LM Studio still has it. Off by default.
     *
     * @param nativeMode true for native mode
     * @return this builder
     */
    public Builder nativeMode(boolean nativeMode) {
      this.nativeMode = nativeMode;
      return this;
    }

    /**
     * The tokens kept free for the answer when fitting a replayed history into the context; 1024 by
     * default. Stored assistant turns count the completion tokens LM Studio reported for them
     * (unless they carry reasoning, which is not replayed); other text is estimated as its
     * characters divided by 4, rounded up, plus 4 tokens per message.
     *
     * @param tokens the tokens to reserve, zero or more
     * @return this builder
     */
    public Builder answerReserve(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("answerReserve < 0: " + tokens);
      }
      this.answerReserve = tokens;
      return this;
    }

    /**
     * The context length assumed when the model is not loaded, capped by its maximum (LM Studio
     * loads a model on first use with its default length, not its maximum), or when LM Studio does
     * not list it; 4096 by default. A loaded model's instance length always wins.
     *
     * @param tokens the context length, one or more
     * @return this builder
     */
    public Builder defaultContextLength(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("defaultContextLength < 1: " + tokens);
      }
      this.defaultContextLength = tokens;
      return this;
    }

    /**
     * How many times a call asks the model again when another writer changed the session while the
     * model answered; 2 by default. With 0, the first conflict throws {@link
     * SessionConflictException}.
     *
     * @param retries zero or more
     * @return this builder
     */
    public Builder conflictRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("conflictRetries < 0: " + retries);
      }
      this.conflictRetries = retries;
      return this;
    }

    /**
     * Creates a session in the store and a chat on it.
     *
     * @param spec the new session; must name a model
     * @return the chat
     * @throws IllegalArgumentException when {@code spec} names no model
     */
    public ChatSession create(NewSession spec) {
      Objects.requireNonNull(spec, "spec == null");
      if (spec.model() == null) {
        throw new IllegalArgumentException("spec names no model: use NewSession.withModel");
      }
      return new ChatSession(this, store.create(spec));
    }

    /**
     * Continues a stored session.
     *
     * @param sessionId the session's id
     * @return the chat
     * @throws SessionNotFoundException when the store has no such session
     */
    public ChatSession open(String sessionId) {
      Objects.requireNonNull(sessionId, "sessionId == null");
      return new ChatSession(
          this, store.find(sessionId).orElseThrow(() -> store.notFound(sessionId)));
    }

    /**
     * Continues a stored session, or creates it when there is none with that id; either way the
     * session then talks to {@code model} with {@code systemPrompt}, when they are given. Safe when
     * several callers open the same new id at once: one creates it, the others continue it.
     *
     * @param sessionId the session's id
     * @param model the model; needed when the session is new, else null to keep the stored one
     * @param systemPrompt the system prompt, or null to keep the stored one (none when new)
     * @return the chat
     * @throws IllegalArgumentException when the session is new and no model is given, or the id
     *     breaks {@link SessionIds#require}
     */
    public ChatSession openOrCreate(String sessionId, String model, String systemPrompt) {
      SessionIds.require(sessionId);
      Optional<Session> found = store.find(sessionId);
      if (found.isEmpty()) {
        if (model == null) {
          throw new IllegalArgumentException(
              "session \"" + sessionId + "\" is new: name the model to chat with");
        }
        try {
          return new ChatSession(
              this,
              store.create(
                  NewSession.withId(sessionId).withModel(model).withSystemPrompt(systemPrompt)));
        } catch (IllegalArgumentException e) {
          // Another caller created it meanwhile: continue it like an existing one.
          found = store.find(sessionId);
          if (found.isEmpty()) {
            throw e;
          }
        }
      }
      ChatSession chat = new ChatSession(this, found.get());
      if (model != null && !model.equals(found.get().model())) {
        chat.model(model);
      }
      if (systemPrompt != null && !systemPrompt.equals(chat.session().systemPrompt())) {
        chat.systemPrompt(systemPrompt);
      }
      return chat;
    }
  }
}
