package io.github.lmstudiojava.sessions;

import java.util.Objects;

/**
 * A tool call an assistant turn made, kept so the conversation can be replayed with it.
 *
 * @param id the call's id, answered by a {@link Role#TOOL} turn's {@link Turn#toolCallId()}
 * @param name the tool's name
 * @param arguments the arguments as JSON text
 */
public record ToolCall(String id, String name, String arguments) {
  /** Checks the values. */
  public ToolCall {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    arguments = arguments == null ? "{}" : arguments;
  }
}
