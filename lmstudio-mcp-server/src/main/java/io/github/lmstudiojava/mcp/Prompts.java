package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.sessions.SessionStore;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.Map;

/**
 * Prompts a user picks in an agent to put a local model to work through this server's tools: {@code
 * second_opinion} (a review by {@code ask}), {@code summarize_file} (the agent reads the file, a
 * local model summarizes it) and {@code continue_session} (a stored chat's transcript, then {@code
 * chat send}). A prompt only writes messages: it calls no model, and this server reads no file for
 * it.
 */
final class Prompts {
  /** The longest text to review or message to send, as {@code ask} and {@code chat} take. */
  static final int MAX_TEXT = 1_048_576;

  /** The longest value of each argument; the same name means the same thing in every prompt. */
  private static final Map<String, Integer> LIMITS =
      Map.of(
          "text", MAX_TEXT,
          "question", 4096,
          "model", 256,
          "path", 4096,
          "focus", 4096,
          "session_id", 200,
          "message", MAX_TEXT);

  static final McpSchema.Prompt SECOND_OPINION =
      McpSchema.Prompt.builder("second_opinion")
          .title("Second opinion from a local model")
          .description(
              "Has a local LM Studio model review a text, code or plan with ask, and sets its view"
                  + " next to the agent's own")
          .arguments(
              List.of(
                  argument("text", "The text, code or plan to review", true),
                  argument("question", "What the review should look at", false),
                  argument("model", "Model key; by default a loaded model", false)))
          .build();

  static final McpSchema.Prompt SUMMARIZE_FILE =
      McpSchema.Prompt.builder("summarize_file")
          .title("Summarize a file with a local model")
          .description(
              "The agent reads a file and has a local model summarize it with ask; this server"
                  + " never reads the file")
          .arguments(
              List.of(
                  argument("path", "Path of the file, which the agent reads", true),
                  argument("model", "Model key; by default a loaded model", false),
                  argument("focus", "What the summary should focus on", false)))
          .build();

  static final McpSchema.Prompt CONTINUE_SESSION =
      McpSchema.Prompt.builder("continue_session")
          .title("Continue a chat session")
          .description(
              "Attaches a stored chat session's transcript and has the agent continue it with"
                  + " chat send")
          .arguments(
              List.of(
                  argument("session_id", "A stored session, as chat list shows them", true),
                  argument("message", "The next message to send", false)))
          .build();

  private final Backend backend;
  private final Resources resources;

  Prompts(Backend backend, Resources resources) {
    this.backend = backend;
    this.resources = resources;
  }

  /** Every prompt, in the order {@code prompts/list} shows them. */
  static List<McpSchema.Prompt> definitions() {
    return List.of(SECOND_OPINION, SUMMARIZE_FILE, CONTINUE_SESSION);
  }

  /**
   * The prompts whose tool the selection offers, in the order {@code prompts/list} shows them: a
   * prompt never sends the agent to a tool this server does not offer.
   */
  static List<McpSchema.Prompt> definitions(ToolSelection selection) {
    return definitions().stream().filter(p -> selection.offers(toolOf(p))).toList();
  }

  /** The tool a prompt has the agent call. */
  static String toolOf(McpSchema.Prompt prompt) {
    return prompt.name().equals(CONTINUE_SESSION.name()) ? "chat" : "ask";
  }

  /** The specifications of the prompts whose tool the selection offers. */
  List<SyncPromptSpecification> specifications(ToolSelection selection) {
    return specifications().stream().filter(s -> selection.offers(toolOf(s.prompt()))).toList();
  }

  List<SyncPromptSpecification> specifications() {
    return List.of(
        new SyncPromptSpecification(SECOND_OPINION, (exchange, request) -> secondOpinion(request)),
        new SyncPromptSpecification(SUMMARIZE_FILE, (exchange, request) -> summarizeFile(request)),
        new SyncPromptSpecification(
            CONTINUE_SESSION,
            (exchange, request) ->
                continueSession(request, resources, backend.storeFor(exchange))));
  }

