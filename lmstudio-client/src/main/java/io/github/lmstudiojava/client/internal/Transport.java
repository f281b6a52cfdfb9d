package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioListener;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Sends requests to one LM Studio server: base URL, bearer token, timeouts, retries of idempotent
 * reads, and mapping of every failure to a typed exception.
 *
 * <p>Shared by every API surface of a client; immutable and thread-safe.
 */
public final class Transport {
  /** The JSON media type. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private static final String USER_AGENT = "lmstudio-java/" + Version.get();

  private final HttpUrl baseUrl;
  private final boolean nameHost;
  private final String apiToken;
  private final OkHttpClient http;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Duration connectTimeout;
  private final LmStudioListener listener;
  private final Set<SseStream<?, ?>> openStreams = ConcurrentHashMap.newKeySet();
  private final Set<Call> callsInFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates a transport.
   *
   * @param baseUrl the server's root, such as {@code http://localhost:1234/}
   * @param apiToken the bearer token, or null
   * @param http the HTTP client
   * @param retryPolicy how idempotent reads are retried
   * @param sleeper how to wait between retries
   * @param connectTimeout the connect timeout configured on {@code http}, for messages
   * @param listener told about every call, after the client's own logging
   * @param nameHost whether errors name the server's URL with each request (for a client of several
   *     servers), not only its path
   */
  public Transport(
      HttpUrl baseUrl,
      String apiToken,
      OkHttpClient http,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      Duration connectTimeout,
      LmStudioListener listener,
      boolean nameHost) {
    this.nameHost = nameHost;
    this.baseUrl = baseUrl;
    this.apiToken = apiToken;
    this.http = http;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.connectTimeout = connectTimeout;
    this.listener = HttpLog.both(HttpLog.calls(), listener);
  }

  /**
   * A new trace of one call for the listeners; {@link CallTrace#NONE}'s when nobody listens.
   *
   * @param request the request
   * @param stream whether the answer is an event stream
   * @return the trace, not started
   */
  public CallTrace trace(Request request, boolean stream) {
    if (listener == LmStudioListener.NONE) {
      return CallTrace.NONE;
    }
    return new CallTrace(
        listener,
        new LmStudioListener.CallInfo(request.method(), request.url().encodedPath(), stream));
  }

