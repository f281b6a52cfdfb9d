package io.github.lmstudiojava.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted answer or fault for one request to a {@link FakeLmStudio}, queued with {@link
 * FakeLmStudio#enqueue(FakeReply)} (the next request of any kind) or {@link
 * FakeLmStudio#enqueueChat(FakeReply)} (the next {@code POST /api/v1/chat}).
 *
 * <pre>{@code
 * fake.enqueue(FakeReply.status(503).withHeader("Retry-After", "1"));
 * fake.enqueueChat(FakeReply.cutAfter(4));        // the fake's own stream, dropped after 4 events
 * fake.enqueueChat(FakeReply.stallAfter(2));      // 2 events, then silence
 * fake.enqueue(FakeReply.reset());                 // TCP reset instead of an answer
 * fake.enqueue(FakeReply.noResponse());            // not even the headers
 * fake.enqueueChat(FakeReply.sse(new SseBody().chatStart("m").messageDelta("scripted")));
 * }</pre>
 *
 * <p>Immutable. The request is recorded whatever the reply.
 */
public final class FakeReply {
  /** What the reply does. */
  enum Kind {
    CONTENT,
    MALFORMED_JSON,
    CUT,
    STALL,
    DISCONNECT,
    RESET,
    NO_RESPONSE
  }

  private static final String MALFORMED = "{\"model_instance_id\":\"x\",\"output\":[{\"type\":";

  final Kind kind;
  final int status;
  final String contentType;
  final String body;
  final SseBody sse;
  final int afterEvents;
  final Map<String, String> headers;

  private FakeReply(
      Kind kind,
      int status,
      String contentType,
      String body,
      SseBody sse,
      int afterEvents,
      Map<String, String> headers) {
    this.kind = kind;
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.sse = sse;
    this.afterEvents = afterEvents;
    this.headers = Map.copyOf(headers);
  }

  private static FakeReply of(Kind kind, int status, String type, String body, SseBody sse, int n) {
    return new FakeReply(kind, status, type, body, sse, n, Map.of());
  }

  /**
   * A 200 answer with a JSON body.
   *
   * @param body the JSON text, sent as it is
   * @return the reply
   */
  public static FakeReply json(String body) {
    return json(200, body);
  }

  /**
   * An answer with a status and a JSON body.
   *
   * @param status the HTTP status
   * @param body the JSON text, sent as it is
   * @return the reply
   */
  public static FakeReply json(int status, String body) {
    Objects.requireNonNull(body, "body == null");
    return of(Kind.CONTENT, status, "application/json", body, null, 0);
  }

  /**
   * An answer with a status and an empty body, such as a 503 from a proxy.
   *
   * @param status the HTTP status
   * @return the reply
   */
  public static FakeReply status(int status) {
    return of(Kind.CONTENT, status, "text/plain", "", null, 0);
  }

  /**
   * An error answer in LM Studio's native shape: {@code {"error":{"type":..,"message":..}}}.
   *
   * @param status the HTTP status
   * @param type the error type, such as {@code invalid_request} or {@code model_not_found}
   * @param message the message
   * @return the reply
   */
  public static FakeReply error(int status, String type, String message) {
    return json(status, Json.error(type, message, null, null));
  }

  /**
   * A 200 event stream with these events, ending cleanly after the last one.
   *
   * @param body the events
   * @return the reply
   */
  public static FakeReply sse(SseBody body) {
    Objects.requireNonNull(body, "body == null");
    return of(Kind.CONTENT, 200, "text/event-stream", null, body, 0);
  }

  /**
   * A 200 answer whose JSON body is cut short, so it cannot be parsed.
   *
   * @return the reply
   */
  public static FakeReply malformedJson() {
    return of(Kind.MALFORMED_JSON, 200, "application/json", MALFORMED, null, 0);
  }

  /**
   * The fake's own answer, with the connection dropped after {@code events} events of a stream (or
   * half way through a JSON body), without {@code chat.end}.
   *
   * @param events how many events to send first; fewer than the stream has
   * @return the reply
   */
  public static FakeReply cutAfter(int events) {
    return of(Kind.CUT, 200, null, null, null, requireCount(events));
  }

  /**
   * These events, then the connection dropped although the response announced more bytes.
   *
   * @param sent the events sent before the cut
   * @return the reply
   */
  public static FakeReply cut(SseBody sent) {
    Objects.requireNonNull(sent, "sent == null");
    return of(Kind.CUT, 200, "text/event-stream", null, sent, sent.size());
  }

  /**
   * The fake's own answer, stalled after {@code events} events of a stream (or half a JSON body):
   * the connection stays open and silent until the client gives up or the fake is closed.
   *
   * @param events how many events to send first
   * @return the reply
   */
  public static FakeReply stallAfter(int events) {
    return of(Kind.STALL, 200, null, null, null, requireCount(events));
  }

  /**
   * These events, then silence with the connection open until the client gives up or the fake is
   * closed.
   *
   * @param sent the events sent before the stall
   * @return the reply
   */
  public static FakeReply stall(SseBody sent) {
    Objects.requireNonNull(sent, "sent == null");
    return of(Kind.STALL, 200, "text/event-stream", null, sent, sent.size());
  }

  /**
   * The connection closed once the request is read, before any response.
   *
   * @return the reply
   */
  public static FakeReply disconnect() {
    return of(Kind.DISCONNECT, 0, null, null, null, 0);
  }

  /**
   * The connection reset (a TCP RST, not an orderly close) once the request is read, before any
   * response: the client sees "Connection reset".
   *
   * @return the reply
   */
  public static FakeReply reset() {
    return of(Kind.RESET, 0, null, null, null, 0);
  }

  /**
   * No response at all, not even its headers: the request is read, then the connection stays open
   * and silent until the client gives up or the fake is closed.
   *
   * @return the reply
   */
  public static FakeReply noResponse() {
    return of(Kind.NO_RESPONSE, 0, null, null, null, 0);
  }

  /**
   * A copy that also sends a response header.
   *
   * @param name the header name, such as {@code Retry-After}
   * @param value its value
   * @return the copy
   */
  public FakeReply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value"));
    return new FakeReply(kind, status, contentType, body, sse, afterEvents, copy);
  }

  private static int requireCount(int events) {
    if (events < 0) {
      throw new IllegalArgumentException("events < 0: " + events);
    }
    return events;
  }

  /** Shows the kind of reply. */
  @Override
  public String toString() {
    return "FakeReply[" + kind + (status > 0 ? ", " + status : "") + "]";
  }
}
