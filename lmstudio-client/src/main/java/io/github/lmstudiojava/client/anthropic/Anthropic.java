package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamListener;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.SseEventStream;
import io.github.lmstudiojava.client.internal.SseStream;
import io.github.lmstudiojava.client.internal.SseStreamCall;
import io.github.lmstudiojava.client.internal.Transport;
import java.io.InputStream;
import java.util.Objects;
import okhttp3.Request;
import okio.Okio;

/**
 * LM Studio's Anthropic-compatible endpoint ({@code POST /v1/messages}). Reached through {@code
 * lms.anthropic()}.
 *
 * <pre>{@code
 * lms.anthropic().messages("ibm/granite-4-micro", "Write a haiku about local LLMs.").text();
 *
 * try (EventStream<MessageStreamEvent, Message> s = lms.anthropic().streamMessages(request)) {
 *   for (MessageStreamEvent e : s) { ... }
 *   s.result().toolUses();
 * }
 * }</pre>
 *
 * <p>When the client has an API token, requests carry it twice, as {@code Authorization: Bearer}
 * and as Anthropic's {@code x-api-key} (LM Studio accepts either), plus {@code anthropic-version:
 * 2023-06-01}. Requests and events follow Anthropic's Messages API, which LM Studio's docs point
 * to.
 */
public final class Anthropic {
  /** The {@code anthropic-version} header sent with every request. */
  public static final String ANTHROPIC_VERSION = "2023-06-01";

  private static final String PATH = "v1/messages";
  private static final String WHAT = "POST /" + PATH;

  private final Transport transport;
  private final Timeouts timeouts;

  /**
   * Creates the surface; use {@code LmStudio.anthropic()} instead.
   *
   * @param transport the client's transport
   * @param timeouts the client's limits
   * @hidden
   */
  public Anthropic(Transport transport, Timeouts timeouts) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
  }

  /**
   * Sends one user text with {@link MessageRequest#DEFAULT_MAX_TOKENS} and waits for the answer.
   *
   * @param model the model key
   * @param text the user's text
   * @return the answer; {@link Message#text()} is its text
   */
  public Message messages(String model, String text) {
    return messages(MessageRequest.of(model, text));
  }

  /**
   * Sends a request and waits for the whole answer, at most {@link Timeouts#call()}. Never retried.
   *
   * @param request the request
   * @return the answer
   * @throws ModelNotFoundException when the model is unknown
   * @throws LmStudioHttpException when LM Studio refuses the request
   */
  public Message messages(MessageRequest request) {
    Objects.requireNonNull(request, "request == null");
    Timeouts t = timeoutsFor(request);
    Request http = request(AnthropicJson.request(request, false), "application/json");
    String body = transport.execute(http, t.call(), LmStudioTimeoutException.Kind.CALL, false);
    return AnthropicJson.message(body, WHAT);
  }

  /**
   * Starts a streamed answer and returns once LM Studio accepted it; read the events on this
   * thread. Close the stream (try-with-resources) to cancel it early.
   *
   * @param request the request
   * @return the open stream; its result is the rebuilt {@link Message}, and an {@code error} event,
   *     an early end or a broken connection fail it with a {@code LmStudioStreamException} that
   *     keeps what arrived
   * @throws ModelNotFoundException when the model is unknown
   * @throws LmStudioHttpException when LM Studio refuses the request
   */
  public EventStream<MessageStreamEvent, Message> streamMessages(MessageRequest request) {
    SseStream<MessageStreamEvent, Message> stream = newStream(request);
    stream.open();
    return new SseEventStream<>(stream);
  }

  /**
   * Starts a streamed answer in the background, pushing each event to {@code listener}.
   *
   * @param request the request
   * @param listener receives the events, on an HTTP client thread
   * @return a handle to cancel the call or wait for the rebuilt {@link Message}
   */
  public StreamCall<Message> streamMessages(
      MessageRequest request, StreamListener<? super MessageStreamEvent> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return SseStreamCall.start(newStream(request), listener);
  }

  /**
   * A stream over recorded server-sent events of a {@code /v1/messages} answer: the same events,
   * result and errors as a live stream, without a server.
   *
   * @param sse the recorded event stream; closed when the stream is closed or finished
   * @return the stream
   */
  public static EventStream<MessageStreamEvent, Message> replay(InputStream sse) {
    Objects.requireNonNull(sse, "sse == null");
    return new SseEventStream<>(
        SseStream.replay(
            Okio.buffer(Okio.source(sse)), new AnthropicStreamProtocol("a replayed stream")));
  }

  private SseStream<MessageStreamEvent, Message> newStream(MessageRequest request) {
    Objects.requireNonNull(request, "request == null");
    Timeouts t = timeoutsFor(request);
    Request http = request(AnthropicJson.request(request, true), "text/event-stream");
    return new SseStream<>(
        transport, transport.newCall(http, t.call()), t, new AnthropicStreamProtocol(WHAT));
  }

  /**
   * The request with Anthropic's headers. The transport already set the bearer token; the same
   * token goes into {@code x-api-key}, read back from that header so it is never held here.
   */
  private Request request(String json, String accept) {
    Request base =
        transport
            .request(PATH)
            .header("Accept", accept)
            .header("anthropic-version", ANTHROPIC_VERSION)
            .post(Transport.jsonBody(json))
            .build();
    String authorization = base.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return base;
    }
    return base.newBuilder()
        .header("x-api-key", authorization.substring("Bearer ".length()))
        .build();
  }

  private Timeouts timeoutsFor(MessageRequest request) {
    return request.timeouts() != null ? request.timeouts() : timeouts;
  }
}
