package io.github.lmstudiojava.client.legacy;

import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.Transport;
import java.util.Objects;

/**
 * LM Studio's legacy REST API ({@code /api/v0/*}): model state, runtime and per-request stats.
 * Reached through {@code lms.legacy()}.
 */
public final class Legacy {
  private final Transport transport;
  private final Timeouts timeouts;

  /**
   * Creates the surface; use {@code LmStudio.legacy()} instead.
   *
   * @param transport the client's transport
   * @param timeouts the client's limits
   * @hidden
   */
  public Legacy(Transport transport, Timeouts timeouts) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
  }
}
