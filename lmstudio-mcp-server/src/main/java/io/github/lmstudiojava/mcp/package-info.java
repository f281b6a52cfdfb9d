/**
 * An MCP server over {@code lmstudio-client} and {@code lmstudio-sessions}: tools to list, load,
 * unload and download models, ask a model once, hold stored multi-turn chats and embed text, plus
 * resources for the model list and chat transcripts, over stdio or Streamable HTTP.
 *
 * <p>Run it with {@link io.github.lmstudiojava.mcp.Main}; {@code --help} lists every flag and
 * environment variable.
 */
package io.github.lmstudiojava.mcp;
