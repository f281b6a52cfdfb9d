package io.github.lmstudiojava.client.openai;

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
}
