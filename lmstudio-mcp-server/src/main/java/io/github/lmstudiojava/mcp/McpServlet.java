package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerSession.McpStreamableServerSessionStream;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}, in place of the SDK's servlet, which keeps every
 * session for ever, holds a thread while a body arrives, never notices a client that left, and
 * answers transport errors with a serialised Java exception.
 *
 * <p>Here a POSTed message is read without holding a thread, once, within the read timeout and the
 * shared memory budget ({@link BodyReader}); it is checked ({@link JsonRpc}) and handed to its
 * session, unless the transport answers it itself ({@link LocalMethods}). A request is answered
 * with a resumable event stream ({@link EventStream}): when its client goes away, it may resume the
 * stream with a GET carrying {@code Last-Event-ID} within the resume window, else the call is
 * cancelled. Sessions are capped and expire when unused ({@link HttpSessions}). Every error is a
 * JSON-RPC error of one sentence.
 *
 * <p>With a session route ({@code --session-route a}), the session ids clients see are the SDK's
 * ids after {@code a.}, so that a proxy in front of several servers can send every request of a
 * session to the server that holds it; an id without this server's route is an unknown session.
 */
final class McpServlet extends HttpServlet implements McpStreamableServerTransportProvider {
  static final String ENDPOINT = "/mcp";
  static final String ALLOW = "GET, POST, DELETE, OPTIONS";

  /** A JSON-RPC error code for the transport's refusals. */
  static final int SERVER_ERROR = -32000;

  /** The error code of a request naming a session that is gone, as other MCP servers use it. */
  static final int SESSION_NOT_FOUND = -32001;

  /** How long an event stream may stay quiet before a comment line is written to it. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

  private static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final HttpSessions sessions;
  private final String routePrefix;
  private final CallRegistry registry;
  private final Semaphore budget;
  private final Duration readTimeout;
  private final ScheduledExecutorService timers;
  private final Executor writers;
  private final Set<SseConnection> streams = ConcurrentHashMap.newKeySet();
  private final Duration resumeWindow;
  private final long retryMillis;
  private volatile McpStreamableServerSession.Factory factory;
  private volatile LocalMethods local;
  private volatile boolean closing;

  McpServlet(
      ServerConfig.HttpLimits limits,
      String route,
      CallRegistry registry,
      ScheduledExecutorService timers,
      Executor writers) {
    this.sessions = new HttpSessions(limits.maxSessions(), limits.sessionIdle(), writers);
    this.routePrefix = route == null ? "" : route + ".";
    this.registry = registry;
    this.readTimeout = limits.readTimeout();
    this.resumeWindow = limits.streamResume();
    this.retryMillis = limits.sseRetry().toMillis();
    this.timers = timers;
    this.writers = writers;
    this.budget = BodyReader.budget();
  }

  /** Sets the requests this transport answers or checks before the SDK. */
  void local(LocalMethods methods) {
    this.local = methods;
    sessions.onClosed(methods::sessionEnded);
  }

