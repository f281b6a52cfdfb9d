package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.Capabilities;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.InputItem;
import io.github.lmstudiojava.client.Integration;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.OutputItem;
import io.github.lmstudiojava.client.Reasoning;
import io.github.lmstudiojava.client.ReasoningOptions;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ask}: one turn over LM Studio's native chat, streamed so that load, prompt-processing and
 * token events drive progress notifications; returns text, reasoning, the tool calls LM Studio made
 * through its MCP integrations, and stats.
 */
final class AskTool extends McpTool {
  private static final McpSchema.Tool DEFINITION =
      define(
          "ask",
          "One unstored turn: images, reasoning, LM Studio's MCP integrations.",
          """
          {"type":"object","properties":{
            "model":{"type":"string","minLength":1,"maxLength":256},
            "prompt":{"type":"string","minLength":1,"maxLength":1048576},
            "system":{"type":"string","maxLength":1048576},
            "temperature":{"type":"number","minimum":0,"maximum":2},
            "max_tokens":{"type":"integer","minimum":1,"maximum":1048576},
            "reasoning":{"type":"string","minLength":1,"maxLength":64,
              "description":"Option from model_list, e.g. off, low, high"},
            "context_length":{"type":"integer","minimum":1,"maximum":16777216},
            "stream":{"type":"boolean"},
            "images":{"type":"array","maxItems":16,
              "description":"data: URLs or absolute paths in allowed roots",
              "items":{"type":"string","minLength":1,"maxLength":20971520}},
            "integrations":{"type":"array","maxItems":16,
              "description":"ephemeral_mcp (server_label, server_url) or plugin (id)",
              "items":{"type":"object","properties":{
                "type":{"enum":["ephemeral_mcp","plugin"]},
                "id":{"type":"string","maxLength":256},
                "server_label":{"type":"string","maxLength":256},
                "server_url":{"type":"string","maxLength":2048},
                "allowed_tools":{"type":"array","maxItems":256,
                  "items":{"type":"string","maxLength":256}},
                "headers":{"type":"object","additionalProperties":{"type":"string"}}},
               "required":["type"]}}},
           "required":["model","prompt"]}
          """,
          null,
          hints(false, false, false, true));

  AskTool() {
    super(DEFINITION);
  }

  @Override
  Duration deadline(ServerConfig config, Args args) {
    return config.inferenceTimeout();
  }

  @Override
  String deadlineFlag(Args args) {
    return "--inference-timeout";
  }

  @Override
  boolean isLong(Args args) {
    return true;
  }

  @Override
  CallToolResult call(ToolCall call) {
    Args a = call.args();
    String model = a.required("model");
    ChatRequest request =
        ChatRequest.builder(model)
            .input(input(a.required("prompt"), a.strings("images"), call.images()))
            .systemPrompt(a.string("system"))
            .temperature(a.number("temperature"))
            .maxOutputTokens(a.integer("max_tokens"))
            .reasoning(reasoning(a.string("reasoning")))
            .contextLength(a.integer("context_length"))
            .integrations(integrations(a.objects("integrations")))
            .store(false)
            .build();
    ChatResult result;
    try (ChatStream stream = open(call, request)) {
      EventProgress progress = new EventProgress(call);
      for (ChatEvent event : stream) {
        progress.on(event);
      }
      result = stream.result();
    }
    List<String> warnings = warnings(call, request, result);
    for (String w : warnings) {
      call.log().warn(w);
    }
    return result(text(result, warnings), structured(model, result, warnings));
  }

