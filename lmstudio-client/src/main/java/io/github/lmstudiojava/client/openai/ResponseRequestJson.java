package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Writes a {@link ResponseRequest} as the JSON body of {@code POST /v1/responses}: snake_case
 * names, absent options left out, and nothing client-side (such as timeouts) on the wire.
 *
 * <p>LM Studio's docs show only a text {@code input}, {@code reasoning.effort}, {@code
 * previous_response_id}, {@code stream} and an {@code mcp} tool; every other shape follows OpenAI's
 * Responses API, which LM Studio refers to.
 */
final class ResponseRequestJson {
  private ResponseRequestJson() {}

  static String write(ResponseRequest r, boolean stream) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("model").value(r.model());
      w.name("input");
      writeInput(w, r.input());
      optional(w, "instructions", r.instructions());
      optional(w, "previous_response_id", r.previousResponseId());
      if (r.reasoningEffort() != null) {
        w.name("reasoning").beginObject().name("effort").value(r.reasoningEffort()).endObject();
      }
      if (!r.tools().isEmpty()) {
        w.name("tools").beginArray();
        for (ResponseTool tool : r.tools()) {
          writeTool(w, tool);
        }
        w.endArray();
      }
      if (r.toolChoice() != null) {
        writeToolChoice(w, r.toolChoice());
      }
      if (r.temperature() != null) {
        w.name("temperature").value(r.temperature());
      }
      if (r.topP() != null) {
        w.name("top_p").value(r.topP());
      }
      if (r.maxOutputTokens() != null) {
        w.name("max_output_tokens").value(r.maxOutputTokens());
      }
      if (r.store() != null) {
        w.name("store").value(r.store());
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

  /** One user text goes as a plain string, as in LM Studio's examples; anything else as items. */
  private static void writeInput(JsonWriter w, List<ResponseInput> input) throws IOException {
    if (input.size() == 1 && input.get(0) instanceof ResponseInput.Message) {
      ResponseInput.Message m = (ResponseInput.Message) input.get(0);
      if (m.role().equals("user")
          && m.content().size() == 1
          && m.content().get(0) instanceof ResponseInputContent.Text) {
        w.value(((ResponseInputContent.Text) m.content().get(0)).text());
        return;
      }
    }
    w.beginArray();
    for (ResponseInput item : input) {
      writeItem(w, item);
    }
    w.endArray();
  }

  private static void writeItem(JsonWriter w, ResponseInput item) throws IOException {
    w.beginObject();
    if (item instanceof ResponseInput.Message) {
      ResponseInput.Message m = (ResponseInput.Message) item;
      w.name("type").value("message");
      w.name("role").value(m.role());
      // Replayed assistant text is output_text in OpenAI's schema; every other role sends input.
      String textType = m.role().equals("assistant") ? "output_text" : "input_text";
      w.name("content").beginArray();
      for (ResponseInputContent part : m.content()) {
        writePart(w, part, textType);
      }
      w.endArray();
    } else if (item instanceof ResponseInput.FunctionCall) {
      ResponseInput.FunctionCall c = (ResponseInput.FunctionCall) item;
      w.name("type").value("function_call");
      w.name("call_id").value(c.callId());
      w.name("name").value(c.name());
      w.name("arguments").value(c.arguments());
    } else {
      ResponseInput.FunctionCallOutput o = (ResponseInput.FunctionCallOutput) item;
      w.name("type").value("function_call_output");
      w.name("call_id").value(o.callId());
      w.name("output").value(o.output());
    }
    w.endObject();
  }

  private static void writePart(JsonWriter w, ResponseInputContent part, String textType)
      throws IOException {
    w.beginObject();
    if (part instanceof ResponseInputContent.Text) {
      w.name("type").value(textType);
      w.name("text").value(((ResponseInputContent.Text) part).text());
    } else {
      ResponseInputContent.Image image = (ResponseInputContent.Image) part;
      w.name("type").value("input_image");
      w.name("image_url").value(image.imageUrl());
      optional(w, "detail", image.detail());
    }
    w.endObject();
  }

  private static void writeTool(JsonWriter w, ResponseTool tool) throws IOException {
    w.beginObject();
    if (tool instanceof ResponseTool.Function) {
      ResponseTool.Function f = (ResponseTool.Function) tool;
      w.name("type").value("function");
      w.name("name").value(f.name());
      optional(w, "description", f.description());
      if (!f.parameters().isEmpty()) {
        w.name("parameters").jsonValue(f.parameters());
      }
      if (f.strict() != null) {
        w.name("strict").value(f.strict());
      }
    } else {
      ResponseTool.Mcp mcp = (ResponseTool.Mcp) tool;
      w.name("type").value("mcp");
      w.name("server_label").value(mcp.serverLabel());
      w.name("server_url").value(mcp.serverUrl());
      if (!mcp.allowedTools().isEmpty()) {
        w.name("allowed_tools").beginArray();
        for (String name : mcp.allowedTools()) {
          w.value(name);
        }
        w.endArray();
      }
      if (!mcp.headers().isEmpty()) {
        w.name("headers").beginObject();
        for (Map.Entry<String, String> header : mcp.headers().entrySet()) {
          w.name(header.getKey()).value(header.getValue());
        }
        w.endObject();
      }
    }
    w.endObject();
  }

  private static void writeToolChoice(JsonWriter w, ResponseToolChoice choice) throws IOException {
    w.name("tool_choice");
    if (choice.mode() != null) {
      w.value(choice.mode());
    } else {
      w.beginObject().name("type").value("function").name("name").value(choice.function());
      w.endObject();
    }
  }

  private static void optional(JsonWriter w, String name, String value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }
}
