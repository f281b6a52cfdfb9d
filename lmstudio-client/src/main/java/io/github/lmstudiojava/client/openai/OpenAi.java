package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamListener;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.SseEventStream;
import io.github.lmstudiojava.client.internal.SseStream;
import io.github.lmstudiojava.client.internal.SseStreamCall;
import io.github.lmstudiojava.client.internal.Transport;
import java.util.Objects;

/**
 * LM Studio's OpenAI-compatible endpoints ({@code /v1/models}, {@code /v1/chat/completions}, {@code
 * /v1/completions}, {@code /v1/embeddings}, {@code /v1/responses}). Reached through {@code
 * lms.openai()}.
 */
public final class OpenAi {
  private final Transport transport;
  private final Timeouts timeouts;

  /**
   * Creates the surface; use {@code LmStudio.openai()} instead.
   *
   * @param transport the client's transport
   * @param timeouts the client's limits
   * @hidden
   */
  public OpenAi(Transport transport, Timeouts timeouts) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
  }

  // Responses API: POST /v1/responses.

  /**
   * Sends one user text to a model and waits for the whole response ({@code POST /v1/responses}).
   *
   * @param model the model key
   * @param input the text
   * @return the response; {@link ResponseResult#text()} is the answer
   */
  public ResponseResult response(String model, String input) {
    return response(ResponseRequest.of(model, input));
  }

  /**
   * Sends a request to the Responses endpoint and waits for the whole response, at most {@link
   * Timeouts#call()}. Never retried. A response cut short by {@code max_output_tokens} is returned
   * with status {@code incomplete}.
   *
   * @param request the request
   * @return the response
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request
   */
  public ResponseResult response(ResponseRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body =
        transport.post(
            "v1/responses",
            ResponseRequestJson.write(request, false),
            timeoutsFor(request).call(),
            LmStudioTimeoutException.Kind.CALL);
    return ResponseJson.result(body, "POST /v1/responses");
  }

  /**
   * Starts a streamed response and returns once LM Studio accepted it; read the events on this
   * thread. The result is the response of {@code response.completed} (or {@code
   * response.incomplete}); {@code response.failed} and {@code error} events fail the stream with a
   * {@link io.github.lmstudiojava.client.LmStudioStreamException} holding the partial response.
   * Close the stream (try-with-resources) to cancel it early.
   *
   * @param request the request
   * @return the open stream
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request
   */
  public EventStream<ResponseEvent, ResponseResult> streamResponse(ResponseRequest request) {
    SseStream<ResponseEvent, ResponseResult> stream = newResponseStream(request);
    stream.open();
    return new SseEventStream<>(stream);
  }

  /**
   * Starts a streamed response in the background, pushing each event to {@code listener}.
   *
   * @param request the request
   * @param listener receives the events, on an HTTP client thread
   * @return a handle to cancel the call or wait for its result
   */
  public StreamCall<ResponseResult> streamResponse(
      ResponseRequest request, StreamListener<? super ResponseEvent> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return SseStreamCall.start(newResponseStream(request), listener);
  }

  private SseStream<ResponseEvent, ResponseResult> newResponseStream(ResponseRequest request) {
    Objects.requireNonNull(request, "request == null");
    Timeouts t = timeoutsFor(request);
    okhttp3.Request httpRequest =
        transport
            .request("v1/responses")
            .header("Accept", "text/event-stream")
            .post(Transport.jsonBody(ResponseRequestJson.write(request, true)))
            .build();
    return new SseStream<>(
        transport,
        transport.newCall(httpRequest, t.call()),
        t,
        new ResponseStreamProtocol("POST /v1/responses"));
  }

  private Timeouts timeoutsFor(ResponseRequest request) {
    return request.timeouts() != null ? request.timeouts() : timeouts;
  }
}