  static GetPromptResult secondOpinion(GetPromptRequest request) {
    String text = argument(request, "text", true);
    String question = argument(request, "question", false);
    String model = argument(request, "model", false);
    String body =
        "Get a second opinion from a local model: call the `ask` tool with "
            + modelClause(model)
            + " and, as `prompt`, the question and the text below. Then report the local model's"
            + " view next to your own: where the two agree, where they differ, and which you"
            + " think is right.\n\nQuestion: "
            + (question != null
                ? question
                : "Review this critically: what is wrong, risky or missing, and what would you"
                    + " do differently?")
            + "\n\nText:\n\n"
            + fenced(text);
    return result(
        "A second opinion from " + (model != null ? model : "a loaded model"), user(body));
  }

  static GetPromptResult summarizeFile(GetPromptRequest request) {
    String path = argument(request, "path", true);
    String model = argument(request, "model", false);
    String focus = argument(request, "focus", false);
    if (path.indexOf('\0') >= 0) {
      throw invalid("The argument \"path\" holds a NUL character, which no file path has.");
    }
    String body =
        "Summarize the file "
            + Json.write(path)
            + " with a local model. Read the file yourself (this server does not read files),"
            + " then call the `ask` tool with "
            + modelClause(model)
            + " and, as `prompt`, a request for a concise summary of the file"
            + (focus != null ? " focusing on " + Json.write(focus) : "")
            + ", followed by the file's full text. If the file is too long for one prompt,"
            + " summarize it in parts and combine the parts' summaries the same way. Return"
            + " that summary and say which model wrote it.";
    return result("A summary of " + path + " by a local model", user(body));
  }

  static GetPromptResult continueSession(
      GetPromptRequest request, Resources resources, SessionStore store) {
    String id = argument(request, "session_id", true);
    String message = argument(request, "message", false);
    String transcript =
        resources
            .findTranscript(store, id)
            .orElseThrow(
                () ->
                    invalid(
                        "No chat session " + Json.write(id) + "; chat list shows the stored ones"));
    EmbeddedResource attached =
        new EmbeddedResource(
            null,
            new TextResourceContents(Resources.uri(id), "text/markdown", transcript, null),
            null);
    String body =
        "Above is the transcript of chat session "
            + Json.write(id)
            + " with a local model. Continue it: call the `chat` tool with action \"send\","
            + " session_id "
            + Json.write(id)
            + (message != null
                ? " and, as `message`, the text below. Then show me the model's answer.\n\n"
                    + fenced(message)
                : " and, as `message`, what I ask you to say next (ask me if I have not said it)."
                    + " Then show me the model's answer.");
    return new GetPromptResult(
        "Continue chat session " + id,
        List.of(new PromptMessage(Role.USER, attached), user(body)),
        null);
  }

  /** Which model {@code ask} should use, for the message. */
  private static String modelClause(String model) {
    return model != null
        ? "model " + Json.write(model)
        : "a loaded model from `model_list` (with `loaded_only`)";
  }

  /**
   * The text between fences of backticks longer than any run of backticks in it, so that no text
   * can end its fence early.
   */
  static String fenced(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence;
  }

  /**
   * A string argument, bounded by its limit; an empty one counts as absent.
   *
   * @throws McpError invalid params when a required one is missing, or one is not a string or too
   *     long
   */
  private static String argument(GetPromptRequest request, String name, boolean required) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    if (value == null || "".equals(value)) {
      if (required) {
        throw invalid("The prompt " + request.name() + " needs the argument \"" + name + "\".");
      }
      return null;
    }
    if (!(value instanceof String text)) {
      throw invalid("The argument \"" + name + "\" must be a string.");
    }
    int limit = LIMITS.get(name);
    if (text.length() > limit) {
      throw invalid(
          "The argument \""
              + name
              + "\" has "
              + text.length()
              + " characters; the most it takes is "
              + limit
              + ".");
    }
    return text;
  }

  private static PromptArgument argument(String name, String description, boolean required) {
    return PromptArgument.builder(name).description(description).required(required).build();
  }

  private static PromptMessage user(String text) {
    return new PromptMessage(Role.USER, new TextContent(null, text, null));
  }

  private static GetPromptResult result(String description, PromptMessage message) {
    return new GetPromptResult(description, List.of(message), null);
  }

  private static McpError invalid(String message) {
    return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
  }
}
