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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
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
 *
 * <h2>Several hosts</h2>
 *
 * <p>A client can talk to several LM Studio servers, say a desktop and a GPU box on the LAN, each
 * with its own token:
 *
 * <pre>{@code
 * LmStudio lms = LmStudio.builder()
 *     .baseUrls("http://localhost:1234", "http://gpu-box:1234")
 *     .apiToken("http://gpu-box:1234", gpuToken)
 *     .build();
 * lms.models().list();                                    // both catalogues; Model.host() says where
 * lms.chat("openai/gpt-oss-20b", "Hello");                // goes to a host that has the model
 * lms.host("http://gpu-box:1234").models().unload(id);   // one host, chosen
 * }</pre>
 *
 * <p>A native chat goes to the first host that has the model loaded, else to the first that has it
 * downloaded. A host that cannot be reached is skipped, and tried again after a back-off (1 s,
 * doubling up to 30 s), so a host that was asleep rejoins when it wakes. A chat whose host cannot
 * be reached before anything was sent goes to the next host that has the model; a failure after the
 * request was sent is never retried elsewhere, so a prompt is never answered twice. {@link
 * #openai()}, {@link #anthropic()} and {@link #legacy()} speak to the first host; {@link
 * #host(String)} reaches another.
 */
public final class LmStudio implements AutoCloseable {
  /** The address LM Studio's server listens on by default. */
  public static final String DEFAULT_BASE_URL = "http://localhost:1234";

  private final HttpUrl baseUrl;
  private final String apiToken;
  private final HostRouter router;
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

  private LmStudio(Builder b, List<HttpUrl> baseUrls) {
    this.baseUrl = baseUrls.get(0);
    this.apiToken = baseUrls.size() == 1 ? b.tokenFor(baseUrl) : b.apiToken;
    this.timeouts = b.timeouts;
    this.retryPolicy = b.retryPolicy;
    this.sleeper = b.sleeper;
    this.listener = b.listener;
    OkHttpClient.Builder http;
    ConnectionPool pool;
    if (b.okHttpClient != null && fits(b.okHttpClient, timeouts)) {
      // A client derived with newBuilder() (an MCP server makes one per tool call) with the same
      // settings: the parent's OkHttpClient serves as it is, not copied and built again. Closing
      // this client still cancels only its own calls (Transport.close).
      http = null;
      pool = null;
      this.ownsHttp = false;
    } else if (b.okHttpClient != null) {
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
      if (baseUrls.stream().noneMatch(HttpUrl::isHttps)) {
        // Plain HTTP only (LM Studio's own server): OkHttp would otherwise load and index the
        // JDK's trusted certificates and make an SSL context when it builds the client, some
        // 70 ms of CPU and a few MiB for a client that never speaks TLS.
        // A redirect to https then comes back as the 3xx answer it is, not as a failure to
        // find TLS in this client.
        http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).followSslRedirects(false);
      }
      this.ownsHttp = true;
    }
    // LM Studio closes connections idle for 5 s: see IdleConnections for why and how.
    this.http =
        http == null
            ? b.okHttpClient
            : IdleConnections.install(http, pool)
                .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(0, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .build();
    this.models = new Models(this);
    if (baseUrls.size() > 1) {
      // One client per host, on this client's pool and threads.
      List<LmStudio> hosts = new ArrayList<>(baseUrls.size());
      for (HttpUrl url : baseUrls) {
        hosts.add(b.forHost(url, this.http).build());
      }
      this.router = new HostRouter(hosts);
      LmStudio first = hosts.get(0);
      this.transport = first.transport;
      this.slots = null;
      this.openai = first.openai;
      this.anthropic = first.anthropic;
      this.legacy = first.legacy;
      return;
    }
    this.router = null;
    this.transport =
        new Transport(
            baseUrl,
            apiToken,
            this.http,
            retryPolicy,
            sleeper,
            timeouts.connect(),
            b.listener,
            b.oneOfSeveral);
    ParallelSlots shared = b.sharedSlots.get(baseUrl.toString());
    if (!b.limitToParallelSlots) {
      this.slots = null;
    } else if (shared != null) {
      this.slots = shared; // a derived client counts with the one it came from
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
   * <p>{@code LM_STUDIO_URL} may name several hosts, separated by commas. The token is then sent to
   * every host, unless it too is a comma-separated list with one entry per URL, in the same order
   * (an empty entry for a host without a token).
   *
   * @return the client
   * @throws IllegalArgumentException when a URL is not one, or the tokens do not match the URLs
   */
  public static LmStudio fromEnv() {
    return fromEnv(System::getenv).build();
  }

  static Builder fromEnv(Function<String, String> env) {
    Builder builder = builder();
    String url = nonBlank(env.apply("LM_STUDIO_URL"));
    List<String> urls = url == null ? List.of(DEFAULT_BASE_URL) : splitList(url);
    builder.baseUrls(urls);
    String variable = "LM_API_TOKEN";
    String token = nonBlank(env.apply(variable));
    if (token == null) {
      variable = "LM_STUDIO_API_KEY";
      token = nonBlank(env.apply(variable));
    }
    if (token == null || urls.size() == 1 || token.indexOf(',') < 0) {
      return builder.apiToken(token);
    }
    String[] tokens = token.split(",", -1);
    if (tokens.length != urls.size()) {
      throw new IllegalArgumentException(
          variable
              + " has "
              + tokens.length
              + " comma-separated tokens for "
              + urls.size()
              + " URLs in LM_STUDIO_URL: give one token for all, or one per URL in order");
    }
    for (int i = 0; i < tokens.length; i++) {
      builder.apiToken(urls.get(i), nonBlank(tokens[i]));
    }
    return builder;
  }

  /** The non-blank entries of a comma-separated list, stripped. */
  static List<String> splitList(String text) {
    List<String> entries = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries;
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
    b.baseUrls = baseUrls();
    b.parsedBaseUrls =
        hosts().stream().map(h -> h.baseUrl).toList(); // parsed once, not per derived client
    b.apiToken = apiToken;
    b.timeouts = timeouts;
    b.retryPolicy = retryPolicy;
    b.sleeper = sleeper;
    b.listener = listener;
    b.okHttpClient = http;
    for (LmStudio host : hosts()) {
      if (router != null) {
        b.hostTokens.put(host.baseUrl.toString(), host.apiToken);
      }
      if (host.slots != null) {
        b.limitToParallelSlots = true;
        b.sharedSlots.put(host.baseUrl.toString(), host.slots);
      }
    }
    return b;
  }

  /**
   * Whether an OkHttpClient already has what this class would set on a copy of it: the idle
   * connection handling, this connect timeout and no read, write or call timeout.
   */
  private static boolean fits(OkHttpClient http, Timeouts timeouts) {
    return IdleConnections.installed(http)
        && http.connectTimeoutMillis() == timeouts.connect().toMillis()
        && http.readTimeoutMillis() == 0
        && http.writeTimeoutMillis() == 0
        && http.callTimeoutMillis() == 0;
  }

  /**
   * The client of each host, in the order given: this client itself when it has one host. They
   * share this client's pool and threads and are closed with it.
   *
   * @return the hosts' clients
   */
  public List<LmStudio> hosts() {
    return router == null ? List.of(this) : router.clients();
  }

  /**
   * The client of one of this client's hosts, to load, unload or download on a host of your
   * choosing, or to reach its OpenAI- or Anthropic-compatible endpoints.
   *
   * @param baseUrl the host's root URL, as given to the builder (a trailing slash or {@code /v1}
   *     does not matter)
   * @return the host's client
   * @throws IllegalArgumentException when this client has no such host
   */
  public LmStudio host(String baseUrl) {
    String wanted = normalizeBaseUrl(baseUrl).toString();
    for (LmStudio host : hosts()) {
      if (host.baseUrl.toString().equals(wanted)) {
        return host;
      }
    }
    throw new IllegalArgumentException(
        "not a host of this client: " + baseUrl + "; its hosts are " + baseUrls());
  }

  /**
   * The root URLs of this client's hosts, in order, without trailing slashes.
   *
   * @return the URLs; one for a client of one host
   */
  public List<String> baseUrls() {
    List<String> urls = new ArrayList<>();
    for (LmStudio host : hosts()) {
      urls.add(host.baseUrl());
    }
    return List.copyOf(urls);
  }

  HostRouter router() {
    checkOpen();
    return router;
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
    if (router != null) {
      return router.call(request.model(), host -> host.chat(request));
    }
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
    if (router != null) {
      checkOpen();
      Objects.requireNonNull(request, "request == null");
      return router.call(request.model(), host -> host.streamChat(request));
    }
    SseStream<ChatEvent, ChatResult> stream = newStream(request);
    stream.open();
    return new ChatStream(stream);
  }

  /**
   * Starts a streamed chat in the background, pushing each event to {@code listener}.
   *
   * <p>A client of several hosts picks the host as {@link #chat(ChatRequest)} does, but stays with
   * it: when that host cannot be reached, the listener hears the failure.
   *
   * @param request the request
   * @param listener receives the events, on an HTTP client thread
   * @return a handle to cancel the call or wait for its result
   */
  public ChatCall streamChat(ChatRequest request, ChatListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (router != null) {
      checkOpen();
      Objects.requireNonNull(request, "request == null");
      return router.route(request.model()).streamChat(request, listener);
    }
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
   * The server's root URL, without a trailing slash; the first host's for a client of several.
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
   * Whether requests carry an API token (the token itself is never shown); for a client of several
   * hosts, whether any host has one.
   *
   * @return true when a token is set
   */
  public boolean hasApiToken() {
    if (router == null) {
      return apiToken != null;
    }
    for (LmStudio host : router.clients()) {
      if (host.apiToken != null) {
        return true;
      }
    }
    return false;
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
    if (router != null) {
      for (LmStudio host : router.clients()) {
        host.close();
      }
    }
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

  /** Shows the URLs and whether a token is set for each, never the token. */
  @Override
  public String toString() {
    if (router == null) {
      return "LmStudio{baseUrl="
          + baseUrl()
          + ", apiToken="
          + (apiToken == null ? "none" : "***")
          + ", timeouts="
          + timeouts
          + "}";
    }
    StringBuilder s = new StringBuilder("LmStudio{hosts=[");
    for (LmStudio host : router.clients()) {
      s.append(s.charAt(s.length() - 1) == '[' ? "" : ", ")
          .append(host.baseUrl())
          .append(host.apiToken == null ? "" : " (apiToken=***)");
    }
    return s.append("], timeouts=").append(timeouts).append('}').toString();
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
    private List<String> baseUrls = List.of(DEFAULT_BASE_URL);

    /**
     * {@link #baseUrls} already normalized, by {@link LmStudio#newBuilder()}; null once changed.
     */
    private List<HttpUrl> parsedBaseUrls;

    private String apiToken;
    private final Map<String, String> hostTokens = new LinkedHashMap<>();
    private Timeouts timeouts = Timeouts.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private OkHttpClient okHttpClient;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private LmStudioListener listener = LmStudioListener.NONE;
    private boolean limitToParallelSlots;
    private boolean oneOfSeveral;
    private final Map<String, ParallelSlots> sharedSlots = new LinkedHashMap<>();

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
      this.baseUrls = List.of(baseUrl);
      this.parsedBaseUrls = null;
      return this;
    }

    /**
     * Sets the root URLs of several LM Studio servers, for a client that lists the models of all
     * and sends each chat to a host that has its model (see "Several hosts" in {@link LmStudio}).
     * The order matters: the first host wins a tie, and takes what concerns no model.
     *
     * @param baseUrls one or more URLs, such as {@code http://localhost:1234}
     * @return this builder
     * @throws IllegalArgumentException when there is none, one is not a URL, or two name the same
     *     server
     */
    public Builder baseUrls(String... baseUrls) {
      return baseUrls(List.of(baseUrls));
    }

    /**
     * Sets the root URLs of several LM Studio servers; see {@link #baseUrls(String...)}.
     *
     * @param baseUrls one or more URLs
     * @return this builder
     */
    public Builder baseUrls(List<String> baseUrls) {
      if (baseUrls.isEmpty()) {
        throw new IllegalArgumentException("baseUrls is empty; pass at least one URL");
      }
      Set<String> seen = new HashSet<>();
      for (String url : baseUrls) {
        HttpUrl normalized = normalizeBaseUrl(url);
        if (!seen.add(normalized.toString())) {
          throw new IllegalArgumentException(
              "baseUrls names "
                  + normalized.newBuilder().username("").password("").build()
                  + " twice");
        }
      }
      this.baseUrls = List.copyOf(baseUrls);
      this.parsedBaseUrls = null;
      return this;
    }

    /**
     * Sets the API token sent as {@code Authorization: Bearer <token>}, to every host that has no
     * token of its own ({@link #apiToken(String, String)}).
     *
     * @param apiToken the token, or null for none
     * @return this builder
     */
    public Builder apiToken(String apiToken) {
      this.apiToken = checkToken(apiToken);
      return this;
    }

    /**
     * Sets the API token of one host, for a client of several hosts whose tokens differ.
     *
     * @param baseUrl the host's root URL, as given to {@link #baseUrls(String...)}
     * @param apiToken the token, or null for none (not even the one of {@link #apiToken(String)})
     * @return this builder
     */
    public Builder apiToken(String baseUrl, String apiToken) {
      hostTokens.put(normalizeBaseUrl(baseUrl).toString(), checkToken(apiToken));
      return this;
    }

    private static String checkToken(String apiToken) {
      if (apiToken != null && apiToken.isBlank()) {
        throw new IllegalArgumentException("apiToken is blank; pass null for no token");
      }
      return apiToken;
    }

    private String tokenFor(HttpUrl url) {
      String key = url.toString();
      return hostTokens.containsKey(key) ? hostTokens.get(key) : apiToken;
    }

    /** A builder for the client of one of this builder's hosts, on a shared OkHttp client. */
    private Builder forHost(HttpUrl url, OkHttpClient shared) {
      Builder b = new Builder();
      b.baseUrls = List.of(url.toString());
      b.apiToken = tokenFor(url);
      b.timeouts = timeouts;
      b.retryPolicy = retryPolicy;
      b.sleeper = sleeper;
      b.listener = listener;
      b.okHttpClient = shared;
      b.limitToParallelSlots = limitToParallelSlots;
      b.sharedSlots.putAll(sharedSlots);
      b.oneOfSeveral = true;
      return b;
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
     * @throws IllegalStateException when {@link #apiToken(String, String)} named a server that is
     *     not one of the base URLs
     */
    public LmStudio build() {
      List<HttpUrl> urls = parsedBaseUrls;
      if (urls == null) {
        urls = new ArrayList<>(baseUrls.size());
        for (String url : baseUrls) {
          urls.add(normalizeBaseUrl(url));
        }
      }
      for (String host : hostTokens.keySet()) {
        if (!urls.contains(HttpUrl.get(host))) {
          throw new IllegalStateException(
              "apiToken was set for " + host + ", which is not one of the baseUrls " + baseUrls);
        }
      }
      return new LmStudio(this, urls);
    }
  }
}
