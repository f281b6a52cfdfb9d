/**
 * LM Studio's OpenAI-compatible endpoints, reached through {@code lms.openai()}: models, chat
 * completions (whole conversations, custom tools, JSON-schema output), text completions, embeddings
 * and the Responses API, each with typed streams; plus structured output into records and a
 * client-side {@link io.github.lmstudiojava.client.openai.ToolLoop} that runs Java functions as
 * tools.
 *
 * <pre>{@code
 * import io.github.lmstudiojava.client.openai.*;
 * lms.openai().chatCompletion("qwen/qwen3-4b", "Hi").text();
 * lms.openai().embed("text-embedding-nomic-embed-text-v1.5", "cat", "dog").vector(0);
 * }</pre>
 */
package io.github.lmstudiojava.client.openai;
