package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.Transport;
import java.util.Objects;

/**
 * LM Studio's Anthropic-compatible endpoint ({@code /v1/messages}). Reached through {@code
 * lms.anthropic()}.
 */
public final class Anthropic {
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
}
