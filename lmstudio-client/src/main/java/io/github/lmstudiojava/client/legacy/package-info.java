/**
 * LM Studio's legacy REST API ({@code /api/v0}), reached through {@code lms.legacy()}, where it
 * still tells more than {@code /api/v1}: model load state and runtime, and per-request stats.
 *
 * <pre>{@code
 * import io.github.lmstudiojava.client.legacy.*;
 * lms.legacy().models().forEach(m -> System.out.println(m.id() + " " + m.loadState()));
 * }</pre>
 */
package io.github.lmstudiojava.client.legacy;
