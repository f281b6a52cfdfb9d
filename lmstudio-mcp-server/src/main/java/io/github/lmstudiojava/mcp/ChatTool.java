package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.sessions.ChatOptions;
import io.github.lmstudiojava.sessions.ChatReply;
import io.github.lmstudiojava.sessions.ChatSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.github.lmstudiojava.sessions.Turn;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code chat}: stored multi-turn conversations through {@link ChatSession}; the history is kept in
 * the session store, so a conversation survives restarts of the server and of LM Studio.
 */
final class ChatTool extends McpTool {
  private static final int DEFAULT_LIMIT = 50;

  /**
   * How many times a send asks the model again when other sends to its session were stored while
   * the model answered. Each retry means another send was stored, so a send is refused only when
   * more than this many others were stored while it waited.
   */
  static final int CONFLICT_RETRIES = 8;

  /** What the description says of each action; those not named are listed by name alone. */
  private static final Map<String, String> SAID =
      Map.of("send", "send (model needed for a new session)", "reset", "reset (clear history)");

  private static final String INPUT_SCHEMA =
      """
          {"type":"object","properties":{
            "action":{"enum":ACTIONS},
            "session_id":{"type":"string","minLength":1,"maxLength":200},
            "message":{"type":"string","minLength":1,"maxLength":1048576},
            "model":{"type":"string","minLength":1,"maxLength":256},
            "system":{"type":"string","maxLength":1048576},
            "temperature":{"type":"number","minimum":0,"maximum":2},
            "max_tokens":{"type":"integer","minimum":1,"maximum":1048576},
            "draft_model":{"type":"string","minLength":1,"maxLength":256},
            "ttl":{"type":"integer","minimum":-1},
            "offset":{"type":"integer","minimum":0},
            "limit":{"type":"integer","minimum":1,"maximum":500}},
           "required":["action"]}
          """;

  private final List<String> actions;

  /** The tool with every action. */
  ChatTool() {
    this(ToolSelection.ALL_CHAT_ACTIONS);
  }

  /**
   * The tool with only these actions: its schema, its description and its calls know no other.
   *
   * @param actions some of {@link ToolSelection#ALL_CHAT_ACTIONS}, in their order
   */
  ChatTool(List<String> actions) {
    super(definition(actions));
    this.actions = List.copyOf(actions);
  }

  private static McpSchema.Tool definition(List<String> actions) {
    boolean erases = actions.stream().anyMatch(ToolSelection.CHANGING_CHAT_ACTIONS::contains);
    return define(
        "chat",
        "Stored multi-turn sessions: "
            + actions.stream().map(a -> SAID.getOrDefault(a, a)).collect(Collectors.joining(", "))
            + ".",
        INPUT_SCHEMA.replace("ACTIONS", Json.write(actions)),
        null,
        // Without reset and delete, a call only adds to the stored history.
        hints(false, erases, false, true));
  }

  @Override
  Duration deadline(ServerConfig config, Args args) {
    return "send".equals(args.string("action"))
        ? config.inferenceTimeout()
        : config.requestTimeout();
  }

  @Override
  boolean isLong(Args args) {
    return "send".equals(args.string("action"));
  }

  @Override
  String deadlineFlag(Args args) {
    return "send".equals(args.string("action")) ? "--inference-timeout" : "--request-timeout";
  }

  @Override
  CallToolResult call(ToolCall call) {
    String action = call.args().required("action");
    if (!actions.contains(action)) {
      // The schema already refuses it; this is the same answer should a call get past it.
      throw new IllegalArgumentException(
          "action \""
              + action
              + "\" is not "
              + String.join(", ", actions.subList(0, actions.size() - 1))
              + " or "
              + actions.get(actions.size() - 1)
              + (ToolSelection.CHANGING_CHAT_ACTIONS.contains(action)
                  ? ": this server is read-only"
                  : ""));
    }
    switch (action) {
      case "send":
        return send(call);
      case "reset":
        return reset(call);
      case "history":
        return history(call);
      case "list":
        return list(call);
      case "delete":
        return delete(call);
      default:
        throw new IllegalArgumentException(
            "action \"" + action + "\" is not send, reset, history, list or delete");
    }
  }

  private static CallToolResult send(ToolCall call) {
    Args a = call.args();
    String id = a.required("session_id");
    String message = a.required("message");
    ChatOptions options =
        ChatOptions.defaults()
            .withTemperature(a.number("temperature"))
            .withMaxTokens(a.integer("max_tokens"))
            .withDraftModel(a.string("draft_model"))
            .withTtl(a.integer("ttl"));
    // Concurrent sends to one session, from this server or another one sharing the store, are
    // ordered by the store: an answer overtaken by another send is asked for again.
    ChatSession chat =
        ChatSession.builder(call.lms(), call.store())
            .conflictRetries(CONFLICT_RETRIES)
            .openOrCreate(id, a.string("model"), a.string("system"));
    EventProgress progress = new EventProgress(call);
    long start = System.nanoTime();
    long[] first = {0};
    ChatReply reply =
        chat.stream(
            message,
            options,
            (ChatCompletionChunk chunk) -> {
              if (!chunk.text().isEmpty()) {
                if (first[0] == 0) {
                  first[0] = System.nanoTime();
                }
                progress.token();
              }
            });
    long end = System.nanoTime();
    Double ttft = first[0] == 0 ? null : (first[0] - start) / 1e9;
    Double tps =
        first[0] == 0 || reply.completionTokens() == null || end <= first[0]
            ? null
            : reply.completionTokens() / ((end - first[0]) / 1e9);
    Json.Obj stats =
        Json.obj()
            .put("prompt_tokens", reply.promptTokens())
            .put("completion_tokens", reply.completionTokens())
            .put("tokens_per_second", tps)
            .put("time_to_first_token_seconds", ttft)
            .put("turns_left_out", reply.turnsLeftOut());
    StringBuilder text = new StringBuilder(reply.text());
    if (!reply.reasoning().isEmpty()) {
      text.append("\n\n[reasoning]\n").append(reply.reasoning());
    }
    text.append("\n\n[stats] ").append(statsLine(reply, tps, ttft));
    String warning =
        reply.reasoningWithoutAnswer() ? AskTool.reasoningWarning(a.integer("max_tokens")) : null;
    if (warning != null) {
      text.append("\n\n[warning] ").append(warning);
      call.log().warn(warning);
    }
    return result(
        text.toString(),
        Json.obj()
            .put("action", "send")
            .put("session_id", id)
            .put("text", reply.text())
            .putIf(!reply.reasoning().isEmpty(), "reasoning", reply.reasoning())
            .put("model", reply.model())
            .put("stats", stats)
            .putIf(warning != null, "warnings", warning == null ? null : List.of(warning)));
  }