  /**
   * Runs often: expires unused sessions, forgets event streams past their resume window (stopping
   * the calls of clients that did not come back) and keeps quiet event streams alive.
   */
  void tick() {
    sessions.expireIdle();
    sessions.expireStreams();
    long quiet = KEEP_ALIVE.toNanos();
    for (SseConnection stream : streams) {
      if (stream.due(quiet)) {
        writers.execute(() -> stream.keepAlive(quiet));
      }
    }
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    this.factory = factory;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.fromRunnable(() -> sessions.notifyAll(method, params));
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return Mono.defer(() -> sessions.notifyOne(sessionId, method, params));
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(
        () -> {
          closing = true;
          sessions.closeAll();
        });
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      switch (request.getMethod()) {
        case "POST" -> post(request, response);
        case "GET" -> get(request, response);
        case "DELETE" -> delete(request, response);
        case "OPTIONS" -> {
          response.setHeader("Allow", ALLOW);
          response.setStatus(204);
        }
        default -> {
          response.setHeader("Allow", ALLOW);
          HttpExchange.error(
              response, 405, null, SERVER_ERROR, "Method not allowed: use " + ALLOW + ".");
        }
      }
    } catch (RuntimeException e) {
      ServerLog.LOG.error("HTTP {} failed: {}", request.getMethod(), e.toString(), e);
      if (!response.isCommitted()) {
        response.reset();
        HttpExchange.error(
            response, 500, null, SERVER_ERROR, "Internal error: the message was not handled.");
      }
    }
  }

  // ---- POST: one message in ----

  private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (closing) {
      HttpExchange.error(response, 503, null, SERVER_ERROR, "The server is shutting down.");
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    HttpExchange exchange = new HttpExchange(response, async, streams, budget);
    String sessionId = request.getHeader(SESSION_HEADER);
    String user = (String) request.getAttribute(HttpGuard.USER);
    BodyReader reader =
        new BodyReader(
            request.getInputStream(),
            request.getContentLengthLong(),
            budget,
            new BodyReader.Outcome() {
              @Override
              public void read(byte[] body, int held) {
                exchange.hold(held);
                handle(exchange, sessionId, user, body);
              }

              @Override
              public void refused(int status) {
                exchange.refuseBody(status, readTimeout);
              }

              @Override
              public void failed(Throwable error) {
                exchange.complete();
              }
            });
    reader.expireAfter(readTimeout, timers);
    request.getInputStream().setReadListener(reader);
  }

  private void handle(HttpExchange exchange, String sessionId, String user, byte[] body) {
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(body, Object.class);
    } catch (IOException | RuntimeException e) {
      exchange.error(400, null, JsonRpc.PARSE_ERROR, "Parse error: not valid JSON.");
      return;
    }
    JsonRpc.Checked checked = JsonRpc.check(parsed);
    if (!checked.valid()) {
      exchange.answer(400, checked.error());
      return;
    }
    if (JsonRpc.INITIALIZE.equals(checked.method())) {
      initialize(exchange, checked, user);
      return;
    }
    HttpSessions.Entry entry = session(exchange, sessionId, user, checked.id());
    if (entry == null) {
      return;
    }
    if (JsonRpc.CANCELLED.equals(checked.method())) {
      Object requestId = checked.cancelledRequestId();
      boolean found = registry.cancel(entry.id(), requestId);
      ServerLog.LOG.info(
          "client cancelled request {}{}",
          ServerLog.oneLine(requestId),
          found ? "" : " (not started yet, or done)");
      exchange.accepted();
      return;
    }
    if (checked.method() == null) {
      McpSchema.JSONRPCResponse answer;
      try {
        answer = (McpSchema.JSONRPCResponse) checked.toMessage();
      } catch (RuntimeException e) {
        exchange.error(400, null, JsonRpc.INVALID_REQUEST, "Invalid Request: not a response.");
        return;
      }
      entry
          .session
          .accept(answer)
          .subscribe(null, e -> ServerLog.LOG.debug("answer not taken: {}", e.getMessage()));
      exchange.accepted();
    } else if (!checked.isRequest()) {
      entry
          .session
          .accept((McpSchema.JSONRPCNotification) checked.toMessage())
          .subscribe(null, e -> ServerLog.LOG.warn("notification failed: {}", e.toString()));
      exchange.accepted();
    } else {
      LocalMethods methods = local;
      McpSchema.JSONRPCResponse answer =
          methods == null ? null : methods.answer(entry.id(), entry.user, checked);
      if (answer != null) {
        if (entry.closed()) {
          methods.sessionEnded(entry.id()); // closed while answering: keep no entry for it
        }
        exchange.answer(200, Json.write(answer));
      } else {
        answerRequest(exchange, entry, checked);
      }
    }
  }

  private void initialize(HttpExchange exchange, JsonRpc.Checked checked, String user) {
    Object id = checked.id();
    McpSchema.InitializeRequest init;
    try {
      init =
          Json.MAPPER.convertValue(
              checked.message().get("params"), McpSchema.InitializeRequest.class);
    } catch (RuntimeException e) {
      init = null;
    }
    if (init == null || init.protocolVersion() == null) {
      exchange.error(
          400,
          id,
          JsonRpc.INVALID_PARAMS,
          "Invalid params: initialize needs protocolVersion, capabilities and clientInfo.");
      return;
    }
    McpStreamableServerSession.McpStreamableServerSessionInit started =
        sessions.full() ? null : factory.startSession(init);
    HttpSessions.Entry entry = started == null ? null : sessions.add(started.session(), user);
    if (entry == null) {
      exchange.error(
          503,
          id,
          SERVER_ERROR,
          "Too many MCP sessions: the server holds "
              + sessions.max()
              + " MCP sessions (--max-mcp-sessions); end one with an HTTP DELETE or wait until an"
              + " unused one expires.");
      return;
    }
    started
        .initResult()
        .subscribe(
            result -> {
              if (user != null) {
                ServerLog.LOG.info("MCP session {} started for user {}", entry.id(), user);
              }
              entry.protocolVersion = result.protocolVersion();
              exchange.response.setHeader(SESSION_HEADER, routePrefix + entry.id());
              exchange.answer(200, Json.write(McpSchema.JSONRPCResponse.result(id, result)));
            },
            e -> {
              sessions.delete(entry.id());
              exchange.error(
                  500, id, SERVER_ERROR, "Initialize failed: " + oneLine(e.getMessage()) + ".");
            });
  }

  private void answerRequest(
      HttpExchange exchange, HttpSessions.Entry entry, JsonRpc.Checked checked) {
    Object id = checked.id();
    McpSchema.JSONRPCRequest request =
        new McpSchema.JSONRPCRequest("2.0", checked.method(), id, checked.message().get("params"));
    SseConnection connection = exchange.openStream();
    if (connection == null) {
      return;
    }
    EventStream stream =
        entry.newStream(
            retryMillis,
            resumeWindow,
            why -> {
              // Only a tool call registers; the stream was given up, not the request, so nothing
              // is remembered for a call that is not running (CallRegistry.cancel would).
              boolean stopped =
                  "tools/call".equals(checked.method()) && registry.cancelRunning(entry.id(), id);
              ServerLog.LOG.info(
                  "request {} ended before its answer: {}{}",
                  id,
                  why,
                  stopped ? "; its call is cancelled" : "");
            });
    stream.attach(connection, -1);
    McpTransportContext context =
        McpTransportContext.create(
            entry.user == null
                ? Map.of(ToolRunner.REQUEST_ID, id)
                : Map.of(ToolRunner.REQUEST_ID, id, ToolRunner.USER, entry.user));
    entry.callStarted();
    entry
        .session
        .responseStream(request, stream)
        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
        .doFinally(
            signal -> {
              entry.callEnded();
              stream.close();
            })
        .subscribe(null, e -> ServerLog.LOG.warn("request {} not answered: {}", id, e.toString()));
  }

  // ---- GET: the session's stream of server messages ----

  private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String accept = request.getHeader("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      HttpExchange.error(
          response,
          406,
          null,
          SERVER_ERROR,
          "Not acceptable: a GET opens an event stream, so Accept must include text/event-stream.");
      return;
    }
    HttpSessions.Entry entry = session(request, response);
    if (entry == null) {
      return;
    }
    String lastEventId = request.getHeader(LAST_EVENT_ID);
    if (lastEventId != null) {
      resume(request, response, entry, lastEventId);
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    HttpExchange exchange = new HttpExchange(response, async, streams, budget);
    AtomicReference<McpStreamableServerSessionStream> listening = new AtomicReference<>();
    // Opening the stream sends its headers; the stream becomes the session's only under the same
    // lock, so of two GETs the one whose headers went out last is the one that stays.
    synchronized (entry) {
      SseConnection connection = exchange.openStream();
      if (connection == null) {
        return;
      }
      EventStream stream =
          entry.newStream(
              retryMillis,
              resumeWindow,
              why -> {
                McpStreamableServerSessionStream s = listening.get();
                if (s != null) {
                  entry.stopListening(s);
                }
              });
      stream.attach(connection, -1);
      if (!stream.running()) {
        return; // the client went at once, or the session closed meanwhile
      }
      listening.set(entry.session.listeningStream(stream));
      entry.listenOn(listening.get());
    }
  }

  /**
   * A GET with {@code Last-Event-ID}: the stream that event belongs to goes on on this response,
   * from the event after it. An id this server did not write, or of a stream it no longer keeps, is
   * answered 400: the events after it are lost.
   */
  private void resume(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpSessions.Entry entry,
      String lastEventId)
      throws IOException {
    long[] id = parseEventId(lastEventId);
    EventStream stream = id == null ? null : entry.stream(id[0]);
    if (stream == null || !stream.resumable(id[1])) {
      HttpExchange.error(
          response,
          400,
          null,
          SERVER_ERROR,
          "Cannot resume: Last-Event-ID "
              + shorten(lastEventId)
              + (id == null
                  ? " is not an event id of this server."
                  : " names events this server no longer keeps (a stream is kept for "
                      + Durations.show(resumeWindow)
                      + " after its client went away or it ended, --stream-resume)."));
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    HttpExchange exchange = new HttpExchange(response, async, streams, budget);
    SseConnection connection = exchange.openStream();
    if (connection == null) {
      return;
    }
    if (!stream.attach(connection, id[1])) {
      // Expired between the check and now: end at once, the client's next try gets the 400.
      connection.end();
      return;
    }
    ServerLog.LOG.debug("MCP session {} resumed stream {} after {}", entry.id(), id[0], id[1]);
  }

  /**
   * The stream and event numbers of an event id, {@code <stream>-<event>}; null if it is not one.
   */
  static long[] parseEventId(String text) {
    int dash = text.indexOf('-');
    if (dash <= 0 || dash == text.length() - 1 || text.length() > 40) {
      return null;
    }
    try {
      long stream = Long.parseLong(text, 0, dash, 10);
      long event = Long.parseLong(text, dash + 1, text.length(), 10);
      return stream > 0 && event >= 0 ? new long[] {stream, event} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- DELETE: the end of a session ----

  private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpSessions.Entry entry = session(request, response);
    if (entry != null) {
      sessions.delete(entry.id());
      response.setStatus(200);
    }
  }

  /** The session a GET or DELETE names; else answers 400 or 404 and returns null. */
  private HttpSessions.Entry session(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    return session(
        request.getHeader(SESSION_HEADER),
        (String) request.getAttribute(HttpGuard.USER),
        response,
        null);
  }

  /** The session a POSTed message names; else answers 400 or 404, completes, returns null. */
  private HttpSessions.Entry session(
      HttpExchange exchange, String sessionId, String user, Object id) {
    try {
      HttpSessions.Entry entry = session(sessionId, user, exchange.response, id);
      if (entry == null) {
        exchange.complete();
      }
      return entry;
    } catch (IOException e) {
      exchange.complete();
      return null;
    }
  }

  /**
   * The session with this id, if it belongs to this user; else answers 400 or 404 and returns null.
   * Another user's session is answered as if it did not exist.
   */
  private HttpSessions.Entry session(
      String sessionId, String user, HttpServletResponse response, Object id) throws IOException {
    if (sessionId == null || sessionId.isBlank()) {
      HttpExchange.error(
          response,
          400,
          id,
          SERVER_ERROR,
          "Bad request: the Mcp-Session-Id header is missing; send initialize first to get one.");
      return null;
    }
    HttpSessions.Entry entry =
        sessionId.startsWith(routePrefix)
            ? sessions.use(sessionId.substring(routePrefix.length()), user)
            : null;
    if (entry == null) {
      HttpExchange.error(
          response,
          404,
          id,
          SESSION_NOT_FOUND,
          "Session not found: "
              + shorten(sessionId)
              + " has expired or was deleted; send initialize to start a new one.");
    }
    return entry;
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static String oneLine(String text) {
    return text == null ? "unknown error" : shorten(text.replaceAll("\\s+", " "));
  }
}
