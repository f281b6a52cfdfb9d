package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.internal.JsonBodies;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import io.github.lmstudiojava.client.internal.RecordAdapter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Reading the JSON of the chat completion, completion, model and embedding endpoints, and the
 * free-form JSON (schemas, tool arguments) their values carry.
 */
final class ChatCompletionJson {
  static final Moshi MOSHI =
      new Moshi.Builder()
          .add(JsonValueAdapter.FACTORY)
          .add(FloatArrayAdapter.FACTORY)
          .add(MessageAdapter.FACTORY)
          .add(RecordAdapter.FACTORY)
          .build();

  static final JsonAdapter<ChatCompletion> CHAT_COMPLETION = MOSHI.adapter(ChatCompletion.class);
  static final JsonAdapter<ChatCompletionChunk> CHUNK = MOSHI.adapter(ChatCompletionChunk.class);
  static final JsonAdapter<Completion> COMPLETION = MOSHI.adapter(Completion.class);
  static final JsonAdapter<CompletionUsage> USAGE = MOSHI.adapter(CompletionUsage.class);
  static final JsonAdapter<float[]> FLOATS = MOSHI.adapter(float[].class);
  private static final JsonAdapter<List<OpenAiModel>> MODELS =
      MOSHI.adapter(Types.newParameterizedType(List.class, OpenAiModel.class));
  private static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class);

  private ChatCompletionJson() {}

  static <T> T read(JsonAdapter<T> adapter, String body, String what) {
    return JsonBodies.read(adapter, body, what);
  }

  static LmStudioProtocolException unreadable(String what, Exception e) {
    return JsonBodies.unreadable(what, e);
  }

  /** The {@code data} array of {@code GET /v1/models}. */
  static List<OpenAiModel> models(String body, String what) {
    return JsonBodies.array(MODELS, body, "data", what);
  }

  static String toJson(Map<String, ?> value) {
    return TREE.toJson(value);
  }

  /** Checks that a text is one JSON object, for schemas given as text. */
  static void requireObject(String json, String name) {
    Object tree;
    try {
      tree = parse(json);
    } catch (IOException | JsonDataException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof Map)) {
      throw new IllegalArgumentException(name + " is not a JSON object: " + json);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> argumentsMap(String function, String arguments) {
    if (arguments.isBlank()) {
      return Map.of();
    }
    Object tree;
    try {
      tree = parse(arguments);
    } catch (IOException | JsonDataException e) {
      throw badArguments(function, arguments, e);
    }
    if (!(tree instanceof Map)) {
      throw badArguments(function, arguments, null);
    }
    return (Map<String, Object>) tree;
  }

  private static LmStudioProtocolException badArguments(
      String function, String arguments, Exception cause) {
    String shown = arguments.length() > 200 ? arguments.substring(0, 200) + "..." : arguments;
    return new LmStudioProtocolException(
        "The model's arguments for " + function + " are not a JSON object: " + shown, cause);
  }

  /** Parses one JSON value and refuses anything after it. */
  private static Object parse(String json) throws IOException {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      Object tree = TREE.fromJson(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonDataException("more data after the value at " + reader.getPath());
      }
      return tree;
    }
  }

  /**
   * Reads a message ({@link ChatCompletion.Message}) or delta ({@link ChatCompletionChunk.Delta}),
   * whose reasoning LM Studio names {@code reasoning} or, in some versions and settings, {@code
   * reasoning_content}; the first one present wins.
   */
  static final class MessageAdapter extends JsonAdapter<Object> {
    static final JsonAdapter.Factory FACTORY =
        (type, annotations, moshi) -> {
          if (!annotations.isEmpty()) {
            return null;
          }
          if (type == ChatCompletion.Message.class) {
            return new MessageAdapter(moshi, ChatToolCall.class, false);
          }
          if (type == ChatCompletionChunk.Delta.class) {
            return new MessageAdapter(moshi, ChatCompletionChunk.ToolCallDelta.class, true);
          }
          return null;
        };

    private static final JsonReader.Options NAMES =
        JsonReader.Options.of("role", "content", "reasoning", "reasoning_content", "tool_calls");

    private final JsonAdapter<List<Object>> toolCalls;
    private final boolean delta;

    private MessageAdapter(Moshi moshi, Type toolCallType, boolean delta) {
      this.toolCalls = moshi.adapter(Types.newParameterizedType(List.class, toolCallType));
      this.delta = delta;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object fromJson(JsonReader reader) throws IOException {
      if (reader.peek() == JsonReader.Token.NULL) {
        return reader.nextNull();
      }
      String role = null;
      String content = null;
      String reasoning = null;
      List<Object> calls = null;
      reader.beginObject();
      while (reader.hasNext()) {
        int name = reader.selectName(NAMES);
        if (name < 0) {
          reader.skipName();
          reader.skipValue();
        } else if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue();
        } else if (name == 0) {
          role = reader.nextString();
        } else if (name == 1) {
          content = reader.nextString();
        } else if (name == 2 || name == 3) {
          String value = reader.nextString();
          reasoning = reasoning == null ? value : reasoning;
        } else {
          calls = toolCalls.fromJson(reader);
        }
      }
      reader.endObject();
      List<?> list = calls == null ? List.of() : new ArrayList<>(calls);
      if (delta) {
        return new ChatCompletionChunk.Delta(
            role, content, reasoning, (List<ChatCompletionChunk.ToolCallDelta>) list);
      }
      return new ChatCompletion.Message(role, content, reasoning, (List<ChatToolCall>) list);
    }

    @Override
    public void toJson(JsonWriter writer, Object value) {
      throw new UnsupportedOperationException("messages are read, not written, here");
    }
  }
}