  /**
   * What the caller should know about an answer that may not be what it expected, each with the
   * setting to change: a model loaded just in time with less context than asked for, and a
   * reasoning model that spent its whole output on reasoning.
   */
  static List<String> warnings(ToolCall call, ChatRequest request, ChatResult result) {
    List<String> warnings = new ArrayList<>();
    Integer asked = request.contextLength();
    if (asked != null
        && result.stats() != null
        && result.stats().modelLoadTimeSeconds() != null
        && result.modelInstanceId() != null) {
      try {
        Integer loaded =
            call.lms()
                .models()
                .instance(result.modelInstanceId())
                .map(LoadedInstance::contextLength)
                .orElse(null);
        if (loaded != null && loaded < asked) {
          warnings.add(
              "LM Studio loaded "
                  + result.modelInstanceId()
                  + " just in time with "
                  + loaded
                  + " tokens of context, not the "
                  + asked
                  + " asked for (it fits the context to free memory); longer prompts will fail."
                  + (call.config().tools().offers("model_load")
                      ? " Free memory and load it with model_load, or ask for less."
                      : " Ask for less."));
        }
      } catch (RuntimeException e) {
        // The answer stands; only the check could not be made.
        ServerLog.LOG.debug("context check after a load: {}", e.toString());
      }
    }
    if (result.reasoningWithoutAnswer()) {
      warnings.add(reasoningWarning(request.maxOutputTokens()));
    }
    return warnings;
  }

  /** What to tell the caller when the model's whole output went to reasoning. */
  static String reasoningWarning(Integer maxTokens) {
    return "The model spent its output on reasoning and gave no answer"
        + (maxTokens == null ? "" : " (max_tokens " + maxTokens + ")")
        + ": raise max_tokens, or set reasoning to \"low\" or \"off\" where the model allows it.";
  }

  /**
   * Opens the stream; a reasoning setting LM Studio refuses becomes one sentence naming the
   * settings the model lists (LM Studio adds settings, such as {@code xhigh}, that no fixed list
   * here would know).
   */
  private static ChatStream open(ToolCall call, ChatRequest request) {
    try {
      return call.lms().streamChat(request);
    } catch (LmStudioHttpException e) {
      if (request.reasoning() == null || !aboutReasoning(e)) {
        throw e;
      }
      throw new IllegalArgumentException(
          refusedReasoning(call, request.model(), request.reasoning().wireName(), e), e);
    }
  }

  /**
   * Whether LM Studio refused the reasoning setting: its error names the parameter, or (a model
   * without reasoning settings) says so in a 400.
   */
  private static boolean aboutReasoning(LmStudioHttpException e) {
    if (e instanceof ModelNotFoundException) {
      return false;
    }
    String message = e.serverMessage() == null ? "" : e.serverMessage().toLowerCase(Locale.ROOT);
    return "reasoning".equals(e.param())
        || (e.statusCode() == 400 && message.contains("reasoning"));
  }

  /** The sentence for a refused reasoning setting, from the model's listed options. */
  static String refusedReasoning(
      ToolCall call, String model, String setting, LmStudioHttpException refusal) {
    Optional<Model> listed;
    try {
      listed =
          call.lms().models().list().stream()
              .filter(
                  m ->
                      m.key().equals(model)
                          || m.loadedInstances().stream().anyMatch(i -> model.equals(i.id())))
              .findFirst();
    } catch (RuntimeException e) {
      listed = Optional.empty();
    }
    ReasoningOptions options =
        listed.map(Model::capabilities).map(Capabilities::reasoning).orElse(null);
    if (listed.isPresent() && options == null) {
      return "Model \""
          + model
          + "\" has no reasoning settings: leave out \"reasoning\" (LM Studio refused \""
          + setting
          + "\").";
    }
    if (options == null || options.allowedOptions().isEmpty()) {
      return "LM Studio refused reasoning \""
          + setting
          + "\" for model \""
          + model
          + "\": "
          + (refusal.serverMessage() != null ? refusal.serverMessage() : refusal.getMessage());
    }
    return "Model \""
        + model
        + "\" does not take reasoning \""
        + setting
        + "\"; its allowed options are: "
        + String.join(", ", options.allowedOptions())
        + (options.defaultOption() == null ? "" : " (default " + options.defaultOption() + ")")
        + ".";
  }

  /** The prompt and the images: data URLs, or files read under the allowed roots. */
  static List<InputItem> input(String prompt, List<String> images, ImageFiles files) {
    List<InputItem> items = new ArrayList<>();
    items.add(InputItem.text(prompt));
    for (String image : images) {
      items.add(image.startsWith("data:") ? InputItem.imageDataUrl(image) : files.read(image));
    }
    return items;
  }

