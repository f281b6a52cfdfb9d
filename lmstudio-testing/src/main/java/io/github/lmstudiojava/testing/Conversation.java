package io.github.lmstudiojava.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the fake model reads from a compatible request's history: the last user text, the images
 * sent with it, the tool results that end the history (the model then reports them), and all the
 * text, to count prompt tokens.
 *
 * @param userText the last user message's text, joined with newlines
 * @param images how many images that message holds
 * @param toolResults the results of the tool messages that end the history; empty otherwise
 * @param promptText every message's text, joined with newlines
 */
record Conversation(String userText, int images, List<String> toolResults, String promptText) {

  /** The answer: {@code You said: <text>}, or the tool results when the history ends with them. */
  String answer() {
    if (!toolResults.isEmpty()) {
      return "The tool returned: " + String.join("; ", toolResults);
    }
    String counted = FakeChat.counting(userText);
    if (counted != null) {
      return counted;
    }
    String answer = "You said: " + userText;
    if (images > 0) {
      answer += " (with " + images + (images == 1 ? " image)" : " images)");
    }
    return answer;
  }

  /** Reads OpenAI chat {@code messages}: {@code content} a string or text/image parts. */
  @SuppressWarnings("unchecked")
  static Conversation ofChatMessages(Object messages) {
    List<Map<String, Object>> list = objects(messages, "messages");
    if (list.isEmpty()) {
      throw Params.invalid("\"messages\" must not be empty", "invalid_value", "messages");
    }
    Builder b = new Builder();
    for (Map<String, Object> message : list) {
      String role = Params.requiredString(message, "role");
      Object content = message.get("content");
      int[] images = new int[1];
      String text = content == null ? "" : text(content, "text", images);
      b.prompt.add(text);
      b.add(role, text, images[0], role.equals("tool"));
    }
    return b.build();
  }

  /** Reads Anthropic {@code messages} and {@code system}, with tool_result blocks. */
  @SuppressWarnings("unchecked")
  static Conversation ofAnthropic(Object messages, Object system) {
    Builder b = new Builder();
    if (system != null) {
      b.prompt.add(text(system, "text", new int[1]));
    }
    List<Map<String, Object>> list = objects(messages, "messages");
    if (list.isEmpty()) {
      throw Params.invalid("messages: at least one message is required", null, "messages");
    }
    for (Map<String, Object> message : list) {
      String role = Params.requiredString(message, "role");
      Object content = message.get("content");
      List<String> results = new ArrayList<>();
      if (content instanceof List) {
        for (Object block : (List<Object>) content) {
          if (block instanceof Map
              && "tool_result".equals(((Map<String, Object>) block).get("type"))) {
            Object result = ((Map<String, Object>) block).get("content");
            results.add(result == null ? "" : text(result, "text", new int[1]));
          }
        }
      }
      int[] images = new int[1];
      String text = content == null ? "" : text(content, "text", images);
      b.prompt.add(text);
      b.prompt.addAll(results);
      if (results.isEmpty()) {
        b.add(role, text, images[0], false);
      } else {
        for (String result : results) {
          b.add("tool", result, 0, true);
        }
      }
    }
    return b.build();
  }

  /** Reads a Responses {@code input}: a string, or messages and function_call_output items. */
  @SuppressWarnings("unchecked")
  static Conversation ofResponsesInput(Object input, String instructions) {
    Builder b = new Builder();
    if (instructions != null) {
      b.prompt.add(instructions);
    }
    if (input instanceof String) {
      b.prompt.add((String) input);
      b.add("user", (String) input, 0, false);
      return b.build();
    }
    for (Map<String, Object> item : objects(input, "input")) {
      Object type = item.get("type");
      if ("function_call_output".equals(type)) {
        String output = String.valueOf(item.get("output"));
        b.prompt.add(output);
        b.add("tool", output, 0, true);
      } else if (type == null || "message".equals(type)) {
        int[] images = new int[1];
        Object content = item.get("content");
        String text = content == null ? "" : text(content, "input_text", images);
        b.prompt.add(text);
        b.add(Params.requiredString(item, "role"), text, images[0], false);
      } else if ("function_call".equals(type)) {
        b.prompt.add(String.valueOf(item.get("arguments")));
      } else {
        b.prompt.add(Json.write(item));
      }
    }
    return b.build();
  }

  /** The text of a content value: a string, or the text of its text-like parts. */
  @SuppressWarnings("unchecked")
  private static String text(Object content, String textType, int[] images) {
    if (content instanceof String) {
      return (String) content;
    }
    if (!(content instanceof List)) {
      throw Params.invalid("\"content\" must be a string or an array", "invalid_type", "content");
    }
    List<String> texts = new ArrayList<>();
    for (Object part : (List<Object>) content) {
      if (!(part instanceof Map)) {
        throw Params.invalid("content parts must be objects", "invalid_type", "content");
      }
      Map<String, Object> map = (Map<String, Object>) part;
      String type = String.valueOf(map.get("type"));
      if (type.equals(textType) || type.equals("text") || type.equals("output_text")) {
        texts.add(String.valueOf(map.get("text")));
      } else if (type.contains("image")) {
        images[0]++;
      }
    }
    return String.join("\n", texts);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object value, String name) {
    if (!(value instanceof List)) {
      throw Params.invalid("\"" + name + "\" must be an array", "invalid_type", name);
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object item : (List<Object>) value) {
      if (!(item instanceof Map)) {
        throw Params.invalid("\"" + name + "\" items must be objects", "invalid_type", name);
      }
      objects.add((Map<String, Object>) item);
    }
    return objects;
  }

  /** Collects messages in order; tool results count only while they end the history. */
  private static final class Builder {
    final List<String> prompt = new ArrayList<>();
    final List<String> toolResults = new ArrayList<>();
    String userText = "";
    int images;

    void add(String role, String text, int images, boolean toolResult) {
      if (toolResult) {
        toolResults.add(text);
        return;
      }
      toolResults.clear();
      if (role.equals("user")) {
        userText = text;
        this.images = images;
      }
    }

    Conversation build() {
      return new Conversation(
          userText, images, List.copyOf(toolResults), String.join("\n", prompt));
    }
  }
}
