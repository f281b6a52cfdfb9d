package io.github.lmstudiojava.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A server at LM Studio's address that answers every request with one fault, switched by the test:
 * each of the MCP server's tools meets the same fault, whatever requests it makes.
 */
final class FaultyLmStudio implements AutoCloseable {
  /** What goes wrong on every request. */
  enum Fault {
    /** The connection is accepted, then closed before a byte of answer. */
    CLOSED_BEFORE_ANSWER,
    /** The headers arrive, then the connection closes in the middle of the body. */
    CUT_MID_ANSWER,
    /** The connection is accepted and nothing ever comes back. */
    NO_ANSWER,
    /** Another web server: an HTML page. */
    WEB_PAGE,
    /** LM Studio 0.4.18 with a token required and none sent. */
    TOKEN_REQUIRED,
    /** LM Studio 0.4.2 to 0.4.17 with a token required and none sent: an error with status 200. */
    ERROR_WITH_STATUS_200,
    /** A server error in LM Studio's native shape. */
    SERVER_ERROR,
    /** A plugin from mcp.json called without a token. */
    FORBIDDEN
  }

  private final MockWebServer server = new MockWebServer();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile Fault fault = Fault.CLOSED_BEFORE_ANSWER;

  FaultyLmStudio() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            received.add(request.getMethod() + " " + request.getUrl().encodedPath());
            return answer(fault, request);
          }
        });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  void fault(Fault fault) {
    this.fault = fault;
    received.clear();
  }

  /** {@code METHOD /path} of every request since the fault was set. */
  List<String> received() {
    return List.copyOf(received);
  }

  private static MockResponse answer(Fault fault, RecordedRequest request) {
    boolean stream =
        request.getBody() != null && request.getBody().utf8().contains("\"stream\":true");
    switch (fault) {
      case CLOSED_BEFORE_ANSWER:
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      case CUT_MID_ANSWER:
        return new MockResponse.Builder()
            .setHeader("Content-Type", stream ? "text/event-stream" : "application/json")
            .body(stream ? "event: chat.start\ndata: {\"type\":\"chat.start\"}\n\n" : "{\"mod")
            .onResponseBody(new SocketEffect.CloseSocket())
            .build();
      case NO_ANSWER:
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case WEB_PAGE:
        return json(404, "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>")
            .setHeader("Content-Type", "text/html")
            .build();
      case TOKEN_REQUIRED:
        return json(
                401,
                "{\"error\":{\"type\":\"invalid_request\",\"code\":\"invalid_api_key\","
                    + "\"message\":\"An LM Studio API token is required to make requests to this"
                    + " server.\"}}")
            .build();
      case ERROR_WITH_STATUS_200:
        return json(
                200,
                "{\"error\":\"Unexpected endpoint or method. ("
                    + request.getMethod()
                    + " "
                    + request.getUrl().encodedPath()
                    + "). Returning 200 anyway\"}")
            .build();
      case SERVER_ERROR:
        return json(500, "{\"error\":{\"type\":\"internal_error\",\"message\":\"boom\"}}").build();
      case FORBIDDEN:
        return json(
                403,
                "{\"error\":{\"type\":\"forbidden\",\"message\":\"Calling servers from mcp.json"
                    + " requires a token with that permission\"}}")
            .build();
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  private static MockResponse.Builder json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
