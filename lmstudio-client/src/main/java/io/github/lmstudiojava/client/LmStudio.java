package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.anthropic.Anthropic;
import io.github.lmstudiojava.client.internal.CallTrace;
import io.github.lmstudiojava.client.internal.IdleConnections;
import io.github.lmstudiojava.client.internal.Sleeper;
import io.github.lmstudiojava.client.internal.SseStream;
import io.github.lmstudiojava.client.internal.Transport;
import io.github.lmstudiojava.client.legacy.Legacy;
import io.github.lmstudiojava.client.openai.OpenAi;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The front door: a client for one LM Studio server. Immutable, thread-safe, and meant to be
 * shared; {@link #close()} it when the application is done with it.
 *
 * <h2>A tour</h2>
 *
 * <pre>{@code
 * LmStudio lms = LmStudio.create();                       // http://localhost:1234, no token
 * LmStudio lms = LmStudio.fromEnv();                      // LM_STUDIO_URL, LM_API_TOKEN
 * LmStudio lms = LmStudio.builder().baseUrl("http://gpu-box:1234").apiToken(token).build();
 *
 * lms.models().list();                                    // what is on disk, what is loaded
 * lms.chat("qwen/qwen3-4b", "Why is the sky blue?").text();
 *
 * try (ChatStream s = lms.streamChat(ChatRequest.of("qwen/qwen3-4b", "Tell me a story"))) {
 *   for (ChatEvent e : s) { ... }                         // typed events as they arrive
 * }
 * ChatCall call = lms.streamChat(request, event -> ...);  // or pushed to a listener
 * }</pre>
 *
 * <p>The base URL is the server's root ({@code http://localhost:1234}); the client adds {@code
 * /api/v1/...} itself. A URL ending in {@code /v1} or {@code /api/v1} (as OpenAI-style tools are
 * often configured) is corrected to its root. Every request carries {@code Authorization: Bearer
 * <token>} when a token is set; the token never appears in {@link #toString()} or in an exception.
 */
public final class LmStudio implements AutoCloseable {
  /** The address LM Studio's server listens on by default. */
  public static final String DEFAULT_BASE_URL = "http://localhost:1234";

  private final HttpUrl baseUrl;
  private final String apiToken;
  private final Timeouts timeouts;
  private final RetryPolicy retryPolicy;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Sleeper sleeper;
  private final LmStudioListener listener;
  private final Transport transport;
  private final Models models;
  private final ParallelSlots slots;
  private final OpenAi openai;
  private final Anthropic anthropic;
  private final Legacy legacy;
  private volatile boolean closed;

  private LmStudio(Builder b, HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
    this.apiToken = b.apiToken;
    this.timeouts = b.timeouts;
    this.retryPolicy = b.retryPolicy;
    this.sleeper = b.sleeper;
    this.listener = b.listener;
    OkHttpClient.Builder http;
    ConnectionPool pool;
    if (b.okHttpClient != null) {
      http = b.okHttpClient.newBuilder();
      pool = b.okHttpClient.connectionPool();
      this.ownsHttp = false;
    } else {
      Dispatcher dispatcher = new Dispatcher();
      // Streams hold a dispatcher slot for their whole length; OkHttp's default of 5 per host
      // would queue the sixth concurrent stream to the one local server.
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(256);
      pool = IdleConnections.newPool();
      http = new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(pool);
      this.ownsHttp = true;
    }
    // LM Studio closes connections idle for 5 s: see IdleConnections for why and how.
    this.http =
        IdleConnections.install(http, pool)
            .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            .callTimeout(0, TimeUnit.MILLISECONDS)
            .build();
    this.transport =
        new Transport(
            baseUrl, apiToken, this.http, retryPolicy, sleeper, timeouts.connect(), b.listener);
    this.models = new Models(this);
    if (!b.limitToParallelSlots) {
      this.slots = null;
    } else if (b.sharedSlots != null && b.sharedSlotsUrl.equals(baseUrl.toString())) {
      this.slots = b.sharedSlots; // a derived client counts with the one it came from
    } else {
      this.slots = new ParallelSlots(models);
    }
    this.openai = new OpenAi(transport, timeouts);
    this.anthropic = new Anthropic(transport, timeouts);
    this.legacy = new Legacy(transport, timeouts);
  }

  /**
   * A client for {@code http://localhost:1234} without a token.
   *
   * @return the client
   */
  public static LmStudio create() {
    return builder().build();
  }

  /**
   * A client configured from the environment: {@code LM_STUDIO_URL} (default {@code
   * http://localhost:1234}) and {@code LM_API_TOKEN} (or {@code LM_STUDIO_API_KEY}). Blank values
   * count as unset.
   *
   * @return the client
   */
  public static LmStudio fromEnv() {
    return fromEnv(System::getenv).build();
  }

  static Builder fromEnv(Function<String, String> env) {
    Builder builder = builder();
    String url = nonBlank(env.apply("LM_STUDIO_URL"));
    if (url != null) {
      builder.baseUrl(url);
    }
    String token = nonBlank(env.apply("LM_API_TOKEN"));
    if (token == null) {
      token = nonBlank(env.apply("LM_STUDIO_API_KEY"));
    }
    return builder.apiToken(token);
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * A builder with the defaults: localhost:1234, no token, {@link Timeouts#defaults()}, {@link
   * RetryPolicy#defaults()}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this client's settings whose clients share this one's connection pool and
   * threads. Closing a derived client leaves them open; closing this one closes them.
   *
   * @return the builder
   */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl.toString();
    b.apiToken = apiToken;
    b.timeouts = timeouts;
    b.retryPolicy = retryPolicy;
    b.sleeper = sleeper;
    b.listener = listener;
    b.okHttpClient = http;
    b.limitToParallelSlots = slots != null;
    b.sharedSlots = slots;
    b.sharedSlotsUrl = baseUrl.toString();
    return b;
  }

  /**
   * Model management: list, load, unload, download.
   *
   * @return the models API
   */
  public Models models() {
    checkOpen();
    return models;
  }

  /**
   * LM Studio's OpenAI-compatible endpoints: models, chat completions, completions, embeddings and
   * responses, for custom tools, assistant-message replay and structured output.
   *
   * @return the OpenAI-compatible API
   */
  public OpenAi openai() {
    checkOpen();
    return openai;
  }

  /**
   * LM Studio's Anthropic-compatible endpoint: messages.
   *
   * @return the Anthropic-compatible API
   */
  public Anthropic anthropic() {
    checkOpen();
    return anthropic;
  }

  /**
   * LM Studio's legacy {@code /api/v0} API, where it still tells more than {@code /api/v1}: model
   * state and runtime, and per-request stats.
   *
   * @return the legacy API
   */
  public Legacy legacy() {
    checkOpen();
    return legacy;
  }

  /**
   * Sends one text to a model and waits for the whole answer ({@code POST /api/v1/chat}).
   *
   * @param model the model key
   * @param input the text
   * @return the result; {@link ChatResult#text()} is the answer
   */
  public ChatResult chat(String model, String input) {
    return chat(ChatRequest.of(model, input));
  }

  /**
   * Sends a chat request and waits for the whole answer ({@code POST /api/v1/chat}), at most {@link
   * Timeouts#call()}. Never retried.
   *
   * @param request the request
   * @return the result
   * @throws ModelNotFoundException when the model is unknown
   * @throws LmStudioHttpException when LM Studio refuses the request
   */
  public ChatResult chat(ChatRequest request) {
    checkOpen();
    Objects.requireNonNull(request, "request == null");
    Timeouts t = timeoutsFor(request);
    long start = System.nanoTime();
    ParallelSlots.Permit permit = slot(request, t);
    try {
      return chat(request, left(t.call(), start, permit));
    } finally {
      permit.run();
    }
  }

  private ChatResult chat(ChatRequest request, Duration limit) {
    Request post =
        transport
            .request("api/v1/chat")
            .header("Accept", "application/json")
            .post(Transport.jsonBody(NativeJson.chatRequest(request, false)))
            .build();
    CallTrace trace = transport.trace(post, false);
    String body = transport.execute(post, limit, LmStudioTimeoutException.Kind.CALL, false, trace);
    ChatResult result;
    try {
      result = NativeJson.chatResult(body, "POST /api/v1/chat");
    } catch (RuntimeException e) {
      trace.failed(e);
      throw e;
    }
    trace.stats(result.modelInstanceId(), result.stats());
    trace.end();
    return result;
  }

  /**
   * Starts a streamed chat and returns once LM Studio accepted it; read the events on this thread.
   * Close the stream (try-with-resources) to cancel it early.
   *
   * @param request the request
   * @return the open stream
   * @throws ModelNotFoundException when the model is unknown
   * @throws LmStudioHttpException when LM Studio refuses the request
   */
  public ChatStream streamChat(ChatRequest request) {
    SseStream<ChatEvent, ChatResult> stream = newStream(request);
    stream.open();
    return new ChatStream(stream);
  }

  /**
   * Starts a streamed chat in the background, pushing each event to {@code listener}.
   *
   * @param request the request
   * @param listener receives the events, on an HTTP client thread
   * @return a handle to cancel the call or wait for its result
   */
  public ChatCall streamChat(ChatRequest request, ChatListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    return ChatCall.start(newStream(request), listener);
  }

  private SseStream<ChatEvent, ChatResult> newStream(ChatRequest request) {
    checkOpen();
    Objects.requireNonNull(request, "request == null");
    Timeouts t = timeoutsFor(request);
    long start = System.nanoTime();
    ParallelSlots.Permit permit = slot(request, t);
    try {
      okhttp3.Request httpRequest =
          transport
              .request("api/v1/chat")
              .header("Accept", "text/event-stream")
              .post(Transport.jsonBody(NativeJson.chatRequest(request, true)))
              .build();
      SseStream<ChatEvent, ChatResult> stream =
          new SseStream<>(
              transport,
              transport.newCall(httpRequest, left(t.call(), start, permit)),
              t,
              ChatStream.protocol("POST /api/v1/chat"));
      stream.onEnd(permit);
      return stream;
    } catch (RuntimeException | Error e) {
      permit.run();
      throw e;
    }
  }

  private Timeouts timeoutsFor(ChatRequest request) {
    return request.timeouts() != null ? request.timeouts() : timeouts;
  }

  /** Waits for a parallel slot of the request's instance, when this client counts them. */
  private ParallelSlots.Permit slot(ChatRequest request, Timeouts t) {
    return slots == null ? ParallelSlots.Permit.NONE : slots.acquire(request.model(), t.call());
  }

  /**
   * What is left of a limit after waiting for a slot since {@code start}; the limit itself when no
   * slot was waited for, and zero stays no limit.
   */
  private static Duration left(Duration limit, long start, ParallelSlots.Permit permit) {
    if (limit.isZero() || permit == ParallelSlots.Permit.NONE) {
      return limit;
    }
    Duration left = limit.minusNanos(System.nanoTime() - start);
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }

  /**
   * The server's root URL, without a trailing slash.
   *
   * @return the URL, such as {@code http://localhost:1234}
   */
  public String baseUrl() {
    return transport.baseUrl();
  }

  /**
   * The client's time limits.
   *
   * @return the limits
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * Whether requests carry an API token (the token itself is never shown).
   *
   * @return true when a token is set
   */
  public boolean hasApiToken() {
    return apiToken != null;
  }

  Transport transport() {
    checkOpen();
    return transport;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Closes this client: its open streams (pull and push, on every surface) are cancelled, later
   * calls are refused with {@link IllegalStateException}, and the connection pool and threads it
   * created are released, cancelling any call still running on them. A client built on a
   * caller-supplied {@code OkHttpClient}, or derived with {@link #newBuilder()}, leaves the shared
   * pool and threads to their owner. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    transport.close();
    if (ownsHttp) {
      http.dispatcher().cancelAll();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this LmStudio client is closed");
    }
  }

  /** Shows the URL and whether a token is set, never the token. */
  @Override
  public String toString() {
    return "LmStudio{baseUrl="
        + baseUrl()
        + ", apiToken="
        + (apiToken == null ? "none" : "***")
        + ", timeouts="
        + timeouts
        + "}";
  }

  static HttpUrl normalizeBaseUrl(String url) {
    Objects.requireNonNull(url, "baseUrl == null");
    String trimmed = url.strip();
    HttpUrl parsed = HttpUrl.parse(trimmed);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "baseUrl is not an http(s) URL: \""
              + trimmed
              + "\"; pass something like "
              + DEFAULT_BASE_URL);
    }
    if (parsed.query() != null || parsed.fragment() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not have a query or fragment: pass the server root, such as "
              + DEFAULT_BASE_URL);
    }
    String path = parsed.encodedPath();
    while (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    String lower = path.toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {"/api/v1", "/api/v0", "/v1"}) {
      if (lower.endsWith(suffix)) {
        // The client adds the API prefixes itself; OpenAI-style tools often keep /v1 in the URL.
        path = path.substring(0, path.length() - suffix.length());
        break;
      }
    }
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    return parsed.newBuilder().encodedPath(path).build();
  }

  /** Builds an {@link LmStudio}. */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiToken;
    private Timeouts timeouts = Timeouts.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private OkHttpClient okHttpClient;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private LmStudioListener listener = LmStudioListener.NONE;
    private boolean limitToParallelSlots;
    private ParallelSlots sharedSlots;
    private String sharedSlotsUrl;

    private Builder() {}

    /**
     * Sets the server's root URL.
     *
     * @param baseUrl such as {@code http://localhost:1234}; a trailing slash, {@code /v1} or {@code
     *     /api/v1} is dropped
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      normalizeBaseUrl(baseUrl);
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the API token sent as {@code Authorization: Bearer <token>}.
     *
     * @param apiToken the token, or null for none
     * @return this builder
     */
    public Builder apiToken(String apiToken) {
      if (apiToken != null && apiToken.isBlank()) {
        throw new IllegalArgumentException("apiToken is blank; pass null for no token");
      }
      this.apiToken = apiToken;
      return this;
    }

    /**
     * Sets the time limits.
     *
     * @param timeouts the limits
     * @return this builder
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
      return this;
    }

    /**
     * Sets the connect timeout only.
     *
     * @param connect the limit
     * @return this builder
     */
    public Builder connectTimeout(Duration connect) {
      this.timeouts = timeouts.withConnect(connect);
      return this;
    }

    /**
     * Sets how idempotent reads are retried.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#none()} to never retry
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /**
     * Uses a caller's OkHttp client (its interceptors, proxy, TLS, pool, dispatcher). This client
     * derives its own settings from it and never shuts it down. A stream holds a dispatcher slot
     * for its whole length and OkHttp allows 5 per host by default: raise {@code
     * Dispatcher.setMaxRequestsPerHost} if you run more streams at once, or later ones wait in the
     * queue (and their first-event limit runs while they wait).
     *
     * <p>The client's pool is used as it is. LM Studio closes a connection after 5 s idle; OkHttp's
     * default pool keeps one for 5 minutes, so a request after a pause would be written on a
     * connection the server closed. This client checks a connection that sat idle for 500 ms or
     * more before writing on it, and sends the request on a fresh one when the server had closed
     * it; a pool with a keep-alive under 5 s (LM Studio's) avoids even that check. When it finds
     * one closed, it evicts the pool's idle connections, to any host, as they are at least as old.
     *
     * @param okHttpClient the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient == null");
      return this;
    }

    /**
     * Sets the listener told about every call this client makes (start, retries, end or failure,
     * and for native chats the model's load progress, tokens and stats); for metrics or tracing.
     * The client's own DEBUG logging (SLF4J logger {@code io.github.lmstudiojava.client.http}) runs
     * whatever the listener.
     *
     * @param listener the listener; {@link LmStudioListener#NONE} for none (the default)
     * @return this builder
     */
    public Builder listener(LmStudioListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Holds this client's native chats ({@link LmStudio#chat}, {@link LmStudio#streamChat}) to the
     * parallel predictions of the instance each goes to ({@link LoadedInstance#parallel()}): a chat
     * beyond them waits here, first come first served, until one of this client's chats to that
     * instance ends, and the wait counts in the chat's {@link Timeouts#call()} limit. So requests
     * do not queue unseen inside LM Studio, and a listener's timings show the real wait. The slot
     * counts are read from the model list, at most every 2 seconds; a model that is not loaded yet
     * is not held back. Clients made with {@link LmStudio#newBuilder()} count with this one. Off by
     * default.
     *
     * @param limit true to hold chats to the instances' parallel slots
     * @return this builder
     */
    public Builder limitToParallelSlots(boolean limit) {
      this.limitToParallelSlots = limit;
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public LmStudio build() {
      return new LmStudio(this, normalizeBaseUrl(baseUrl));
    }
  }
}
