/**
 * Small runnable programs using lmstudio-java, each a template to copy: {@link
 * io.github.lmstudiojava.examples.Quickstart}, {@link
 * io.github.lmstudiojava.examples.StreamingChat}, {@link
 * io.github.lmstudiojava.examples.ModelLifecycle}, {@link
 * io.github.lmstudiojava.examples.McpIntegrations}, {@link
 * io.github.lmstudiojava.examples.PersistentChat}, {@link
 * io.github.lmstudiojava.examples.SemanticSearch}, {@link
 * io.github.lmstudiojava.examples.ToolCalling} and {@link
 * io.github.lmstudiojava.examples.StructuredOutput}. {@link
 * io.github.lmstudiojava.examples.Examples} runs any of them by name; {@link
 * io.github.lmstudiojava.examples.Cli} holds what they share.
 */
package io.github.lmstudiojava.examples;
