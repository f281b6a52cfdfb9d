package io.github.lmstudiojava.client;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.client.internal.JsonBodies;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import io.github.lmstudiojava.client.internal.RecordAdapter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * JSON of the native API: Moshi adapters for responses and events, hand-written writers for
 * requests (so absent options are left out and no client-side field leaks onto the wire).
 */
final class NativeJson {
  static final Moshi MOSHI =
      new Moshi.Builder()
          .add(JsonValueAdapter.FACTORY)
          .add(OutputItemAdapter.FACTORY)
          .add(RecordAdapter.FACTORY)
          .build();

  private static final JsonAdapter<List<Model>> MODELS =
      MOSHI.adapter(Types.newParameterizedType(List.class, Model.class));
  private static final JsonAdapter<InstanceConfig> INSTANCE_CONFIG =
      MOSHI.adapter(InstanceConfig.class);
  private static final JsonReader.Options LOAD_KEYS =
      JsonReader.Options.of("type", "instance_id", "load_time_seconds", "status", "load_config");
  private static final JsonAdapter<DownloadStatus> DOWNLOAD_STATUS =
      MOSHI.adapter(DownloadStatus.class);
  private static final JsonAdapter<ChatResult> CHAT_RESULT = MOSHI.adapter(ChatResult.class);
  private static final JsonReader.Options INSTANCE_ID_KEY = JsonReader.Options.of("instance_id");
  private static final JsonReader.Options TYPE_KEY = JsonReader.Options.of("type");

  private NativeJson() {}

  static List<Model> models(String body, String what) {
    return JsonBodies.array(MODELS, body, "models", what);
  }

