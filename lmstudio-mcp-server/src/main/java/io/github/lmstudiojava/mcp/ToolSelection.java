package io.github.lmstudiojava.mcp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tools this server offers, and which actions of {@code chat}: every one by default; {@code
 * --tools} names the tools to offer, and {@code --read-only} leaves out what changes LM Studio's
 * models or deletes stored chat history, from whatever {@code --tools} left.
 *
 * <p>A tool left out is not registered at all, so {@code tools/list} does not show it and a call to
 * it gets the very answer an unknown tool gets.
 *
 * @param tools the tools offered, in the order {@code tools/list} shows them; never empty
 * @param readOnly whether {@code --read-only} was given
 */
record ToolSelection(List<String> tools, boolean readOnly) {
  /** Every tool, in the order {@code tools/list} shows them. */
  static final List<String> ALL_TOOLS =
      List.of(
          "model_list",
          "model_load",
          "model_unload",
          "model_download",
          "model_download_status",
          "ask",
          "chat",
          "embed");

  /** The tools {@code --read-only} leaves out: they load, unload or download models. */
  static final List<String> CHANGING_TOOLS =
      List.of("model_load", "model_unload", "model_download");

  /** Every action of {@code chat}, in the order its schema lists them. */
  static final List<String> ALL_CHAT_ACTIONS =
      List.of("send", "reset", "history", "list", "delete");

  /** The actions of {@code chat} that {@code --read-only} leaves out: they erase stored turns. */
  static final List<String> CHANGING_CHAT_ACTIONS = List.of("reset", "delete");

  /** Every tool and every action: the server without {@code --tools} or {@code --read-only}. */
  static final ToolSelection ALL = new ToolSelection(ALL_TOOLS, false);

  ToolSelection {
    tools = List.copyOf(tools);
    if (tools.isEmpty()) {
      throw new IllegalArgumentException("tools is empty");
    }
    if (!ALL_TOOLS.containsAll(tools)) {
      throw new IllegalArgumentException("unknown tools in " + tools);
    }
    if (readOnly && tools.stream().anyMatch(CHANGING_TOOLS::contains)) {
      throw new IllegalArgumentException("read-only with " + tools);
    }
  }

  /**
   * The selection that {@code --tools} and {@code --read-only} ask for.
   *
   * @param list the comma-separated tool names of {@code --tools}; null for every tool
   * @param source where the list came from ({@code --tools} or its variable), for messages
   * @param readOnly whether to leave out the tools and chat actions that change things
   * @return the selection
   * @throws ConfigException when the list names an unknown tool or nothing is left to offer
   */
  static ToolSelection parse(String list, String source, boolean readOnly) {
    Set<String> named = new LinkedHashSet<>();
    if (list != null) {
      if (list.isBlank()) {
        throw new ConfigException(source + ": name at least one tool; " + valid());
      }
      for (String part : list.split(",", -1)) {
        String name = part.strip();
        if (name.isEmpty()) {
          throw new ConfigException(
              source + ": \"" + ServerLog.oneLine(list) + "\" has an empty name; " + valid());
        }
        if (!ALL_TOOLS.contains(name)) {
          throw new ConfigException(
              source + ": no tool \"" + ServerLog.oneLine(name) + "\"; " + valid());
        }
        named.add(name);
      }
    }
    List<String> offered = new ArrayList<>();
    for (String tool : ALL_TOOLS) {
      if ((list == null || named.contains(tool)) && !(readOnly && CHANGING_TOOLS.contains(tool))) {
        offered.add(tool);
      }
    }
    if (offered.isEmpty()) {
      throw new ConfigException(
          source
              + ": "
              + String.join(",", named)
              + " leaves no tool with --read-only, which leaves out "
              + String.join(", ", CHANGING_TOOLS));
    }
    return new ToolSelection(offered, readOnly);
  }

  private static String valid() {
    return "the tools are " + String.join(", ", ALL_TOOLS);
  }

  /** Whether this server offers the tool. */
  boolean offers(String tool) {
    return tools.contains(tool);
  }

  /** The actions {@code chat} offers, in the order its schema lists them. */
  List<String> chatActions() {
    return readOnly
        ? ALL_CHAT_ACTIONS.stream().filter(a -> !CHANGING_CHAT_ACTIONS.contains(a)).toList()
        : ALL_CHAT_ACTIONS;
  }

  /** Whether every tool and every action is offered. */
  boolean isAll() {
    return !readOnly && tools.equals(ALL_TOOLS);
  }

  /** The selection as the start-up log and the configuration show it. */
  @Override
  public String toString() {
    return isAll() ? "all" : (readOnly ? "read-only " : "") + String.join(",", tools);
  }
}
