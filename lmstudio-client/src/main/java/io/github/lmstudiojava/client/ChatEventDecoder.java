package io.github.lmstudiojava.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import io.github.lmstudiojava.client.internal.Errors;
import io.github.lmstudiojava.client.internal.SseEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import okio.Buffer;

/**
 * Turns server-sent events of a native chat stream into {@link ChatEvent} records.
 *
 * <p>The SSE {@code event:} name picks the record; when a server leaves it out, the data's {@code
 * type} field does. Unknown names become {@link ChatEvent.Unknown}.
 */
final class ChatEventDecoder {
  private static final ChatEvent PROMPT_PROCESSING_START = new ChatEvent.PromptProcessingStart();
  private static final ChatEvent PROMPT_PROCESSING_END = new ChatEvent.PromptProcessingEnd();
  private static final ChatEvent REASONING_START = new ChatEvent.ReasoningStart();
  private static final ChatEvent REASONING_END = new ChatEvent.ReasoningEnd();
  private static final ChatEvent MESSAGE_START = new ChatEvent.MessageStart();
  private static final ChatEvent MESSAGE_END = new ChatEvent.MessageEnd();
  private static final JsonReader.Options TYPE_KEY = JsonReader.Options.of("type");
  private static final JsonReader.Options CONTENT_KEY = JsonReader.Options.of("content");

  private static final Map<String, JsonAdapter<? extends ChatEvent>> ADAPTERS = new HashMap<>();

  static {
    ADAPTERS.put("chat.start", NativeJson.MOSHI.adapter(ChatEvent.ChatStart.class));
    ADAPTERS.put("model_load.start", NativeJson.MOSHI.adapter(ChatEvent.ModelLoadStart.class));
    ADAPTERS.put(
        "model_load.progress", NativeJson.MOSHI.adapter(ChatEvent.ModelLoadProgress.class));
    ADAPTERS.put("model_load.end", NativeJson.MOSHI.adapter(ChatEvent.ModelLoadEnd.class));
    ADAPTERS.put(
        "prompt_processing.progress",
        NativeJson.MOSHI.adapter(ChatEvent.PromptProcessingProgress.class));
    ADAPTERS.put("tool_call.start", NativeJson.MOSHI.adapter(ChatEvent.ToolCallStart.class));
    ADAPTERS.put(
        "tool_call.arguments", NativeJson.MOSHI.adapter(ChatEvent.ToolCallArguments.class));
    ADAPTERS.put("tool_call.success", NativeJson.MOSHI.adapter(ChatEvent.ToolCallSuccess.class));
    ADAPTERS.put("tool_call.failure", NativeJson.MOSHI.adapter(ChatEvent.ToolCallFailure.class));
    ADAPTERS.put("chat.end", NativeJson.MOSHI.adapter(ChatEvent.ChatEnd.class));
  }

  private ChatEventDecoder() {}

  /**
   * Decodes one event.
   *
   * @param sse the raw event
   * @return the typed event
   * @throws JsonDataException or {@link IOException} when a known event's data is malformed
   */
  static ChatEvent decode(SseEvent sse) throws IOException {
    String name = sse.event();
    if (name == null || name.isEmpty() || name.equals("message")) {
      // "message" is the SSE default name, not LM Studio's; the data says the real type.
      name = typeOf(sse.data());
    }
    if (name == null) {
      return new ChatEvent.Unknown(null, sse.data());
    }
    switch (name) {
      case "message.delta":
        return new ChatEvent.MessageDelta(content(sse.data()));
      case "reasoning.delta":
        return new ChatEvent.ReasoningDelta(content(sse.data()));
      case "prompt_processing.start":
        return PROMPT_PROCESSING_START;
      case "prompt_processing.end":
        return PROMPT_PROCESSING_END;
      case "reasoning.start":
        return REASONING_START;
      case "reasoning.end":
        return REASONING_END;
      case "message.start":
        return MESSAGE_START;
      case "message.end":
        return MESSAGE_END;
      case "error":
        return new ChatEvent.Error(error(sse.data()));
      default:
        JsonAdapter<? extends ChatEvent> adapter = ADAPTERS.get(name);
        if (adapter == null) {
          return new ChatEvent.Unknown(name, sse.data());
        }
        ChatEvent event = adapter.fromJson(sse.data());
        if (event == null) {
          throw new JsonDataException(name + " event with null data");
        }
        if (event instanceof ChatEvent.ChatEnd && ((ChatEvent.ChatEnd) event).result() == null) {
          throw new JsonDataException("chat.end event without a result");
        }
        return event;
    }
  }

  /**
   * The {@code content} of a delta: the hot path of every stream, one call per token. A flat object
   * whose {@code content} is a string is read straight from the text; anything else goes through
   * Moshi's reader, which decides (and fails) as before.
   */
  static String content(String data) throws IOException {
    String content = flatContent(data);
    return content != null ? content : contentByReader(data);
  }