  static String unloadedInstance(String body, String what) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      String id = null;
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(INSTANCE_ID_KEY) == 0) {
          id = reader.nextString();
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      if (id == null) {
        throw new JsonDataException("no \"instance_id\"");
      }
      return id;
    } catch (IOException | JsonDataException e) {
      throw unreadable(what, e);
    }
  }

  /** The answer of {@code POST /api/v1/models/load}; unknown keys are skipped. */
  static LoadResult loadResult(String body, String what) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      String type = null;
      String instanceId = null;
      Double seconds = null;
      String status = null;
      InstanceConfig config = null;
      reader.beginObject();
      while (reader.hasNext()) {
        int key = reader.selectName(LOAD_KEYS);
        if (key < 0) {
          reader.skipName();
          reader.skipValue();
        } else if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue();
        } else {
          switch (key) {
            case 0 -> type = reader.nextString();
            case 1 -> instanceId = reader.nextString();
            case 2 -> seconds = reader.nextDouble();
            case 3 -> status = reader.nextString();
            default -> config = INSTANCE_CONFIG.fromJson(reader);
          }
        }
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new JsonDataException("more than one JSON value");
      }
      return new LoadResult(type, instanceId, seconds, status, config);
    } catch (IOException | JsonDataException | IllegalArgumentException e) {
      throw unreadable(what, e);
    }
  }

  static DownloadStatus downloadStatus(String body, String what) {
    return read(DOWNLOAD_STATUS, body, what);
  }

  static ChatResult chatResult(String body, String what) {
    return read(CHAT_RESULT, body, what);
  }

  static <T> T read(JsonAdapter<T> adapter, String body, String what) {
    return JsonBodies.read(adapter, body, what);
  }

  static LmStudioProtocolException unreadable(String what, Exception e) {
    return JsonBodies.unreadable(what, e);
  }

  static String loadRequest(LoadRequest r) {
    return write(
        w -> {
          w.name("model").value(r.model());
          optional(w, "context_length", r.contextLength());
          optional(w, "eval_batch_size", r.evalBatchSize());
          optional(w, "flash_attention", r.flashAttention());
          optional(w, "num_experts", r.numExperts());
          optional(w, "offload_kv_cache_to_gpu", r.offloadKvCacheToGpu());
          optional(w, "echo_load_config", r.echoLoadConfig());
        });
  }

  static String unloadRequest(String instanceId) {
    return write(w -> w.name("instance_id").value(instanceId));
  }

  static String downloadRequest(String model, String quantization) {
    return write(
        w -> {
          w.name("model").value(model);
          if (quantization != null) {
            w.name("quantization").value(quantization);
          }
        });
  }

  static String chatRequest(ChatRequest r, boolean stream) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("input");
          writeInput(w, r.input());
          if (r.systemPrompt() != null) {
            w.name("system_prompt").value(r.systemPrompt());
          }
          if (!r.integrations().isEmpty()) {
            w.name("integrations").beginArray();
            for (Integration integration : r.integrations()) {
              writeIntegration(w, integration);
            }
            w.endArray();
          }
          if (stream) {
            w.name("stream").value(true);
          }
          optional(w, "temperature", r.temperature());
          optional(w, "top_p", r.topP());
          optional(w, "top_k", r.topK());
          optional(w, "min_p", r.minP());
          optional(w, "repeat_penalty", r.repeatPenalty());
          optional(w, "max_output_tokens", r.maxOutputTokens());
          if (r.reasoning() != null) {
            w.name("reasoning").value(r.reasoning().wireName());
          }
          optional(w, "context_length", r.contextLength());
          optional(w, "store", r.store());
          if (r.previousResponseId() != null) {
            w.name("previous_response_id").value(r.previousResponseId());
          }
        });
  }

  private static void writeInput(JsonWriter w, List<InputItem> input) throws IOException {
    if (input.size() == 1 && input.get(0) instanceof InputItem.Text) {
      w.value(((InputItem.Text) input.get(0)).content());
      return;
    }
    w.beginArray();
    for (InputItem item : input) {
      w.beginObject();
      if (item instanceof InputItem.Text) {
        // The reference names this item type "message" in its field table but "text" in its
        // worked example; the example is what LM Studio was shown to accept, so we send "text".
        w.name("type").value("text");
        w.name("content").value(((InputItem.Text) item).content());
      } else {
        w.name("type").value("image");
        w.name("data_url").value(((InputItem.Image) item).dataUrl());
      }
      w.endObject();
    }
    w.endArray();
  }

  private static void writeIntegration(JsonWriter w, Integration integration) throws IOException {
    if (integration instanceof Integration.Plugin) {
      Integration.Plugin plugin = (Integration.Plugin) integration;
      if (plugin.allowedTools().isEmpty()) {
        w.value(plugin.id());
        return;
      }
      w.beginObject();
      w.name("type").value("plugin");
      w.name("id").value(plugin.id());
      writeStrings(w, "allowed_tools", plugin.allowedTools());
      w.endObject();
      return;
    }
    Integration.EphemeralMcp mcp = (Integration.EphemeralMcp) integration;
    w.beginObject();
    w.name("type").value("ephemeral_mcp");
    w.name("server_label").value(mcp.serverLabel());
    w.name("server_url").value(mcp.serverUrl());
    if (!mcp.allowedTools().isEmpty()) {
      writeStrings(w, "allowed_tools", mcp.allowedTools());
    }
    if (!mcp.headers().isEmpty()) {
      w.name("headers").beginObject();
      for (Map.Entry<String, String> header : mcp.headers().entrySet()) {
        w.name(header.getKey()).value(header.getValue());
      }
      w.endObject();
    }
    w.endObject();
  }

  private static void writeStrings(JsonWriter w, String name, List<String> values)
      throws IOException {
    w.name(name).beginArray();
    for (String value : values) {
      w.value(value);
    }
    w.endArray();
  }

  private static void optional(JsonWriter w, String name, Number value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  private static void optional(JsonWriter w, String name, Boolean value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  private static String write(JsonBodies.ObjectBody body) {
    return JsonBodies.object(body);
  }

  /** Reads and writes {@link OutputItem}s by their {@code type} field. */
  static final class OutputItemAdapter extends JsonAdapter<OutputItem> {
    static final JsonAdapter.Factory FACTORY =
        (type, annotations, moshi) ->
            type == OutputItem.class && annotations.isEmpty() ? new OutputItemAdapter(moshi) : null;

    private final JsonAdapter<OutputItem.Message> message;
    private final JsonAdapter<OutputItem.Reasoning> reasoning;
    private final JsonAdapter<OutputItem.ToolCall> toolCall;
    private final JsonAdapter<OutputItem.InvalidToolCall> invalidToolCall;
    private final JsonAdapter<Object> raw;

    private OutputItemAdapter(Moshi moshi) {
      message = moshi.adapter(OutputItem.Message.class);
      reasoning = moshi.adapter(OutputItem.Reasoning.class);
      toolCall = moshi.adapter(OutputItem.ToolCall.class);
      invalidToolCall = moshi.adapter(OutputItem.InvalidToolCall.class);
      raw = moshi.adapter(Object.class);
    }

    @Override
    public OutputItem fromJson(JsonReader reader) throws IOException {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        String path = reader.getPath();
        reader.skipValue();
        throw new JsonDataException("output item is not an object at " + path);
      }
      // The type is found by a look ahead; the item is then read once, by its own adapter.
      String name = typeOf(reader.peekJson());
      if ("message".equals(name)) {
        return message.fromJson(reader);
      } else if ("reasoning".equals(name)) {
        return reasoning.fromJson(reader);
      } else if ("tool_call".equals(name)) {
        return toolCall.fromJson(reader);
      } else if ("invalid_tool_call".equals(name)) {
        return invalidToolCall.fromJson(reader);
      }
      return new OutputItem.Unknown(name, raw.toJson(raw.fromJson(reader)));
    }

    /** The string {@code type} of the object a reader is at, or null; the reader is closed. */
    private static String typeOf(JsonReader ahead) throws IOException {
      try (ahead) {
        ahead.beginObject();
        while (ahead.hasNext()) {
          if (ahead.selectName(TYPE_KEY) == -1) {
            ahead.skipName();
          } else if (ahead.peek() == JsonReader.Token.STRING) {
            return ahead.nextString();
          }
          ahead.skipValue();
        }
        return null;
      }
    }

    @Override
    public void toJson(JsonWriter writer, OutputItem item) throws IOException {
      if (item == null) {
        writer.nullValue();
        return;
      }
      if (item instanceof OutputItem.Unknown) {
        writer.jsonValue(raw.fromJson(((OutputItem.Unknown) item).json()));
        return;
      }
      Object tree;
      if (item instanceof OutputItem.Message) {
        tree = message.toJsonValue((OutputItem.Message) item);
      } else if (item instanceof OutputItem.Reasoning) {
        tree = reasoning.toJsonValue((OutputItem.Reasoning) item);
      } else if (item instanceof OutputItem.ToolCall) {
        tree = toolCall.toJsonValue((OutputItem.ToolCall) item);
      } else {
        tree = invalidToolCall.toJsonValue((OutputItem.InvalidToolCall) item);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object = new java.util.LinkedHashMap<>((Map<String, Object>) tree);
      Map<String, Object> typed = new java.util.LinkedHashMap<>();
      typed.put("type", item.type());
      typed.putAll(object);
      writer.jsonValue(typed);
    }
  }
}
