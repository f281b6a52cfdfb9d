package io.github.lmstudiojava.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * One asynchronous exchange of {@link McpServlet}: its answer (JSON or an event stream), and what
 * it holds until it completes: bytes of the message budget, a place among the open streams.
 */
final class HttpExchange implements AsyncListener {
  final HttpServletResponse response;
  private final AsyncContext async;
  private final Set<SseConnection> streams;
  private final Semaphore budget;
  private volatile int held;
  private volatile SseConnection stream;

  HttpExchange(
      HttpServletResponse response,
      AsyncContext async,
      Set<SseConnection> streams,
      Semaphore budget) {
    this.response = response;
    this.async = async;
    this.streams = streams;
    this.budget = budget;
    async.addListener(this);
  }

  /** Answers a JSON-RPC error of one sentence with this status. */
  static void error(HttpServletResponse response, int status, Object id, int code, String message)
      throws IOException {
    write(response, status, JsonRpc.error(id, code, message));
  }

  private static void write(HttpServletResponse response, int status, String json)
      throws IOException {
    byte[] body = StdioTransport.encode(json);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Keeps these bytes of the budget until the exchange completes. */
  void hold(int bytes) {
    held = bytes;
  }

  void answer(int status, String json) {
    try {
      write(response, status, json);
    } catch (IOException e) {
      ServerLog.LOG.debug("answer not sent: {}", e.toString());
    }
    complete();
  }

  void error(int status, Object id, int code, String message) {
    answer(status, JsonRpc.error(id, code, message));
  }

  void accepted() {
    response.setStatus(202);
    complete();
  }

  /** Refuses a body that came too slowly (408), too large (413) or with the budget spent (503). */
  void refuseBody(int status, Duration readTimeout) {
    response.setHeader("Connection", "close");
    String message =
        switch (status) {
          case 408 ->
              "Request timeout: the message did not arrive within "
                  + Durations.show(readTimeout)
                  + " (--read-timeout).";
          case 413 ->
              "Payload too large: the message is larger than "
                  + BodyReader.MAX_BODY_BYTES
                  + " bytes.";
          default -> "The server is busy with other large messages; send this one again shortly.";
        };
    if (status == 503) {
      response.setHeader("Retry-After", "1");
    }
    error(status, null, McpServlet.SERVER_ERROR, message);
  }

  /** Starts an event stream as the answer; null when the client has gone already. */
  SseConnection openStream() {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    try {
      response.flushBuffer();
      SseConnection opened = new SseConnection(async, response.getOutputStream());
      stream = opened;
      streams.add(opened);
      return opened;
    } catch (IOException e) {
      complete();
      return null;
    }
  }

  void complete() {
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // completed already
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    SseConnection s = stream;
    if (s != null) {
      streams.remove(s);
      s.gone();
    }
    int h = held;
    held = 0;
    if (h > 0) {
      budget.release(h);
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    complete();
  }

  @Override
  public void onError(AsyncEvent event) {
    SseConnection s = stream;
    if (s != null) {
      s.gone();
    } else {
      complete();
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // never restarted
  }
}