  /**
   * The server's base URL, without a trailing slash, its user name and password shown as {@code
   * ***}.
   *
   * @return the URL as text
   */
  public String baseUrl() {
    // A user name can be a secret as much as a password (a token passed as the user, say).
    HttpUrl shown =
        baseUrl.encodedUsername().isEmpty() && baseUrl.encodedPassword().isEmpty()
            ? baseUrl
            : baseUrl.newBuilder().username("***").password("").build();
    String url = shown.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * The HTTP client, for starting calls.
   *
   * @return the client
   */
  public OkHttpClient http() {
    return http;
  }

  /**
   * Whether requests carry an API token.
   *
   * @return true when a token is set
   */
  public boolean hasToken() {
    return apiToken != null;
  }

  /**
   * A request to a path under the base URL, with the token and the common headers set.
   *
   * @param path the path, such as {@code api/v1/models} (no leading slash)
   * @return a builder to finish
   */
  public Request.Builder request(String path) {
    checkOpen();
    HttpUrl url = baseUrl.resolve(path);
    if (url == null) {
      throw new IllegalArgumentException("bad path: " + path);
    }
    Request.Builder builder = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
    if (nameHost) {
      builder.tag(NamedHost.class, NamedHost.INSTANCE);
    }
    if (apiToken != null) {
      builder.header("Authorization", "Bearer " + apiToken);
    }
    return builder;
  }

  /**
   * A JSON POST request body that is sent at most once.
   *
   * <p>When a pooled connection fails after a request went out on it, OkHttp resends the request on
   * a new connection, which would run a chat, a load or a download twice; OkHttp never resends a
   * one-shot body, so only the retry policy retries, and only idempotent reads.
   *
   * @param json the JSON text
   * @return the body
   */
  public static RequestBody jsonBody(String json) {
    return new OneShotBody(RequestBody.create(json, JSON), json);
  }

  /**
   * Runs a GET and returns its body, retrying per the retry policy.
   *
   * @param path the path under the base URL
   * @param limit the whole-call limit
   * @return the response body text
   */
  public String get(String path, Duration limit) {
    Request request = request(path).header("Accept", "application/json").get().build();
    return execute(request, limit, LmStudioTimeoutException.Kind.IDLE, true);
  }

  /**
   * Runs a JSON POST and returns its body; never retried.
   *
   * @param path the path under the base URL
   * @param json the request body
   * @param limit the whole-call limit
   * @param kind the timeout kind to report when {@code limit} runs out
   * @return the response body text
   */
  public String post(String path, String json, Duration limit, LmStudioTimeoutException.Kind kind) {
    Request request =
        request(path).header("Accept", "application/json").post(jsonBody(json)).build();
    return execute(request, limit, kind, false);
  }

  /**
   * Runs a request and returns its body once every check passed.
   *
   * @param request the request
   * @param limit the whole-call limit
   * @param kind the timeout kind to report when {@code limit} runs out
   * @param idempotent whether the retry policy applies
   * @return the response body text
   */
  public String execute(
      Request request, Duration limit, LmStudioTimeoutException.Kind kind, boolean idempotent) {
    CallTrace trace = trace(request, false);
    String body = execute(request, limit, kind, idempotent, trace);
    trace.end();
    return body;
  }

  /**
   * Runs a request, as {@link #execute(Request, Duration, LmStudioTimeoutException.Kind, boolean)},
   * telling its listeners through a trace the caller keeps: a failure here ends the trace, and the
   * caller ends it with {@link CallTrace#end()} once it has used the answer (or with {@link
   * CallTrace#failed} if that fails).
   *
   * @param request the request
   * @param limit the whole-call limit
   * @param kind the timeout kind to report when {@code limit} runs out
   * @param idempotent whether the retry policy applies
   * @param trace the call's trace, from {@link #trace}, not started
   * @return the response body text
   */
  public String execute(
      Request request,
      Duration limit,
      LmStudioTimeoutException.Kind kind,
      boolean idempotent,
      CallTrace trace) {
    trace.start();
    if (HttpLog.bodies() && request.body() instanceof OneShotBody) {
      HttpLog.body(describe(request) + " request", ((OneShotBody) request.body()).text);
    }
    try {
      String body = send(request, limit, kind, idempotent, trace);
      if (HttpLog.bodies()) {
        HttpLog.body(describe(request) + " response", body);
      }
      return body;
    } catch (RuntimeException e) {
      trace.failed(e);
      throw e;
    }
  }

  private String send(
      Request request,
      Duration limit,
      LmStudioTimeoutException.Kind kind,
      boolean idempotent,
      CallTrace trace) {
    int attempts = idempotent ? retryPolicy.maxAttempts() : 1;
    for (int attempt = 1; ; attempt++) {
      Call call = newCall(request, limit);
      callsInFlight.add(call);
      if (closed) {
        // Lost a race with close(): the call must not outlive its client.
        call.cancel();
      }
      boolean answerStarted = false;
      try (Response response = call.execute()) {
        answerStarted = true;
        String body = readBody(response);
        if (attempt < attempts && isRetryableStatus(response.code())) {
          backoff(attempt, response.header("Retry-After"), trace, "HTTP " + response.code());
          continue;
        }
        checkStatus(request, response, body);
        trace.answered(response.code());
        return body;
      } catch (IOException e) {
        if (call.isCanceled() && !(e instanceof java.io.InterruptedIOException)) {
          // Only closing the LmStudio client cancels a call that is not a stream.
          throw new LmStudioException(
              describe(request) + " was cancelled because the LmStudio client was closed.", e);
        }
        if (attempt < attempts && Errors.isRetryable(e)) {
          backoff(attempt, null, trace, e.toString());
          continue;
        }
        throw Errors.ioFailure(
            baseUrl(), describe(request), e, kind, limit, connectTimeout, answerStarted);
      } finally {
        callsInFlight.remove(call);
      }
    }
  }

  /**
   * Starts a call that will stream its body, and returns once the response headers are in and have
   * been checked. The caller must close the response.
   *
   * @param call a call made with {@link #newCall}
   * @param kind the timeout kind to report when the call's limit runs out
   * @param limit the call's limit
   * @return the open response, with status 2xx and a body that is not an error object
   */
  public Response openStream(Call call, LmStudioTimeoutException.Kind kind, Duration limit) {
    Request request = call.request();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw Errors.ioFailure(baseUrl(), describe(request), e, kind, limit, connectTimeout);
    }
    try {
      checkStreamResponse(request, response);
      return response;
    } catch (RuntimeException e) {
      response.close();
      throw e;
    } catch (IOException e) {
      response.close();
      throw Errors.ioFailure(baseUrl(), describe(request), e, kind, limit, connectTimeout, true);
    }
  }

  /**
   * Checks a streaming response's status and content type; throws the typed error for an error
   * status or a JSON error body sent instead of events.
   *
   * @param request the request
   * @param response the response, whose body is left unread when it is an event stream
   * @throws IOException when reading an error body fails
   */
  public void checkStreamResponse(Request request, Response response) throws IOException {
    MediaType type = response.body().contentType();
    boolean eventStream =
        type != null && "text".equals(type.type()) && "event-stream".equals(type.subtype());
    if (!response.isSuccessful() || !eventStream) {
      String body = readBody(response);
      checkStatus(request, response, body);
      throw new LmStudioProtocolException(
          "LM Studio answered "
              + describe(request)
              + " with "
              + type
              + " instead of an event stream: "
              + (body.length() > 200 ? body.substring(0, 200) + "..." : body),
          null);
    }
  }

