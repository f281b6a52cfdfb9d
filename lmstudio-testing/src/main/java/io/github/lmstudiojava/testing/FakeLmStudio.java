package io.github.lmstudiojava.testing;

import io.github.lmstudiojava.client.LmStudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;

/**
 * A deterministic LM Studio on a local port, speaking the native REST API ({@code /api/v1/*}), the
 * OpenAI- and Anthropic-compatible endpoints and the legacy {@code /api/v0/*} API, for tests of
 * code that uses {@link LmStudio} or any OpenAI or Anthropic client.
 *
 * <pre>{@code
 * try (FakeLmStudio fake = FakeLmStudio.start()) {
 *   ChatResult r = fake.client().chat(FakeModel.LOADED_LLM, "Hello");
 *   assertThat(r.text()).isEqualTo("You said: Hello");
 *   assertThat(fake.takeRequest().json()).containsEntry("input", "Hello");
 * }
 * }</pre>
 *
 * <p>What it serves, natively:
 *
 * <ul>
 *   <li>{@code GET /api/v1/models}: the catalogue ({@link FakeModel#defaults()} unless set), with
 *       its loaded instances.
 *   <li>{@code POST /api/v1/models/load} and {@code /unload}: loaded instances change; every load
 *       option is applied and echoed on request.
 *   <li>{@code POST /api/v1/models/download} and {@code GET .../download/status/:job_id}: a job
 *       advances on each status poll and completes on the {@link Builder#downloadPolls(int)}th,
 *       when the model joins the catalogue (or pauses, see {@link Builder#downloadPausesAfter}).
 *   <li>{@code POST /api/v1/chat}, JSON or streamed: the answer is {@code You said: <input>} (plus
 *       {@code (with N images)}, and {@code (turn N, following "<previous input>")} in a chain
 *       continued with {@code previous_response_id}); a model that was not loaded is loaded first
 *       (with {@code model_load.*} events); reasoning models reason unless told {@code off}, spend
 *       {@code max_output_tokens} on reasoning first (a small budget leaves no message at all), and
 *       refuse a setting they do not list with LM Studio's message; each integration makes one tool
 *       call. Token counts are a quarter of the characters. The text {@code count to N} (N from 1
 *       to 1,000,000) is answered {@code 1 2 3 ... N} instead, one delta per number, here and on
 *       the compatible chat endpoints: a long stream for benchmarks.
 *   <li>Anything else: status 200 with {@code {"error":"Unexpected endpoint or method. (GET /x)"}},
 *       as LM Studio does.
 * </ul>
 *
 * <p><b>As strict as LM Studio.</b> LM Studio checks native request bodies with strict zod schemas,
 * so the fake takes on {@code POST /api/v1/chat}, {@code /models/load}, {@code /models/unload} and
 * {@code /models/download} only the keys of LM Studio's reference, at the top level and inside
 * input items and integrations, each of its documented type. Anything else is a 400 in LM Studio's
 * shape, such as {@code {"error":{"type":"invalid_request","message":"Unrecognized key(s) in
 * object: 'stop', 'seed'","code":"unrecognized_keys"}}} or {@code Expected number, received string}
 * (code {@code invalid_type}, {@code param} the key's path, such as {@code
 * integrations.0.allowed_tools.0}). An input item of type {@code "message"}, which the reference's
 * field table names but LM Studio refuses, gets {@code Invalid discriminator value. Expected 'text'
 * | 'image'} (code {@code invalid_union}, param {@code input}). Where the reference is silent the
 * fake is tolerant: a {@code null} value counts as absent, any reasoning string is checked against
 * the model's own options.
 *
 * <p><b>LM Studio's quirks</b>, each from its bug tracker, on where current LM Studio has them and
 * a {@link Builder} option where an older one did:
 *
 * <ul>
 *   <li>a continued chat that sends {@code system_prompt} again: 500 {@code Only user, assistant
 *       and tool roles are supported, got system} (0.4.20, lmstudio-bug-tracker#2219; {@link
 *       Builder#systemPromptOnContinuationFails(boolean)} turns it off);
 *   <li>a prompt longer than the loaded context on a streamed {@code /v1/chat/completions}: 200 and
 *       an {@code event: error} (0.4.21, #2322); with {@link
 *       Builder#emptyAnswerOnContextOverflow(boolean)}, 200 and nothing at all (0.3.x, #2339);
 *   <li>an unknown route: 200 with a bare error string (all versions); a missing or wrong token:
 *       401 with code {@code invalid_api_key} (0.4.18), or with {@link
 *       Builder#missingTokenAnswers200(boolean)} 200 with the unknown-route string (0.4.2 to
 *       0.4.17);
 *   <li>reasoning settings beyond the reference, such as {@code xhigh} ({@link
 *       FakeModel#effortReasoning()}), and downloads that pause ({@link
 *       Builder#downloadPausesAfter(int)});
 *   <li>a load of a model already loaded makes a second instance, {@code key:2} (always); with
 *       {@link Builder#autoFitContext(int)}, a load gets less context than it asked for and says so
 *       only in the loaded configuration (auto-fit, #2191).
 * </ul>
 *
 * <p>And through the compatible endpoints, loading a model on first use as LM Studio does:
 *
 * <ul>
 *   <li>{@code GET /v1/models}: every model on disk.
 *   <li>{@code POST /v1/chat/completions}, JSON or {@code data:} chunks ending {@code data: [DONE]}
 *       ({@code stream_options.include_usage} adds a usage-only chunk): {@code You said: <last user
 *       text>}; the reasoning model's reasoning on {@code message.reasoning} / {@code
 *       delta.reasoning}; tool calls when offered tools are asked for (the user text names a tool,
 *       or {@code tool_choice} requires or names one), several at once as parallel calls, with
 *       arguments generated from each tool's JSON schema and streamed in fragments; {@code The tool
 *       returned: <result>} after tool messages; JSON matching a {@code json_schema} response
 *       format. A prompt longer than the loaded context fails (inside the stream when streaming, as
 *       above).
 *   <li>{@code POST /v1/completions}: {@code " You said: <prompt>"}, JSON or streamed.
 *   <li>{@code POST /v1/embeddings}: one unit vector of 768 floats per input, derived from a hash
 *       of the model and the text; {@code encoding_format: "base64"} supported.
 *   <li>{@code POST /v1/responses}: message, reasoning, {@code function_call} and {@code mcp_call}
 *       output items, JSON or as named {@code response.*} events; {@code previous_response_id}
 *       continues a stored response.
 *   <li>{@code POST /v1/messages} (Anthropic): text, thinking and {@code tool_use} blocks, JSON or
 *       as Anthropic's named events.
 *   <li>{@code GET /api/v0/models}, {@code GET /api/v0/models/{key}}, {@code POST
 *       /api/v0/chat/completions}, {@code /api/v0/completions} and {@code /api/v0/embeddings}, with
 *       the v0 {@code stats}, {@code model_info} and {@code runtime} blocks.
 * </ul>
 *
 * <p>Errors have the shape of the path's API: native {@code {"error":{"type","message","code",
 * "param"}}}, OpenAI's {@code {"error":{"message","type","param","code"}}} on {@code /v1/*} and
 * {@code /api/v0/*}, Anthropic's {@code {"type":"error","error":{"type","message"}}} on {@code
 * /v1/messages}. With a token set, a request must send it as {@code Authorization: Bearer <token>}
 * or as {@code x-api-key} (LM Studio documents the latter for {@code /v1/messages}; the fake takes
 * it on every path). Script a reply or a fault for the next request of any path with {@link
 * #enqueue(FakeReply)}, or for the next native chat with {@link #enqueueChat(FakeReply)}; cuts and
 * stalls apply to every stream. Requests are recorded ({@link #takeRequest()}, {@link
 * #requests()}), the last {@value #DEFAULT_KEPT_REQUESTS} unless {@link Builder#keptRequests(int)}
 * says otherwise. Thread-safe.
 */
