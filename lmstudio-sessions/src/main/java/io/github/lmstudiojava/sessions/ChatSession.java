package io.github.lmstudiojava.sessions;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.StreamListener;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatMessage;
import io.github.lmstudiojava.client.openai.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stored conversation with a model: an {@link LmStudio} client, a {@link SessionStore} and a
 * session id. Each call sends the conversation so far plus the new text, and stores the user turn
 * and the answer together, in one {@link SessionStore#append append}, once the model has answered.
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
 * <p><b>Failures.</b> When the call to LM Studio fails, nothing is stored and a {@link
 * ChatSessionException} is thrown whose cause is LM Studio's typed failure. A {@link
 * SessionStoreException} while storing the answer is thrown as it is; the append is atomic, so
 * then, too, no turn was stored. Only when recording the response id fails after the turns were
 * stored does the {@link SessionStoreException} say so, naming the stored turns: the text must not
 * be sent again.
 *
 * <p>Thread-safe for sequential use: calls on one instance run one at a time. Two instances (or two
 * processes) on the same session would interleave their turns; keep one per session.
 */
public final class ChatSession {
  private final LmStudio lms;
  private final SessionStore store;
  private final ContextWindow window;
  private final boolean nativeMode;
  private Session session;

  private ChatSession(Builder b, Session session) {
    this.lms = b.lms;
    this.store = b.store;
    this.window = new ContextWindow(b.answerReserve, b.defaultContextLength);
    this.nativeMode = b.nativeMode;
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
    return session().id();
  }

  /**
   * The session as this chat last stored or read it.
   *
   * @return the session
   */
  public synchronized Session session() {
    return session;
  }

  /**
   * Every stored turn of the conversation, read from the store.
   *
   * @return the turns, in order
   */
  public synchronized List<Turn> history() {
    return store.history(session.id());
  }

