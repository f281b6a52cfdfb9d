/**
 * An unofficial, typed Java client for LM Studio's local server, starting from {@link
 * io.github.lmstudiojava.client.LmStudio}.
 *
 * <p>This package holds the front door and LM Studio's native REST API ({@code /api/v1}): model
 * management ({@link io.github.lmstudiojava.client.Models}), native chat ({@link
 * io.github.lmstudiojava.client.ChatRequest}, {@link io.github.lmstudiojava.client.ChatResult}),
 * its typed stream ({@link io.github.lmstudiojava.client.ChatEvent}, {@link
 * io.github.lmstudiojava.client.ChatStream}, {@link io.github.lmstudiojava.client.ChatCall}), the
 * stream shapes every surface shares ({@link io.github.lmstudiojava.client.EventStream}, {@link
 * io.github.lmstudiojava.client.StreamCall}), {@link io.github.lmstudiojava.client.JsonSchema} for
 * structured output, and the exceptions, all rooted at {@link
 * io.github.lmstudiojava.client.LmStudioException}. One wildcard import is enough in JShell:
 *
 * <pre>{@code
 * import io.github.lmstudiojava.client.*;
 * var lms = LmStudio.fromEnv();
 * lms.chat("qwen/qwen3-4b", "Why is the sky blue?").text();
 * }</pre>
 *
 * <p>The compatible surfaces live in {@code io.github.lmstudiojava.client.openai} ({@code
 * lms.openai()}), {@code io.github.lmstudiojava.client.anthropic} ({@code lms.anthropic()}) and
 * {@code io.github.lmstudiojava.client.legacy} ({@code lms.legacy()}).
 */
package io.github.lmstudiojava.client;