  /**
   * Creates a call with a whole-call limit.
   *
   * @param request the request
   * @param limit the limit; zero for none
   * @return the call, not started
   */
  public Call newCall(Request request, Duration limit) {
    checkOpen();
    Call call = http.newCall(request);
    call.timeout().timeout(limit.toNanos(), TimeUnit.NANOSECONDS);
    return call;
  }

  /**
   * Refuses use after {@link #close()}.
   *
   * @throws IllegalStateException when the client is closed
   */
  public void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this LmStudio client is closed");
    }
  }

  /**
   * Closes this transport: later requests are refused, and every call in flight and every open
   * stream is cancelled, pull streams included (OkHttp's dispatcher forgets a synchronous call once
   * its headers arrive), also when the HTTP client is shared with other transports.
   */
  public void close() {
    closed = true;
    for (Call call : callsInFlight) {
      call.cancel();
    }
    callsInFlight.clear();
    for (SseStream<?, ?> stream : openStreams) {
      stream.cancel();
    }
    openStreams.clear();
  }

  void track(SseStream<?, ?> stream) {
    openStreams.add(stream);
    if (closed) {
      // Lost a race with close(): the stream must not outlive its client.
      stream.cancel();
    }
  }

  void untrack(SseStream<?, ?> stream) {
    openStreams.remove(stream);
  }

  /**
   * The connect timeout, for messages.
   *
   * @return the limit
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Percent-encodes one path segment, such as a job id.
   *
   * @param segment the raw segment
   * @return the encoded segment
   */
  public static String encodePathSegment(String segment) {
    String path =
        new HttpUrl.Builder()
            .scheme("http")
            .host("localhost")
            .addPathSegment(segment)
            .build()
            .encodedPath();
    return path.substring(1);
  }

  /**
   * {@code METHOD /path} of a request, for messages.
   *
   * @param request the request
   * @return the description
   */
  public static String describe(Request request) {
    if (request.tag(NamedHost.class) == null) {
      return request.method() + " " + request.url().encodedPath();
    }
    // One of several servers: say which, never with a user or password from the URL.
    return request.method() + " " + shown(request.url());
  }

  /** A URL as errors show it: no user, password, query or fragment. */
  private static HttpUrl shown(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build();
  }

  /** Marks a request whose description names its server. */
  private enum NamedHost {
    INSTANCE
  }

  private void checkStatus(Request request, Response response, String body) {
    int status = response.code();
    LmStudioException other =
        Errors.notLmStudio(
            baseUrl(), describe(request), status, response.body().contentType(), body);
    if (other != null) {
      throw other;
    }
    if (status >= 400) {
      throw Errors.httpError(baseUrl(), describe(request), status, body, hasToken());
    }
    if (status >= 200 && status < 300 && Errors.errorOnly(body) != null) {
      throw Errors.httpError(baseUrl(), describe(request), status, body, hasToken());
    }
    if (status >= 300) {
      String location = response.header("Location");
      HttpUrl target = location == null ? null : request.url().resolve(location);
      String moved =
          location == null || status >= 400
              ? ""
              : " It points to "
                  + (target == null ? "another address" : shown(target))
                  + "; if LM Studio is there, change the base URL to match.";
      throw new LmStudioHttpException(
          "LM Studio answered " + status + " to " + describe(request) + "; expected 2xx." + moved,
          status,
          null,
          null,
          null,
          null);
    }
  }

  private static String readBody(Response response) throws IOException {
    ResponseBody body = response.body();
    return body.string();
  }

  private static boolean isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503;
  }

  private void backoff(int attempt, String retryAfter, CallTrace trace, String reason) {
    Duration wait = retryPolicy.backoff(attempt);
    if (retryAfter != null) {
      try {
        Duration hinted = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        wait = hinted.compareTo(retryPolicy.maxBackoff()) > 0 ? retryPolicy.maxBackoff() : hinted;
      } catch (NumberFormatException ignored) {
        // An HTTP-date Retry-After is rare from a local server; the policy's backoff stands.
      }
    }
    trace.retry(attempt, wait, reason);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LmStudioException("Interrupted while waiting to retry a request", e);
    }
  }

  /** A request body OkHttp must not send twice. */
  private static final class OneShotBody extends RequestBody {
    private final RequestBody body;
    private final String text;

    OneShotBody(RequestBody body, String text) {
      this.body = body;
      this.text = text;
    }

    @Override
    public MediaType contentType() {
      return body.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return body.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      body.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
