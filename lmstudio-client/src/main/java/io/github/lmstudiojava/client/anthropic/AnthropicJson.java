package io.github.lmstudiojava.client.anthropic;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.StreamError;
import io.github.lmstudiojava.client.internal.Errors;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import io.github.lmstudiojava.client.internal.RecordAdapter;
import io.github.lmstudiojava.client.internal.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import okio.Buffer;

/**
 * JSON of the Anthropic-compatible endpoint: the request body (hand-written, so absent options are
 * left out), the {@link Message} answer, and stream events.
 */
final class AnthropicJson {
  private static final Moshi MOSHI =
      new Moshi.Builder()
          .add(JsonValueAdapter.FACTORY)
          .add(ContentBlockJson.FACTORY)
          .add(RecordAdapter.FACTORY)
          .build();

  static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class);
  static final ContentBlockJson BLOCKS = (ContentBlockJson) MOSHI.adapter(ContentBlock.class);
  private static final JsonAdapter<Message> MESSAGE = MOSHI.adapter(Message.class);
  private static final JsonAdapter<Usage> USAGE = MOSHI.adapter(Usage.class);
  private static final MessageStreamEvent PING = new MessageStreamEvent.Ping();
  private static final MessageStreamEvent MESSAGE_STOP = new MessageStreamEvent.MessageStop();

  private AnthropicJson() {}

  static String request(MessageRequest r, boolean stream) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("model").value(r.model());
      w.name("max_tokens").value(r.maxTokens());
      if (!r.system().isEmpty()) {
        w.name("system");
        BLOCKS.writeContent(w, r.system());
      }
      w.name("messages").beginArray();
      for (InputMessage message : r.messages()) {
        w.beginObject();
        w.name("role").value(message.role());
        w.name("content");
        BLOCKS.writeContent(w, message.content());
        w.endObject();
      }
      w.endArray();
      if (!r.tools().isEmpty()) {
        w.name("tools").beginArray();
        for (Tool tool : r.tools()) {
          w.beginObject();
          w.name("name").value(tool.name());
          if (tool.description() != null) {
            w.name("description").value(tool.description());
          }
          w.name("input_schema").jsonValue(tool.inputSchema());
          w.endObject();
        }
        w.endArray();
      }
      if (r.toolChoice() != null) {
        ToolChoice choice = r.toolChoice();
        w.name("tool_choice").beginObject();
        w.name("type").value(choice.type());
        if (choice.name() != null) {
          w.name("name").value(choice.name());
        }
        if (choice.disableParallelToolUse() != null) {
          w.name("disable_parallel_tool_use").value(choice.disableParallelToolUse());
        }
        w.endObject();
      }
      if (r.temperature() != null) {
        w.name("temperature").value(r.temperature());
      }
      if (r.topP() != null) {
        w.name("top_p").value(r.topP());
      }
      if (r.topK() != null) {
        w.name("top_k").value(r.topK());
      }
      if (!r.stopSequences().isEmpty()) {
        w.name("stop_sequences").jsonValue(r.stopSequences());
      }
      if (!r.metadata().isEmpty()) {
        w.name("metadata").jsonValue(r.metadata());
      }
      if (stream) {
        w.name("stream").value(true);
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /**
   * Reads the answer; a body of Anthropic's error shape ({@code {"type":"error","error":{..}}})
   * sent with a 2xx status is an error, not a message.
   */
  static Message message(String body, String what) {
    Message message;
    try {
      message = MESSAGE.fromJson(body);
      if (message == null) {
        throw new JsonDataException("body is null");
      }
    } catch (IOException | JsonDataException | IllegalArgumentException | NullPointerException e) {
      throw new LmStudioProtocolException(
          "Could not read LM Studio's answer to " + what + ": " + e.getMessage(), e);
    }
    if ("error".equals(message.type())) {
      StreamError error = Errors.parseError(body);
      String detail = error == null ? body : error.message();
      throw new LmStudioHttpException(
          "LM Studio answered " + what + " with an error: " + detail,
          200,
          error == null ? null : error.type(),
          error == null ? null : error.code(),
          error == null ? null : error.param(),
          error == null ? null : error.message());
    }
    return message;
  }

  /**
   * Decodes one stream event. The SSE event name picks the type; when it is missing (or the SSE
   * default {@code message}), the data's {@code type} does.
   *
   * @throws IOException or {@link JsonDataException} when a known event's data is malformed
   */
  static MessageStreamEvent event(SseEvent sse) throws IOException {
    String type = sse.event();
    if (type == null || type.isEmpty() || type.equals("message")) {
      type = typeOf(sse.data());
      if (type == null) {
        return new MessageStreamEvent.Unknown(null, sse.data());
      }
    }
    switch (type) {
      case "ping":
        return PING;
      case "message_stop":
        return MESSAGE_STOP;
      case "message_start":
      case "content_block_start":
      case "content_block_delta":
      case "content_block_stop":
      case "message_delta":
      case "error":
        return known(type, sse.data());
      default:
        return new MessageStreamEvent.Unknown(type, sse.data());
    }
  }

  private static MessageStreamEvent known(String type, String data) throws IOException {
    Message message = null;
    Integer index = null;
    ContentBlock block = null;
    Map<String, Object> delta = null;
    Usage usage = null;
    StreamError error = null;
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data))) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.skipValue();
          continue;
        }
        switch (name) {
          case "message":
            message = MESSAGE.fromJson(reader);
            break;
          case "index":
            index = reader.nextInt();
            break;
          case "content_block":
            block = BLOCKS.fromJson(reader);
            break;
          case "delta":
            delta = ContentBlockJson.asMap(TREE.fromJson(reader), "delta");
            break;
          case "usage":
            usage = USAGE.fromJson(reader);
            break;
          case "error":
            error =
                reader.peek() == JsonReader.Token.STRING
                    ? new StreamError(null, reader.nextString(), null, null)
                    : Errors.readErrorObject(reader);
            break;
          default:
            reader.skipValue();
        }
      }
      reader.endObject();
    }
    switch (type) {
      case "message_start":
        return new MessageStreamEvent.MessageStart(require(message, type, "message"));
      case "content_block_start":
        return new MessageStreamEvent.ContentBlockStart(
            require(index, type, "index"), require(block, type, "content_block"));
      case "content_block_delta":
        return new MessageStreamEvent.ContentBlockDelta(
            require(index, type, "index"), BLOCKS.delta(require(delta, type, "delta")));
      case "content_block_stop":
        return new MessageStreamEvent.ContentBlockStop(require(index, type, "index"));
      case "message_delta":
        return new MessageStreamEvent.MessageDelta(
            delta == null ? null : ContentBlockJson.string(delta, "stop_reason"),
            delta == null ? null : ContentBlockJson.string(delta, "stop_sequence"),
            usage);
      default:
        return new MessageStreamEvent.Error(require(error, type, "error"));
    }
  }

  private static <T> T require(T value, String type, String field) {
    if (value == null) {
      throw new JsonDataException(type + " event without \"" + field + "\"");
    }
    return value;
  }

  private static String typeOf(String data) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(data))) {
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("type") && reader.peek() == JsonReader.Token.STRING) {
          return reader.nextString();
        }
        reader.skipValue();
      }
      return null;
    } catch (IOException | JsonDataException e) {
      return null;
    }
  }
}
