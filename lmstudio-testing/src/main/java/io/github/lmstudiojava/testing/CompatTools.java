package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The function tools a compatible request offers, and which of them the fake model calls.
 *
 * <p>The model calls every offered tool whose name the user text mentions (case-insensitively, as
 * written, with {@code _} and {@code -} read as spaces, or by a word of the name of four letters or
 * more), in the order offered, as parallel calls. A required choice ({@code "required"},
 * Anthropic's {@code any}) calls the mentioned tools or else the first one; a named choice calls
 * that tool; {@code none}, or a history ending with tool results, calls nothing. Arguments come
 * from {@link SchemaValues}.
 */
final class CompatTools {
  /** Argument JSON is streamed in fragments of this many characters. */
  static final int FRAGMENT = 8;

  /** An offered tool. */
  record Tool(String name, Map<String, Object> schema) {}

  /** A call the model makes: the tool and its arguments. */
  record Call(String name, Object input) {
    /** The arguments as JSON text. */
    String arguments() {
      return Json.write(input);
    }
  }

  /** How the request lets the model choose. */
  enum Mode {
    NONE,
    AUTO,
    REQUIRED,
    NAMED
  }

  private final List<Tool> tools;
  private final Mode mode;
  private final String named;

  private CompatTools(List<Tool> tools, Mode mode, String named) {
    this.tools = tools;
    this.mode = mode;
    this.named = named;
    if (mode == Mode.NAMED && tools.stream().noneMatch(t -> t.name().equals(named))) {
      throw Params.invalid(
          "\"tool_choice\" names \"" + named + "\", which is not among the tools",
          "invalid_value",
          "tool_choice");
    }
  }

  /**
   * Reads OpenAI function tools: {@code {"type":"function","function":{"name","parameters"}}} for
   * chat completions ({@code nested}), {@code {"type":"function","name","parameters"}} for
   * Responses. Tools of other types are skipped.
   */
  @SuppressWarnings("unchecked")
  static CompatTools openAi(Object tools, Object choice, boolean nested) {
    List<Tool> offered = new ArrayList<>();
    for (Map<String, Object> tool : list(tools)) {
      if (!"function".equals(tool.get("type"))) {
        continue;
      }
      Map<String, Object> function = tool;
      if (nested) {
        if (!(tool.get("function") instanceof Map)) {
          throw Params.invalid(
              "function tools need a \"function\" object", "invalid_type", "tools");
        }
        function = (Map<String, Object>) tool.get("function");
      }
      offered.add(
          new Tool(Params.requiredString(function, "name"), schema(function, "parameters")));
    }
    if (choice == null || "auto".equals(choice)) {
      return new CompatTools(offered, Mode.AUTO, null);
    }
    if ("none".equals(choice)) {
      return new CompatTools(offered, Mode.NONE, null);
    }
    if ("required".equals(choice)) {
      return new CompatTools(offered, Mode.REQUIRED, null);
    }
    if (choice instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) choice;
      Object function = map.get("function");
      Object name = function instanceof Map ? ((Map<String, Object>) function).get("name") : null;
      name = name != null ? name : map.get("name");
      if (name instanceof String) {
        return new CompatTools(offered, Mode.NAMED, (String) name);
      }
    }
    throw Params.invalid(
        "\"tool_choice\" must be \"none\", \"auto\", \"required\" or name a function",
        "invalid_value",
        "tool_choice");
  }

  /** Reads Anthropic tools ({@code name}, {@code input_schema}) and {@code tool_choice}. */
  @SuppressWarnings("unchecked")
  static CompatTools anthropic(Object tools, Object choice) {
    List<Tool> offered = new ArrayList<>();
    for (Map<String, Object> tool : list(tools)) {
      offered.add(new Tool(Params.requiredString(tool, "name"), schema(tool, "input_schema")));
    }
    if (choice == null) {
      return new CompatTools(offered, Mode.AUTO, null);
    }
    if (!(choice instanceof Map)) {
      throw Params.invalid("tool_choice: must be an object", "invalid_type", "tool_choice");
    }
    Map<String, Object> map = (Map<String, Object>) choice;
    switch (String.valueOf(map.get("type"))) {
      case "auto":
        return new CompatTools(offered, Mode.AUTO, null);
      case "any":
        return new CompatTools(offered, Mode.REQUIRED, null);
      case "none":
        return new CompatTools(offered, Mode.NONE, null);
      case "tool":
        return new CompatTools(offered, Mode.NAMED, Params.requiredString(map, "name"));
      default:
        throw Params.invalid(
            "tool_choice.type: must be auto, any, tool or none", "invalid_value", "tool_choice");
    }
  }

  /** The calls the model makes for this user text; empty when it answers with text. */
  List<Call> calls(Conversation conversation) {
    if (tools.isEmpty() || mode == Mode.NONE || !conversation.toolResults().isEmpty()) {
      return List.of();
    }
    List<Tool> chosen = new ArrayList<>();
    if (mode == Mode.NAMED) {
      tools.stream().filter(t -> t.name().equals(named)).findFirst().ifPresent(chosen::add);
    } else {
      String text = conversation.userText().toLowerCase(Locale.ROOT);
      for (Tool tool : tools) {
        if (mentioned(tool.name().toLowerCase(Locale.ROOT), text)) {
          chosen.add(tool);
        }
      }
      if (chosen.isEmpty() && mode == Mode.REQUIRED) {
        chosen.add(tools.get(0));
      }
    }
    List<Call> calls = new ArrayList<>();
    for (Tool tool : chosen) {
      calls.add(new Call(tool.name(), SchemaValues.generate(tool.schema())));
    }
    return calls;
  }

  /**
   * Whether the text names the tool: as written, with {@code _} and {@code -} read as spaces, or by
   * one of the name's words of four letters or more ({@code search_products} for "which products
   * ...").
   */
  private static boolean mentioned(String name, String text) {
    if (text.contains(name) || text.contains(name.replace('_', ' ').replace('-', ' '))) {
      return true;
    }
    List<String> words = Arrays.asList(text.split("[^\\p{L}\\p{N}]+"));
    for (String word : name.split("[^\\p{L}\\p{N}]+")) {
      if (word.length() >= 4 && words.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Splits argument JSON into the fragments a stream sends; joined they give it back. */
  static List<String> fragments(String json) {
    List<String> fragments = new ArrayList<>();
    for (int i = 0; i < json.length(); i += FRAGMENT) {
      fragments.add(json.substring(i, Math.min(json.length(), i + FRAGMENT)));
    }
    return fragments;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schema(Map<String, Object> tool, String name) {
    Object schema = tool.get(name);
    if (schema != null && !(schema instanceof Map)) {
      throw Params.invalid("\"" + name + "\" must be an object", "invalid_type", name);
    }
    return (Map<String, Object>) schema;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object tools) {
    List<Map<String, Object>> list = new ArrayList<>();
    if (tools == null) {
      return list;
    }
    if (!(tools instanceof List)) {
      throw Params.invalid("\"tools\" must be an array", "invalid_type", "tools");
    }
    for (Object tool : (List<Object>) tools) {
      if (!(tool instanceof Map)) {
        throw Params.invalid("\"tools\" items must be objects", "invalid_type", "tools");
      }
      list.add((Map<String, Object>) tool);
    }
    return list;
  }
}