  /**
   * The string {@code content} of a JSON object without nested values, or null when the data has
   * another shape (nested values, a missing or non-string {@code content}, control characters in a
   * string, anything malformed): then the reader decides. A repeated {@code content} keeps its last
   * value, as the reader does.
   */
  static String flatContent(String data) {
    int n = data.length();
    int i = space(data, 0);
    if (i >= n || data.charAt(i) != '{') {
      return null;
    }
    i = space(data, i + 1);
    String content = null;
    boolean found = false;
    if (i < n && data.charAt(i) == '}') {
      return null;
    }
    while (true) {
      if (i >= n || data.charAt(i) != '"') {
        return null;
      }
      int keyEnd = i + 1;
      while (keyEnd < n && data.charAt(keyEnd) != '"') {
        if (data.charAt(keyEnd) == '\\') {
          return null;
        }
        keyEnd++;
      }
      if (keyEnd >= n) {
        return null;
      }
      boolean isContent = keyEnd - i - 1 == 7 && data.startsWith("content", i + 1);
      i = space(data, keyEnd + 1);
      if (i >= n || data.charAt(i) != ':') {
        return null;
      }
      i = space(data, i + 1);
      if (i >= n) {
        return null;
      }
      char c = data.charAt(i);
      if (c == '"') {
        int end = stringEnd(data, i);
        if (end < 0) {
          return null;
        }
        if (isContent) {
          content = unescape(data, i + 1, end);
          if (content == null) {
            return null;
          }
          found = true;
        }
        i = end + 1;
      } else if (isContent || c == '{' || c == '[') {
        return null;
      } else {
        int start = i;
        while (i < n && ",} \t\r\n".indexOf(data.charAt(i)) < 0) {
          i++;
        }
        if (!isLiteral(data, start, i)) {
          return null;
        }
      }
      i = space(data, i);
      if (i >= n) {
        return null;
      }
      if (data.charAt(i) == '}') {
        return found && space(data, i + 1) == n ? content : null;
      }
      if (data.charAt(i) != ',') {
        return null;
      }
      i = space(data, i + 1);
    }
  }

  /** Whether {@code s[from, to)} is true, false, null or a JSON number. */
  private static boolean isLiteral(String s, int from, int to) {
    String token = s.substring(from, to);
    if (token.equals("true") || token.equals("false") || token.equals("null")) {
      return true;
    }
    int i = from;
    if (i < to && s.charAt(i) == '-') {
      i++;
    }
    int digits = digits(s, i, to);
    if (digits == 0 || (digits > 1 && s.charAt(i) == '0')) {
      return false;
    }
    i += digits;
    if (i < to && s.charAt(i) == '.') {
      int fraction = digits(s, i + 1, to);
      if (fraction == 0) {
        return false;
      }
      i += 1 + fraction;
    }
    if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = digits(s, i, to);
      if (exponent == 0) {
        return false;
      }
      i += exponent;
    }
    return i == to;
  }

  private static int digits(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  private static int space(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * The index of the quote closing the string opened at {@code open}, or -1 when the string does
   * not end or holds a control character or a bad escape.
   */
  private static int stringEnd(String s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c == '\\') {
        if (++i >= s.length()) {
          return -1;
        }
        char e = s.charAt(i);
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            if (++i >= s.length() || hex(s.charAt(i)) < 0) {
              return -1;
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The value of an ASCII hex digit, or -1 (Character.digit takes other scripts' digits too). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  /** The string between two quotes, its escapes decoded; null for a bad escape. */
  private static String unescape(String s, int from, int to) {
    int slash = s.indexOf('\\', from);
    if (slash < 0 || slash >= to) {
      return s.substring(from, to);
    }
    StringBuilder b = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      char c = s.charAt(i++);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= to) {
        return null;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > to) {
            return null;
          }
          int value = 0;
          for (int k = 0; k < 4; k++) {
            int digit = hex(s.charAt(i++));
            if (digit < 0) {
              return null;
            }
            value = value * 16 + digit;
          }
          b.append((char) value);
        }
        default -> {
          return null;
        }
      }
    }
    return b.toString();
  }

  /** Reads {@code content} of a delta with Moshi's reader. */
  static String contentByReader(String data) throws IOException {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data))) {
      String content = null;
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(CONTENT_KEY) == 0 && reader.peek() == JsonReader.Token.STRING) {
          content = reader.nextString();
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      return content;
    }
  }

  private static String typeOf(String data) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data))) {
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(TYPE_KEY) == 0 && reader.peek() == JsonReader.Token.STRING) {
          return reader.nextString();
        }
        reader.skipName();
        reader.skipValue();
      }
      return null;
    } catch (IOException | JsonDataException e) {
      return null;
    }
  }

  private static StreamError error(String data) throws IOException {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data))) {
      StreamError error = null;
      reader.beginObject();
      while (reader.hasNext()) {
        String field = reader.nextName();
        if (field.equals("error") && reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
          error = Errors.readErrorObject(reader);
        } else if (field.equals("error") && reader.peek() == JsonReader.Token.STRING) {
          error = new StreamError("unknown", reader.nextString(), null, null);
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
      return error != null ? error : new StreamError("unknown", "no error details", null, null);
    }
  }
}
