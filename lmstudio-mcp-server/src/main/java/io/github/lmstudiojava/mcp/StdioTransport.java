package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * MCP over stdio: one JSON-RPC message per line in, one per line out.
 *
 * <p>Unlike the SDK's stdio transport, a line that is not valid JSON-RPC is answered with a
 * JSON-RPC error and the connection goes on (the SDK's closes it), an oversized line is skipped and
 * answered the same way, and {@code notifications/cancelled} stops the named tool call (the SDK
 * ignores it). Every other message goes to the SDK's session, with its request id in the transport
 * context so that a tool call can be found by it.
 *
 * <p>Only this class writes to the output it is given: nothing else may reach stdout.
 */
final class StdioTransport implements McpServerTransportProvider {
  /** The longest line read; a longer one is answered with an error and skipped. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;
  private final CallRegistry registry;
  private final Object writeLock = new Object();

  /** How long requests still running may answer after the input ended. */
  static final Duration END_OF_INPUT_GRACE = Duration.ofSeconds(5);

  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  private McpServerSession session;
  private volatile LocalMethods local;
  private volatile boolean closed;

  StdioTransport(InputStream in, OutputStream out, CallRegistry registry) {
    this.in = in;
    this.out = out;
    this.registry = registry;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    this.session = factory.create(new SessionTransport());
  }

  /** Sets the requests this transport answers or checks before the SDK. */
  void local(LocalMethods methods) {
    this.local = methods;
  }

  /** Reads messages until the input ends; then closes the session. */
  void run() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    boolean tooLong = false;
    byte[] buffer = new byte[8192];
    int n;
    while (!closed && (n = in.read(buffer)) != -1) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] != '\n') {
          continue;
        }
        if (!tooLong && line.size() + (i - start) <= MAX_LINE_BYTES) {
          line.write(buffer, start, i - start);
          dispatch(line.toString(StandardCharsets.UTF_8));
        } else {
          write(
              JsonRpc.error(
                  null,
                  JsonRpc.INVALID_REQUEST,
                  "Invalid Request: the message is longer than " + MAX_LINE_BYTES + " bytes"));
        }
        line.reset();
        tooLong = false;
        start = i + 1;
      }
      if (!tooLong) {
        line.write(buffer, start, n - start);
        if (line.size() > MAX_LINE_BYTES) {
          tooLong = true;
          line.reset();
        }
      }
    }
    if (!tooLong && line.size() > 0) {
      dispatch(line.toString(StandardCharsets.UTF_8));
    }
    awaitAnswers(END_OF_INPUT_GRACE);
    if (session != null) {
      session.closeGracefully().block(Duration.ofSeconds(5));
    }
  }

  /**
   * After the input ended, gives the requests still running a little time to answer: a client that
   * wrote its requests and closed its end of the pipe still reads the answers. The calls still
   * running after it are cancelled.
   */
  private void awaitAnswers(Duration grace) {
    long until = System.nanoTime() + grace.toNanos();
    while (!unanswered.isEmpty() && !closed && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!unanswered.isEmpty()) {
      // Nobody will read their answers: stop them, and their requests to LM Studio with them.
      ServerLog.LOG.info("input ended; {} requests still running are cancelled", unanswered.size());
      registry.cancelAll();
    }
  }

  private void dispatch(String text) {
    String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    if (line.isBlank()) {
      return;
    }
    JsonRpc.Checked checked = JsonRpc.check(line);
    if (!checked.valid()) {
      if (!checked.silent()) {
        write(checked.error());
      }
      return;
    }
    if (JsonRpc.CANCELLED.equals(checked.method())) {
      Object requestId = checked.cancelledRequestId();
      boolean found = registry.cancel(session.getId(), requestId);
      ServerLog.LOG.info(
          "client cancelled request {}{}",
          ServerLog.oneLine(requestId),
          found ? "" : " (not started yet, or done)");
      return;
    }
    LocalMethods methods = local;
    if (methods != null && checked.isRequest()) {
      McpSchema.JSONRPCResponse answer = methods.answer(session.getId(), null, checked);
      if (answer != null) {
        write(Json.write(answer));
        return;
      }
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = checked.toMessage();
    } catch (RuntimeException e) {
      write(
          JsonRpc.error(
              checked.id(), JsonRpc.INVALID_REQUEST, "Invalid Request: " + e.getMessage()));
      return;
    }
    if (checked.isRequest()) {
      unanswered.add(idKey(checked.id()));
    }
    McpTransportContext context =
        checked.isRequest()
            ? McpTransportContext.create(Map.of(ToolRunner.REQUEST_ID, checked.id()))
            : McpTransportContext.EMPTY;
    session
        .handle(message)
        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
        .subscribe(null, error -> ServerLog.LOG.warn("message not handled: {}", error.toString()));
  }

  /**
   * A request id as a key of {@link #unanswered}: the id of an answer is the object the request
   * carried, so its type and text identify it.
   */
  private static String idKey(Object id) {
    return (id instanceof String ? "s" : "n") + id;
  }

  private void write(String json) {
    byte[] bytes = encode(json);
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // The client has gone: stop writing; the input ends next.
        closed = true;
        ServerLog.LOG.debug("stdout closed: {}", e.toString());
      }
    }
  }

  /**
   * A message as one UTF-8 line. A lone surrogate (a client may send one, escaped, in an id or a
   * string the answer repeats) has no UTF-8 form and would turn into {@code ?}, changing the id; it
   * is written as a JSON escape instead. Jackson leaves surrogates only inside strings, so the
   * escape keeps the JSON valid and the value the same.
   */
  static byte[] encode(String json) {
    StringBuilder line = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < json.length()
                  && Character.isLowSurrogate(json.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(json.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        if (line == null) {
          line = new StringBuilder(json.length() + 16).append(json, 0, i);
        }
        line.append(String.format("\\u%04x", (int) c));
      } else if (line != null) {
        line.append(c);
      }
    }
    return ((line == null ? json : line.toString()) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return session == null ? Mono.empty() : session.sendNotification(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return notifyClients(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return session == null ? Mono.empty() : session.closeGracefully();
  }

  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(
          () -> {
            write(Json.write(message));
            if (message instanceof McpSchema.JSONRPCResponse response) {
              unanswered.remove(idKey(response.id()));
            }
          });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return Json.MAPPER.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