  private static String statsLine(ChatReply reply, Double tps, Double ttft) {
    StringBuilder b = new StringBuilder(reply.model());
    if (reply.promptTokens() != null) {
      b.append(", ").append(reply.promptTokens()).append(" tokens in");
    }
    if (reply.completionTokens() != null) {
      b.append(", ").append(reply.completionTokens()).append(" out");
    }
    if (tps != null) {
      b.append(", ").append(Decimals.fixed(tps, 1)).append(" tok/s");
    }
    if (ttft != null) {
      b.append(", first token ").append(Decimals.fixed(ttft, 2)).append(" s");
    }
    if (reply.turnsLeftOut() > 0) {
      b.append(", ").append(reply.turnsLeftOut()).append(" oldest turns left out to fit");
    }
    return b.toString();
  }

  private static CallToolResult reset(ToolCall call) {
    Args a = call.args();
    String id = a.required("session_id");
    SessionStore store = call.store();
    if (store.find(id).isEmpty()) {
      return result(
          "Session \"" + id + "\" has no history.",
          Json.obj().put("action", "reset").put("session_id", id).put("deleted", false));
    }
    ChatSession chat = ChatSession.open(call.lms(), store, id).reset();
    if (a.string("model") != null) {
      chat.model(a.string("model"));
    }
    if (a.string("system") != null) {
      chat.systemPrompt(a.string("system"));
    }
    return result(
        "Cleared the history of session \"" + id + "\"; its model and system prompt stay.",
        Json.obj().put("action", "reset").put("session_id", id).put("deleted", true));
  }

  private static CallToolResult history(ToolCall call) {
    Args a = call.args();
    String id = a.required("session_id");
    int offset = a.integer("offset") == null ? 0 : a.integer("offset");
    int limit = a.integer("limit") == null ? DEFAULT_LIMIT : a.integer("limit");
    List<Turn> turns = ChatSession.open(call.lms(), call.store(), id).history(offset, limit);
    String text =
        turns.isEmpty()
            ? "Session \"" + id + "\" has no turns" + (offset > 0 ? " after " + offset : "") + "."
            : turns.stream()
                .map(t -> "#" + t.index() + " " + t.role().wireName() + ": " + t.content())
                .collect(Collectors.joining("\n\n"));
    return result(
        text,
        Json.obj()
            .put("action", "history")
            .put("session_id", id)
            .put(
                "turns",
                Json.maps(
                    turns.stream()
                        .map(
                            t ->
                                Json.obj()
                                    .put("index", t.index())
                                    .put("role", t.role().wireName())
                                    .put("content", t.content())
                                    .put("model", t.model())
                                    .put("created_at", t.createdAt().toString()))
                        .toList())));
  }

  private static CallToolResult list(ToolCall call) {
    Args a = call.args();
    int offset = a.integer("offset") == null ? 0 : a.integer("offset");
    int limit = a.integer("limit") == null ? DEFAULT_LIMIT : a.integer("limit");
    List<SessionSummary> sessions = call.store().list(offset, limit);
    String text =
        sessions.isEmpty()
            ? "No chat sessions" + (offset > 0 ? " after " + offset : "") + "."
            : sessions.stream()
                .map(
                    s ->
                        "- "
                            + s.id()
                            + " ("
                            + (s.model() == null ? "no model" : s.model())
                            + ", "
                            + s.turnCount()
                            + " turns, updated "
                            + s.updatedAt()
                            + ")")
                .collect(Collectors.joining("\n"));
    return result(
        text,
        Json.obj()
            .put("action", "list")
            .put(
                "sessions",
                Json.maps(
                    sessions.stream()
                        .map(
                            s ->
                                Json.obj()
                                    .put("id", s.id())
                                    .put("title", s.title())
                                    .put("model", s.model())
                                    .put("turns", s.turnCount())
                                    .put("updated_at", s.updatedAt().toString()))
                        .toList())));
  }

  private static CallToolResult delete(ToolCall call) {
    String id = call.args().required("session_id");
    boolean deleted = call.store().delete(id);
    call.log().info((deleted ? "deleted" : "no") + " session " + id);
    return result(
        deleted ? "Deleted session \"" + id + "\"." : "There was no session \"" + id + "\".",
        Json.obj().put("action", "delete").put("session_id", id).put("deleted", deleted));
  }
}
