/**
 * LM Studio's Anthropic-compatible endpoint ({@code POST /v1/messages}), reached through {@code
 * lms.anthropic()}: messages with text, image, tool-use and tool-result blocks, tools, and the
 * typed event stream with an accumulator.
 *
 * <pre>{@code
 * import io.github.lmstudiojava.client.anthropic.*;
 * lms.anthropic().messages("qwen/qwen3-4b", "Hello").text();
 * }</pre>
 */
package io.github.lmstudiojava.client.anthropic;
