package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Timeouts;
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

  private Timeouts timeoutsFor(ResponseRequest request) {
    return request.timeouts() != null ? request.timeouts() : timeouts;
  }
}