  /** Any setting is passed on: LM Studio checks it against the model's allowed options. */
  static Reasoning reasoning(String name) {
    return name == null ? null : Reasoning.of(name);
  }

  static List<Integration> integrations(List<Args> specs) {
    List<Integration> out = new ArrayList<>();
    for (Args spec : specs) {
      String type = spec.required("type");
      String[] allowed = spec.strings("allowed_tools").toArray(String[]::new);
      if (type.equals("plugin")) {
        out.add(Integration.plugin(spec.required("id")).allowedTools(allowed));
      } else if (type.equals("ephemeral_mcp")) {
        out.add(
            Integration.ephemeralMcp(spec.required("server_label"), spec.required("server_url"))
                .allowedTools(allowed)
                .headers(spec.stringMap("headers")));
      } else {
        throw new IllegalArgumentException(
            "integration type \"" + type + "\" is neither ephemeral_mcp nor plugin");
      }
    }
    return out;
  }

  private static String text(ChatResult r, List<String> warnings) {
    StringBuilder b = new StringBuilder(r.text().isEmpty() ? "(no answer text)" : r.text());
    for (String w : warnings) {
      b.append("\n\n[warning] ").append(w);
    }
    if (r.reasoning() != null && !r.reasoning().isEmpty()) {
      b.append("\n\n[reasoning]\n").append(r.reasoning());
    }
    for (OutputItem.ToolCall t : r.toolCalls()) {
      b.append("\n\n[tool call] ")
          .append(t.tool())
          .append(' ')
          .append(Json.write(t.arguments()))
          .append("\n")
          .append(t.output() == null ? "" : t.output());
    }
    String stats = stats(r.stats());
    if (!stats.isEmpty()) {
      b.append("\n\n[stats] ").append(stats);
    }
    return b.toString();
  }

  static String stats(ChatStats s) {
    if (s == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (s.inputTokens() != null) {
      parts.add(s.inputTokens() + " tokens in");
    }
    if (s.totalOutputTokens() != null) {
      parts.add(s.totalOutputTokens() + " out");
    }
    if (s.tokensPerSecond() != null) {
      parts.add(Decimals.fixed(s.tokensPerSecond(), 1) + " tok/s");
    }
    if (s.timeToFirstTokenSeconds() != null) {
      parts.add("first token " + Decimals.fixed(s.timeToFirstTokenSeconds(), 2) + " s");
    }
    if (s.modelLoadTimeSeconds() != null) {
      parts.add("model load " + Decimals.fixed(s.modelLoadTimeSeconds(), 1) + " s");
    }
    return String.join(", ", parts);
  }

  private static Json.Obj structured(String model, ChatResult r, List<String> warnings) {
    List<Json.Obj> calls = new ArrayList<>();
    for (OutputItem.ToolCall t : r.toolCalls()) {
      calls.add(
          Json.obj()
              .put("tool", t.tool())
              .put("arguments", t.arguments())
              .put("output", t.output())
              .put("server", server(t)));
    }
    ChatStats s = r.stats();
    Json.Obj stats =
        s == null
            ? null
            : Json.obj()
                .put("input_tokens", s.inputTokens())
                .put("output_tokens", s.totalOutputTokens())
                .put("reasoning_output_tokens", s.reasoningOutputTokens())
                .put("tokens_per_second", s.tokensPerSecond())
                .put("time_to_first_token_seconds", s.timeToFirstTokenSeconds())
                .put("model_load_time_seconds", s.modelLoadTimeSeconds());
    return Json.obj()
        .put("model", model)
        .put("text", r.text())
        .putIf(!r.reasoning().isEmpty(), "reasoning", r.reasoning())
        .put("tool_calls", Json.maps(calls))
        .put("stats", stats)
        .putIf(!warnings.isEmpty(), "warnings", warnings);
  }

  private static String server(OutputItem.ToolCall t) {
    if (t.providerInfo() == null) {
      return null;
    }
    return t.providerInfo().serverLabel() != null
        ? t.providerInfo().serverLabel()
        : t.providerInfo().pluginId();
  }
}