  /**
   * Talks to another model from the next call on, and stores that.
   *
   * @param model the model key
   * @return this chat
   */
  public synchronized ChatSession model(String model) {
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
  public synchronized ChatSession systemPrompt(String systemPrompt) {
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

  /** The session as stored now, so an update never writes back values another writer changed. */
  private Session current() {
    return store.find(session.id()).orElseThrow(() -> store.notFound(session.id()));
  }

  /**
   * Records the last response id after the turns were appended; a failure here must not read as
   * "nothing stored", since the turns are.
   */
  private void afterStored(List<Turn> stored, String lastResponseId, boolean clearOnly) {
    try {
      Session now = current();
      if (clearOnly && now.lastResponseId() == null) {
        session = now;
        return;
      }
      session = store.update(now.withLastResponseId(lastResponseId));
    } catch (RuntimeException e) {
      throw new SessionStoreException(
          store.toString(),
          "The answer was stored in session \""
              + session.id()
              + "\" (turns "
              + stored.get(0).index()
              + " and "
              + stored.get(1).index()
              + "), but recording its response id failed; do not send the text again: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Sends text and waits for the answer; then stores the user turn and the answer.
   *
   * @param text the user's text
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
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
   * @throws IllegalStateException when the session names no model
   */
  public synchronized ChatReply send(String text, ChatOptions options) {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(options, "options == null");
    String model = requireModel();
    if (nativeMode
        && options.fitsNativeChat()
        && (session.lastResponseId() != null || store.history(session.id(), 0, 1).isEmpty())) {
      ChatResult result;
      try {
        result = lms.chat(nativeRequest(model, text, options));
      } catch (LmStudioHttpException e) {
        if (!forgotten(e)) {
          throw new ChatSessionException(session.id(), e);
        }
        result = null;
      } catch (LmStudioException e) {
        throw new ChatSessionException(session.id(), e);
      }
      if (result != null) {
        return storeNative(model, text, result);
      }
    }
    Prompt prompt = prompt(model, text, options);
    ChatCompletion completion;
    try {
      completion = lms.openai().chatCompletion(prompt.request.build());
    } catch (LmStudioException e) {
      throw new ChatSessionException(session.id(), e);
    }
    return storeReplayed(model, text, completion, prompt.leftOut);
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
   * call.
   *
   * @param text the user's text
   * @param options temperature, token limit, draft model, ttl
   * @param listener receives each chunk; if it throws, the stream is cancelled, nothing is stored,
   *     and its exception propagates
   * @return the answer, with the stored turns
   * @throws ChatSessionException when the call failed; nothing was stored
   * @throws java.util.concurrent.CancellationException when the client was closed meanwhile;
   *     nothing was stored
   * @throws IllegalStateException when the session names no model
   */
  public synchronized ChatReply stream(
      String text, ChatOptions options, StreamListener<? super ChatCompletionChunk> listener) {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(listener, "listener == null");
    String model = requireModel();
    Prompt prompt = prompt(model, text, options);
    ChatCompletion completion;
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        lms.openai().streamChatCompletion(prompt.request.includeUsage(true).build())) {
      for (ChatCompletionChunk chunk : stream) {
        listener.onEvent(chunk);
      }
      completion = stream.result();
    } catch (LmStudioException e) {
      throw new ChatSessionException(session.id(), e);
    }
    return storeReplayed(model, text, completion, prompt.leftOut);
  }

  /** Names the session, its model and the mode. */
  @Override
  public synchronized String toString() {
    return "ChatSession["
        + session.id()
        + ", "
        + session.model()
        + (nativeMode ? ", native]" : "]");
  }

  private String requireModel() {
    if (session.model() == null) {
      throw new IllegalStateException(
          "session \"" + session.id() + "\" names no model; set one with model(String)");
    }
    return session.model();
  }

  /**
   * The native request. The system prompt goes only with the first request of a chain: LM Studio
   * keeps it with the stored conversation, and 0.4.20 answers 500 to a continued request that sends
   * one again (lmstudio-bug-tracker#2219).
   */
  private ChatRequest nativeRequest(String model, String text, ChatOptions options) {
    String previous = session.lastResponseId();
    return ChatRequest.builder(model)
        .input(text)
        .systemPrompt(previous == null ? session.systemPrompt() : null)
        .temperature(options.temperature())
        .maxOutputTokens(options.maxTokens())
        .previousResponseId(previous)
        .build();
  }

  /**
   * Whether LM Studio refused to continue its stored conversation: it no longer has the response,
   * or it failed on the stored chain with the 500 of lmstudio-bug-tracker#2219 ({@code Only user,
   * assistant and tool roles are supported, got system}); a replay serves either.
   */
  private static boolean forgotten(LmStudioHttpException e) {
    if ("previous_response_id".equals(e.param())) {
      return true;
    }
    String message = e.serverMessage() != null ? e.serverMessage() : e.getMessage();
    if (message == null) {
      return false;
    }
    if (e.statusCode() == 500) {
      return message.contains("roles are supported, got system");
    }
    return (e.statusCode() == 400 || e.statusCode() == 404)
        && message.contains("previous_response_id");
  }

  private record Prompt(ChatCompletionRequest.Builder request, int leftOut) {}

  private Prompt prompt(String model, String text, ChatOptions options) {
    List<Turn> turns = history();
    ContextWindow.Fit fit;
    try {
      int contextLength = window.contextLength(lms, model);
      fit = window.fit(session.systemPrompt(), turns, text, contextLength);
    } catch (LmStudioException e) {
      throw new ChatSessionException(session.id(), e);
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (session.systemPrompt() != null) {
      messages.add(ChatMessage.system(session.systemPrompt()));
    }
    for (Turn turn : fit.kept()) {
      messages.add(TurnMessages.message(turn));
    }
    messages.add(ChatMessage.user(text));
    ChatCompletionRequest.Builder request =
        ChatCompletionRequest.builder(model)
            .messages(messages)
            .temperature(options.temperature())
            .maxTokens(options.maxTokens())
            .draftModel(options.draftModel())
            .ttl(options.ttl());
    return new Prompt(request, fit.leftOut());
  }

  private ChatReply storeReplayed(String model, String text, ChatCompletion c, int leftOut) {
    CompletionUsage usage = c.usage();
    Integer promptTokens = usage == null ? null : usage.promptTokens();
    Integer completionTokens = usage == null ? null : usage.completionTokens();
    String answeredBy = c.model() != null ? c.model() : model;
    Turn assistant =
        Turn.assistant(c.text())
            .withReasoning(c.reasoning().isEmpty() ? null : c.reasoning())
            .withToolCalls(TurnMessages.toolCalls(c))
            .withModel(answeredBy)
            .withUsage(promptTokens, completionTokens);
    List<Turn> stored = store.append(session.id(), List.of(Turn.user(text), assistant));
    // A replayed turn is missing from LM Studio's stored conversation: stop continuing it.
    afterStored(stored, null, true);
    return new ChatReply(
        c.text(),
        c.reasoning(),
        answeredBy,
        promptTokens,
        completionTokens,
        leftOut,
        stored.get(0),
        stored.get(1),
        false);
  }

  private ChatReply storeNative(String model, String text, ChatResult result) {
    ChatStats stats = result.stats();
    Integer promptTokens = stats == null ? null : stats.inputTokens();
    Integer completionTokens = stats == null ? null : stats.totalOutputTokens();
    String reasoning = result.reasoning();
    Turn assistant =
        Turn.assistant(result.text())
            .withReasoning(reasoning == null || reasoning.isEmpty() ? null : reasoning)
            .withModel(model)
            .withUsage(promptTokens, completionTokens)
            .withResponseId(result.responseId());
    List<Turn> stored = store.append(session.id(), List.of(Turn.user(text), assistant));
    afterStored(stored, result.responseId(), false);
    return new ChatReply(
        result.text(),
        reasoning,
        model,
        promptTokens,
        completionTokens,
        0,
        stored.get(0),
        stored.get(1),
        true);
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
  }
}
