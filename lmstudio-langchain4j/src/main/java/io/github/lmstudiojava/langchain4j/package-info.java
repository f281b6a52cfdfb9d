/**
 * LangChain4j over lmstudio-java: {@link io.github.lmstudiojava.langchain4j.LmStudioChatModel} and
 * {@link io.github.lmstudiojava.langchain4j.LmStudioStreamingChatModel} (LM Studio's native chat
 * for one turn, with stats and reasoning; its OpenAI-compatible chat for histories, tools and JSON
 * schemas), {@link io.github.lmstudiojava.langchain4j.LmStudioEmbeddingModel}, and {@link
 * io.github.lmstudiojava.langchain4j.LmStudioChatMemoryStore}, which keeps chat memories in a
 * {@code SessionStore}.
 */
package io.github.lmstudiojava.langchain4j;
