package io.github.lmstudiojava.client.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds a {@link ChatCompletion} from the chunks of a streamed one: text, reasoning and tool
 * calls per choice, finish reasons, usage and stats. The streaming methods of {@link OpenAi} use
 * one; use your own to rebuild a completion from chunks received elsewhere.
 *
 * <pre>{@code
 * ChatCompletionAccumulator acc = new ChatCompletionAccumulator();
 * chunks.forEach(acc::accept);
 * ChatCompletion whole = acc.result();
 * }</pre>
 *
 * <p>A tool call's id and name arrive in its first piece and its arguments in fragments, several
 * calls interleaved and told apart by their {@code index}. Not thread-safe.
 */
public final class ChatCompletionAccumulator {
  private final Map<Integer, ChoiceState> choices = new TreeMap<>();
  private String id;
  private Long created;
  private String model;
  private String systemFingerprint;
  private CompletionUsage usage;
  private CompletionStats stats;

  /** Creates an empty accumulator. */
  public ChatCompletionAccumulator() {}

  /**
   * Takes one chunk into the result.
   *
   * @param chunk the chunk
   */
  public void accept(ChatCompletionChunk chunk) {
    id = id == null ? chunk.id() : id;
    created = created == null ? chunk.created() : created;
    model = model == null ? chunk.model() : model;
    if (chunk.systemFingerprint() != null) {
      systemFingerprint = chunk.systemFingerprint();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    if (chunk.stats() != null) {
      stats = chunk.stats();
    }
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      choices.computeIfAbsent(choice.index(), i -> new ChoiceState()).accept(choice);
    }
  }

  /**
   * Whether every choice received so far has its finish reason: then the answer is whole even if
   * the {@code [DONE]} marker never came.
   *
   * @return true when at least one choice arrived and all are finished
   */
  public boolean isFinished() {
    if (choices.isEmpty()) {
      return false;
    }
    for (ChoiceState choice : choices.values()) {
      if (choice.finishReason == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether nothing was generated so far: no choice at all, or choices without text, reasoning or
   * tool calls whose usage counts no generated token. A stream that ends so is not an answer: LM
   * Studio 0.3.x ends a stream with {@code [DONE]} alone when the prompt is longer than the model's
   * loaded context (lmstudio-bug-tracker#2339). The streaming methods of {@link OpenAi} fail such a
   * stream with a {@link io.github.lmstudiojava.client.LmStudioStreamException}.
   *
   * @return true when there is nothing to show
   */
  public boolean isEmpty() {
    return result().generatedNothing();
  }

  /**
   * The completion received so far; after the last chunk, the whole completion.
   *
   * @return the completion; choices still running have a null finish reason
   */
  public ChatCompletion result() {
    List<ChatCompletion.Choice> built = new ArrayList<>(choices.size());
    for (Map.Entry<Integer, ChoiceState> entry : choices.entrySet()) {
      built.add(entry.getValue().build(entry.getKey()));
    }
    return new ChatCompletion(id, created, model, built, usage, stats, systemFingerprint);
  }

  /** What one choice has received. */
  private static final class ChoiceState {
    private final TreeMap<Integer, ToolCallState> toolCalls = new TreeMap<>();
    private String role;
    private StringBuilder content;
    private StringBuilder reasoning;
    private String finishReason;
    private Integer lastToolIndex;

    void accept(ChatCompletionChunk.Choice choice) {
      ChatCompletionChunk.Delta delta = choice.delta();
      if (delta.role() != null) {
        role = delta.role();
      }
      if (delta.content() != null && !delta.content().isEmpty()) {
        content = (content == null ? new StringBuilder() : content).append(delta.content());
      }
      if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
        reasoning = (reasoning == null ? new StringBuilder() : reasoning).append(delta.reasoning());
      }
      for (ChatCompletionChunk.ToolCallDelta piece : delta.toolCalls()) {
        toolCalls.computeIfAbsent(toolIndex(piece), i -> new ToolCallState()).accept(piece);
      }
      if (choice.finishReason() != null) {
        finishReason = choice.finishReason();
      }
    }

    /**
     * The piece's index; without one (not seen from LM Studio, but tolerated), a piece with an id
     * starts a new call and a piece without continues the last.
     */
    private int toolIndex(ChatCompletionChunk.ToolCallDelta piece) {
      int index;
      if (piece.index() != null) {
        index = piece.index();
      } else if (piece.id() == null && lastToolIndex != null) {
        index = lastToolIndex;
      } else {
        index = toolCalls.isEmpty() ? 0 : toolCalls.lastKey() + 1;
      }
      lastToolIndex = index;
      return index;
    }

    ChatCompletion.Choice build(int index) {
      List<ChatToolCall> calls = new ArrayList<>(toolCalls.size());
      for (ToolCallState call : toolCalls.values()) {
        calls.add(call.build());
      }
      ChatCompletion.Message message =
          new ChatCompletion.Message(
              role == null ? "assistant" : role,
              content == null ? null : content.toString(),
              reasoning == null ? null : reasoning.toString(),
              calls);
      return new ChatCompletion.Choice(index, message, finishReason);
    }
  }

  /** What one tool call has received. */
  private static final class ToolCallState {
    private final StringBuilder arguments = new StringBuilder();
    private String id;
    private String type;
    private String name;

    /**
     * Ids, types and names replace what came before, while arguments add up, as OpenAI's own SDK
     * does: LM Studio before 0.3.16 sent the name again, empty, after the first piece.
     */
    void accept(ChatCompletionChunk.ToolCallDelta piece) {
      if (piece.id() != null && !piece.id().isEmpty()) {
        id = piece.id();
      }
      if (piece.type() != null && !piece.type().isEmpty()) {
        type = piece.type();
      }
      ChatCompletionChunk.FunctionDelta function = piece.function();
      if (function != null) {
        if (function.name() != null && !function.name().isEmpty()) {
          name = function.name();
        }
        if (function.arguments() != null) {
          arguments.append(function.arguments());
        }
      }
    }

    ChatToolCall build() {
      return new ChatToolCall(
          id,
          type == null ? "function" : type,
          new ChatToolCall.Function(name == null ? "" : name, arguments.toString()));
    }
  }
}