public final class FakeLmStudio implements AutoCloseable {
  /** How many requests a fake keeps for {@link #requests()} and {@link #takeRequest()}. */
  public static final int DEFAULT_KEPT_REQUESTS = 10_000;

  /** How long LM Studio's server keeps an idle connection open: Node's 5 s default. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(5);

  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final FakeDispatcher dispatcher;
  private final String apiToken;
  private LmStudio client;

  private FakeLmStudio(Builder b) {
    this.apiToken = b.apiToken;
    FakeModels models = new FakeModels(b.models, b.fitContext);
    long firstTokenDelay = b.firstTokenDelay.toNanos();
    long tokenDelay = b.tokenDelay.toNanos();
    this.dispatcher =
        new FakeDispatcher(
            b.keptRequests,
            this::forgetServerCopy,
            b.apiToken,
            b.missingTokenAnswers200,
            models,
            new FakeDownloads(models, b.downloadable, b.downloadPolls, b.downloadPausesAfter),
            new FakeChat(models, b.systemPromptOnContinuationFails, firstTokenDelay, tokenDelay),
            new CompatRoutes(
                new Inference(models, b.emptyAnswerOnOverflow, firstTokenDelay, tokenDelay)),
            new Responses(closed, b.maxStall.toNanos()));
    server.setDispatcher(dispatcher);
    server.setServerSocketFactory(new ResettableSockets(Math.toIntExact(b.keepAlive.toMillis())));
    try {
      server.start(b.host != null ? b.host : InetAddress.getByName("localhost"), b.port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake LM Studio: " + e.getMessage(), e);
    }
  }

  /**
   * Drops MockWebServer's own record of a request (it keeps every one until taken): the fake keeps
   * its own, bounded.
   */
  private void forgetServerCopy() {
    try {
      server.takeRequest(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts a fake with the default catalogue and no token.
   *
   * @return the running fake
   */
  public static FakeLmStudio start() {
    return builder().start();
  }

  /**
   * A builder for a fake with a token, a catalogue or delays of its own.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server's root URL, the base URL to give a client.
   *
   * @return such as {@code http://localhost:50123}, without a trailing slash
   */
  public String url() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /**
   * A client for this fake, with its token; the same client on each call, closed by {@link
   * #close()}.
   *
   * @return the client
   */
  public synchronized LmStudio client() {
    if (client == null) {
      client = clientBuilder().build();
    }
    return client;
  }

  /**
   * A client builder set to this fake's URL and token, to change timeouts or retries. Clients it
   * builds are the caller's to close.
   *
   * @return the builder
   */
  public LmStudio.Builder clientBuilder() {
    return LmStudio.builder().baseUrl(url()).apiToken(apiToken);
  }

  /**
   * Scripts the answer to the next request, whatever its endpoint. Scripts are used in order.
   *
   * @param reply the reply or fault
   */
  public void enqueue(FakeReply reply) {
    dispatcher.enqueue(Objects.requireNonNull(reply, "reply == null"));
  }

  /**
   * Scripts the answer to the next {@code POST /api/v1/chat}; other requests are served as usual.
   *
   * @param reply the reply or fault
   */
  public void enqueueChat(FakeReply reply) {
    dispatcher.enqueueChat(Objects.requireNonNull(reply, "reply == null"));
  }

  /**
   * The requests received so far, oldest first: every one, up to the last {@link
   * Builder#keptRequests(int)} ({@value #DEFAULT_KEPT_REQUESTS} unless set).
   *
   * @return the requests
   */
  public List<FakeRequest> requests() {
    return dispatcher.recorded();
  }

  /**
   * The oldest request not taken yet, waiting up to 10 seconds for one to arrive.
   *
   * @return the request
   * @throws IllegalStateException when none arrived
   */
  public FakeRequest takeRequest() {
    try {
      FakeRequest request = dispatcher.untaken().poll(10, TimeUnit.SECONDS);
      if (request == null) {
        throw new IllegalStateException("no request reached the fake LM Studio within 10 s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a request", e);
    }
  }

  /**
   * The most recent request.
   *
   * @return the request
   * @throws IllegalStateException when there was none
   */
  public FakeRequest lastRequest() {
    List<FakeRequest> all = requests();
    if (all.isEmpty()) {
      throw new IllegalStateException("the fake LM Studio has received no request");
    }
    return all.get(all.size() - 1);
  }

  /**
   * How many requests arrived so far.
   *
   * @return the count
   */
  public int requestCount() {
    return dispatcher.count();
  }

  /** Ends stalls, closes the client from {@link #client()}, and stops the server. */
  @Override
  public void close() {
    closed.countDown();
    synchronized (this) {
      if (client != null) {
        client.close();
      }
    }
    server.close();
  }

  /** Shows the URL and whether a token is required, never the token. */
  @Override
  public String toString() {
    return "FakeLmStudio{url=" + url() + ", token=" + (apiToken == null ? "none" : "***") + "}";
  }

  /** Configures a {@link FakeLmStudio}. */
  public static final class Builder {
    private String apiToken;
    private List<FakeModel> models = FakeModel.defaults();
    private List<FakeModel> downloadable =
        List.of(FakeModel.llm(FakeModel.DOWNLOADABLE).displayName("Gemma 3 1B").build());
    private int downloadPolls = 3;
    private int downloadPausesAfter;
    private boolean systemPromptOnContinuationFails = true;
    private boolean emptyAnswerOnOverflow;
    private boolean missingTokenAnswers200;
    private int fitContext;
    private Duration tokenDelay = Duration.ZERO;
    private Duration firstTokenDelay = Duration.ZERO;
    private Duration maxStall = Duration.ofSeconds(60);
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private int keptRequests = DEFAULT_KEPT_REQUESTS;
    private InetAddress host;
    private int port;

    private Builder() {}

    /**
     * Listens on this address and port instead of a free port on {@code localhost}.
     *
     * @param host the host name or IP address to bind, such as {@code 127.0.0.1}
     * @param port the port, or 0 for any free port
     * @return this builder
     * @throws IllegalArgumentException when the port is out of range or the host is unknown
     */
    public Builder listenOn(String host, int port) {
      Objects.requireNonNull(host, "host == null");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      try {
        this.host = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host: " + host, e);
      }
      this.port = port;
      return this;
    }

    /**
     * Requires the token on every request, as {@code Authorization: Bearer <token>} or {@code
     * x-api-key: <token>}; others get 401 with code {@code invalid_api_key} (see {@link
     * #missingTokenAnswers200(boolean)}).
     *
     * @param apiToken the token, or null for none
     * @return this builder
     */
    public Builder apiToken(String apiToken) {
      this.apiToken = apiToken;
      return this;
    }

    /**
     * Replaces the catalogue of models on disk.
     *
     * @param models the models, in listing order
     * @return this builder
     */
    public Builder models(FakeModel... models) {
      return models(List.of(models));
    }

    /**
     * Replaces the catalogue of models on disk.
     *
     * @param models the models, in listing order
     * @return this builder
     */
    public Builder models(List<FakeModel> models) {
      this.models = List.copyOf(models);
      return this;
    }

    /**
     * Adds models to the catalogue on disk, after those already set.
     *
     * <pre>{@code
     * FakeLmStudio.builder().addModels(FakeModel.effortReasoning()).start();
     * }</pre>
     *
     * @param models the models to add, in listing order
     * @return this builder
     */
    public Builder addModels(FakeModel... models) {
      List<FakeModel> all = new java.util.ArrayList<>(this.models);
      all.addAll(List.of(models));
      this.models = List.copyOf(all);
      return this;
    }

    /**
     * Replaces the models that can be downloaded by catalogue id (default: {@link
     * FakeModel#DOWNLOADABLE}). Hugging Face links are always accepted.
     *
     * @param models the downloadable models
     * @return this builder
     */
    public Builder downloadable(FakeModel... models) {
      this.downloadable = List.of(models);
      return this;
    }

    /**
     * Sets on which status poll a download completes (default 3).
     *
     * @param polls at least 1
     * @return this builder
     */
    public Builder downloadPolls(int polls) {
      if (polls < 1) {
        throw new IllegalArgumentException("polls < 1: " + polls);
      }
      this.downloadPolls = polls;
      return this;
    }

    /**
     * Makes every download job pause: its {@code polls}th status poll, instead of advancing it,
     * reports {@code paused}, and so does every later poll, as when a download is paused in LM
     * Studio's app (default 0: never). A job set to complete on an earlier poll completes.
     *
     * @param polls the poll that finds the job paused, at least 1; 0 for never
     * @return this builder
     */
    public Builder downloadPausesAfter(int polls) {
      if (polls < 0) {
        throw new IllegalArgumentException("polls < 0: " + polls);
      }
      this.downloadPausesAfter = polls;
      return this;
    }

    /**
     * Whether a continued native chat ({@code previous_response_id}) that sends {@code
     * system_prompt} again fails with status 500 and {@code Only user, assistant and tool roles are
     * supported, got system}, as LM Studio 0.4.20 does (lmstudio-bug-tracker#2219, open). On by
     * default.
     *
     * @param fails false to accept the system prompt, as the reference reads
     * @return this builder
     */
    public Builder systemPromptOnContinuationFails(boolean fails) {
      this.systemPromptOnContinuationFails = fails;
      return this;
    }

    /**
     * Answers a {@code /v1/chat/completions} prompt longer than the loaded context with status 200
     * and nothing, as LM Studio 0.3.x did for GGUF models (lmstudio-bug-tracker#2339): a stream of
     * {@code data: [DONE]} alone, or an empty message. Off by default: a stream then carries an
     * {@code error} event, as LM Studio 0.4.21 sends (lmstudio-bug-tracker#2322), and a JSON
     * request gets a 400.
     *
     * @param empty true for the 0.3.x behaviour
     * @return this builder
     */
    public Builder emptyAnswerOnContextOverflow(boolean empty) {
      this.emptyAnswerOnOverflow = empty;
      return this;
    }

    /**
     * Loads at most this much context, whatever a load asks for, and says so only in the loaded
     * configuration (the load's {@code load_config} and the model list's instance {@code config}),
     * as LM Studio's auto-fit does when the memory is short (lmstudio-bug-tracker#2191, #1902,
     * #2174, #2270). Applies to {@code POST /api/v1/models/load} and to models loaded just in time
     * by a chat. Off by default: a load gets the context it asks for.
     *
     * @param tokens the most context a load gets, or 0 for no limit
     * @return this builder
     */
    public Builder autoFitContext(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("tokens < 0: " + tokens);
      }
      this.fitContext = tokens;
      return this;
    }

    /**
     * Answers a request without the right token with status 200 and {@code {"error": "Unexpected
     * endpoint or method. (GET /v1/models) Returning 200 anyway"}}, as third parties saw LM Studio
     * 0.4.2 to 0.4.17 do (agustif/opencode-lmstudio#9, burnsbert/ComfyUI-EBU-LMStudio#7). Off by
     * default: such a request gets 401 with code {@code invalid_api_key}, as since 0.4.18.
     *
     * @param answers200 true for the 0.4.2 to 0.4.17 behaviour
     * @return this builder
     */
    public Builder missingTokenAnswers200(boolean answers200) {
      this.missingTokenAnswers200 = answers200;
      return this;
    }

    /**
     * Sets the pause before each streamed delta after the first (default none).
     *
     * @param delay the pause
     * @return this builder
     */
    public Builder tokenDelay(Duration delay) {
      this.tokenDelay = requireNonNegative(delay);
      return this;
    }

    /**
     * Sets the pause before a stream's first delta, as prompt processing takes (default none).
     *
     * @param delay the pause
     * @return this builder
     */
    public Builder firstTokenDelay(Duration delay) {
      this.firstTokenDelay = requireNonNegative(delay);
      return this;
    }

    /**
     * Sets how long a stalled reply stays silent at most if neither the client nor {@link #close()}
     * ends it (default 60 s).
     *
     * @param maxStall the limit
     * @return this builder
     */
    public Builder maxStall(Duration maxStall) {
      this.maxStall = requireNonNegative(maxStall);
      return this;
    }

    /**
     * Sets how many requests the fake keeps for {@link #requests()} and {@link #takeRequest()}: the
     * oldest beyond it are dropped, so that a fake serving for hours (as {@code FakeLmStudioServer}
     * does) holds a bounded number. {@link #requestCount()} counts them all.
     *
     * @param keptRequests at least 1; default {@link #DEFAULT_KEPT_REQUESTS}
     * @return this builder
     */
    public Builder keptRequests(int keptRequests) {
      if (keptRequests < 1) {
        throw new IllegalArgumentException("keptRequests must be at least 1: " + keptRequests);
      }
      this.keptRequests = keptRequests;
      return this;
    }

    /**
     * Sets how long a kept-alive connection may wait for its next request before the fake closes
     * it, as LM Studio's Node server does after 5 s (its {@code keepAliveTimeout}). A client that
     * writes its next request on such a connection finds it closed. Default {@link
     * #DEFAULT_KEEP_ALIVE}, like LM Studio.
     *
     * @param keepAlive the quiet time; {@link Duration#ZERO} keeps connections open for ever
     * @return this builder
     */
    public Builder keepAlive(Duration keepAlive) {
      requireNonNegative(keepAlive);
      if (keepAlive.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("keepAlive too long: " + keepAlive);
      }
      if (!keepAlive.isZero() && keepAlive.toMillis() == 0) {
        throw new IllegalArgumentException("keepAlive under a millisecond: " + keepAlive);
      }
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * Starts the fake.
     *
     * @return the running fake
     */
    public FakeLmStudio start() {
      return new FakeLmStudio(this);
    }

    private static Duration requireNonNegative(Duration value) {
      Objects.requireNonNull(value, "duration == null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("negative duration: " + value);
      }
      return value;
    }
  }
}
