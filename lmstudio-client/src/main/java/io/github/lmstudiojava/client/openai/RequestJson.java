package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonWriter;
import io.github.lmstudiojava.client.internal.JsonBodies;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.BufferedSink;

/**
 * Writes the request bodies of the chat completion, completion and embedding endpoints by hand, so
 * absent options are left out and client-side fields (timeouts) never reach the wire.
 */
final class RequestJson {
  private RequestJson() {}

  static String chatCompletion(ChatCompletionRequest r, boolean stream) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("messages").beginArray();
          for (ChatMessage message : r.messages()) {
            writeMessage(w, message);
          }
          w.endArray();
          if (!r.tools().isEmpty()) {
            w.name("tools").beginArray();
            for (ChatTool tool : r.tools()) {
              writeTool(w, tool);
            }
            w.endArray();
          }
          if (r.toolChoice() != null) {
            writeToolChoice(w, r.toolChoice());
          }
          if (r.responseFormat() != null) {
            writeResponseFormat(w, r.responseFormat());
          }
          optional(w, "temperature", r.temperature());
          optional(w, "top_p", r.topP());
          optional(w, "top_k", r.topK());
          optional(w, "max_tokens", r.maxTokens());
          writeStop(w, r.stop());
          optional(w, "presence_penalty", r.presencePenalty());
          optional(w, "frequency_penalty", r.frequencyPenalty());
          optional(w, "repeat_penalty", r.repeatPenalty());
          if (!r.logitBias().isEmpty()) {
            w.name("logit_bias").beginObject();
            for (Map.Entry<Integer, Integer> bias : r.logitBias().entrySet()) {
              w.name(bias.getKey().toString()).value(bias.getValue());
            }
            w.endObject();
          }
          optional(w, "seed", r.seed());
          writeStream(w, stream, r.includeUsage());
          optional(w, "ttl", r.ttl());
          optional(w, "draft_model", r.draftModel());
          // LM Studio documents reasoning effort only for /v1/responses ("reasoning.effort"); for
          // chat completions we send OpenAI's own top-level "reasoning_effort".
          optional(w, "reasoning_effort", r.reasoningEffort());
        });
  }

  static String completion(CompletionRequest r, boolean stream) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("prompt").value(r.prompt());
          optional(w, "max_tokens", r.maxTokens());
          optional(w, "temperature", r.temperature());
          optional(w, "top_p", r.topP());
          optional(w, "top_k", r.topK());
          writeStop(w, r.stop());
          optional(w, "presence_penalty", r.presencePenalty());
          optional(w, "frequency_penalty", r.frequencyPenalty());
          optional(w, "repeat_penalty", r.repeatPenalty());
          optional(w, "seed", r.seed());
          if (r.echo() != null) {
            w.name("echo").value(r.echo());
          }
          writeStream(w, stream, r.includeUsage());
          optional(w, "ttl", r.ttl());
          optional(w, "draft_model", r.draftModel());
        });
  }

  static String embedding(EmbeddingRequest r) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("input");
          if (r.input().size() == 1) {
            w.value(r.input().get(0));
          } else {
            w.beginArray();
            for (String text : r.input()) {
              w.value(text);
            }
            w.endArray();
          }
          optional(w, "ttl", r.ttl());
        });
  }

  private static void writeMessage(JsonWriter w, ChatMessage message) throws IOException {
    w.beginObject();
    w.name("role").value(message.role());
    if (message instanceof ChatMessage.SystemMessage) {
      w.name("content").value(((ChatMessage.SystemMessage) message).content());
    } else if (message instanceof ChatMessage.UserMessage) {
      writeUserContent(w, ((ChatMessage.UserMessage) message).content());
    } else if (message instanceof ChatMessage.AssistantMessage) {
      ChatMessage.AssistantMessage assistant = (ChatMessage.AssistantMessage) message;
      if (assistant.content() != null) {
        w.name("content").value(assistant.content());
      }
      if (!assistant.toolCalls().isEmpty()) {
        w.name("tool_calls").beginArray();
        for (ChatToolCall call : assistant.toolCalls()) {
          w.beginObject();
          optional(w, "id", call.id());
          w.name("type").value(call.type());
          w.name("function").beginObject();
          w.name("name").value(call.name());
          w.name("arguments").value(call.arguments());
          w.endObject();
          w.endObject();
        }
        w.endArray();
      }
    } else {
      ChatMessage.ToolMessage tool = (ChatMessage.ToolMessage) message;
      w.name("content").value(tool.content());
      w.name("tool_call_id").value(tool.toolCallId());
    }
    w.endObject();
  }

  private static void writeUserContent(JsonWriter w, List<ChatContentPart> parts)
      throws IOException {
    w.name("content");
    if (parts.size() == 1 && parts.get(0) instanceof ChatContentPart.Text) {
      w.value(((ChatContentPart.Text) parts.get(0)).text());
      return;
    }
    w.beginArray();
    for (ChatContentPart part : parts) {
      w.beginObject();
      if (part instanceof ChatContentPart.Text) {
        w.name("type").value("text");
        w.name("text").value(((ChatContentPart.Text) part).text());
      } else {
        w.name("type").value("image_url");
        w.name("image_url").beginObject();
        w.name("url").value(((ChatContentPart.ImageUrl) part).url());
        w.endObject();
      }
      w.endObject();
    }
    w.endArray();
  }

  private static void writeTool(JsonWriter w, ChatTool tool) throws IOException {
    w.beginObject();
    w.name("type").value("function");
    w.name("function").beginObject();
    w.name("name").value(tool.name());
    optional(w, "description", tool.description());
    if (tool.parameters() != null) {
      w.name("parameters");
      raw(w, tool.parameters());
    }
    w.endObject();
    w.endObject();
  }

  private static void writeToolChoice(JsonWriter w, ChatToolChoice choice) throws IOException {
    w.name("tool_choice");
    if (choice.mode() != null) {
      w.value(choice.mode());
      return;
    }
    w.beginObject();
    w.name("type").value("function");
    w.name("function").beginObject().name("name").value(choice.function()).endObject();
    w.endObject();
  }

  private static void writeResponseFormat(JsonWriter w, ChatResponseFormat format)
      throws IOException {
    w.name("response_format").beginObject();
    w.name("type").value(format.type());
    if (format.schema() != null) {
      w.name("json_schema").beginObject();
      w.name("name").value(format.name());
      if (format.strict() != null) {
        w.name("strict").value(format.strict());
      }
      w.name("schema");
      raw(w, format.schema());
      w.endObject();
    }
    w.endObject();
  }

  private static void writeStop(JsonWriter w, List<String> stop) throws IOException {
    if (stop.size() == 1) {
      w.name("stop").value(stop.get(0));
    } else if (!stop.isEmpty()) {
      w.name("stop").beginArray();
      for (String s : stop) {
        w.value(s);
      }
      w.endArray();
    }
  }

  /** {@code stream_options} is only valid with {@code stream: true}, so it goes with it. */
  private static void writeStream(JsonWriter w, boolean stream, Boolean includeUsage)
      throws IOException {
    if (!stream) {
      return;
    }
    w.name("stream").value(true);
    if (includeUsage != null) {
      w.name("stream_options").beginObject().name("include_usage").value(includeUsage).endObject();
    }
  }

  /** Writes JSON text checked when its record was built (a schema) as it is. */
  private static void raw(JsonWriter w, String json) throws IOException {
    try (BufferedSink sink = w.valueSink()) {
      sink.writeUtf8(json);
    }
  }

  private static void optional(JsonWriter w, String name, Number value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  private static void optional(JsonWriter w, String name, String value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  private static String write(JsonBodies.ObjectBody body) {
    return JsonBodies.object(body);
  }
}
