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

  /** Reads {@code content} of a delta directly: the hot path of every stream. */
  private static String content(String data) throws IOException {
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
