package io.github.lmstudiojava.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a stored conversation.
 *
 * <p>Build turns with {@link #user}, {@link #assistant}, {@link #system} or {@link #tool} and the
 * {@code with...} copies; a store gives them their {@link #index()} and, when absent, their time
 * when it appends them.
 *
 * @param index the turn's position in its session, from 0; -1 for a turn not stored yet
 * @param role who wrote it
 * @param content the text; never null
 * @param reasoning the model's reasoning, apart from its answer; may be null
 * @param toolCalls the tool calls an assistant turn made; never null
 * @param toolCallId for a {@link Role#TOOL} turn, the call it answers; otherwise null
 * @param model the model that wrote an assistant turn; may be null
 * @param promptTokens tokens LM Studio counted for the prompt of an assistant turn; may be null
 * @param completionTokens tokens it generated for the turn; may be null
 * @param responseId LM Studio's {@code response_id} for the turn, when it gave one; may be null
 * @param createdAt when the turn was written; set by the store when null
 */
public record Turn(
    long index,
    Role role,
    String content,
    String reasoning,
    List<ToolCall> toolCalls,
    String toolCallId,
    String model,
    Integer promptTokens,
    Integer completionTokens,
    String responseId,
    Instant createdAt) {

  /** Checks the values and copies the list. */
  public Turn {
    Objects.requireNonNull(role, "role == null");
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (index < -1) {
      throw new IllegalArgumentException("index < -1: " + index);
    }
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("a tool turn needs the toolCallId it answers");
    }
    if (role != Role.ASSISTANT && !toolCalls.isEmpty()) {
      throw new IllegalArgumentException("only assistant turns make tool calls");
    }
  }

  /**
   * A user turn.
   *
   * @param content the text
   * @return the turn, not stored yet
   */
  public static Turn user(String content) {
    return of(Role.USER, content);
  }

  /**
   * An assistant turn.
   *
   * @param content the text
   * @return the turn, not stored yet
   */
  public static Turn assistant(String content) {
    return of(Role.ASSISTANT, content);
  }

  /**
   * A system turn.
   *
   * @param content the instructions
   * @return the turn, not stored yet
   */
  public static Turn system(String content) {
    return of(Role.SYSTEM, content);
  }

  /**
   * A tool result turn.
   *
   * @param toolCallId the call it answers
   * @param content the tool's output
   * @return the turn, not stored yet
   */
  public static Turn tool(String toolCallId, String content) {
    Objects.requireNonNull(toolCallId, "toolCallId == null");
    return new Turn(
        -1, Role.TOOL, content, null, List.of(), toolCallId, null, null, null, null, null);
  }

  private static Turn of(Role role, String content) {
    Objects.requireNonNull(content, "content == null");
    return new Turn(-1, role, content, null, List.of(), null, null, null, null, null, null);
  }

  /**
   * A copy with the model's reasoning.
   *
   * @param reasoning the reasoning, or null
   * @return the copy
   */
  public Turn withReasoning(String reasoning) {
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }

  /**
   * A copy with the tool calls an assistant turn made.
   *
   * @param toolCalls the calls
   * @return the copy
   */
  public Turn withToolCalls(List<ToolCall> toolCalls) {
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }

  /**
   * A copy naming the model that wrote the turn.
   *
   * @param model the model key, or null
   * @return the copy
   */
  public Turn withModel(String model) {
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }

  /**
   * A copy with the token counts LM Studio reported.
   *
   * @param promptTokens tokens of the prompt, or null
   * @param completionTokens tokens generated, or null
   * @return the copy
   */
  public Turn withUsage(Integer promptTokens, Integer completionTokens) {
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }

  /**
   * A copy with LM Studio's response id.
   *
   * @param responseId such as {@code resp_...}, or null
   * @return the copy
   */
  public Turn withResponseId(String responseId) {
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }

  /**
   * A copy as stored: with its index and time. Used by stores.
   *
   * @param index the position in the session
   * @param createdAt the time
   * @return the copy
   */
  public Turn stored(long index, Instant createdAt) {
    Objects.requireNonNull(createdAt, "createdAt == null");
    if (index < 0) {
      throw new IllegalArgumentException("index < 0: " + index);
    }
    return new Turn(
        index,
        role,
        content,
        reasoning,
        toolCalls,
        toolCallId,
        model,
        promptTokens,
        completionTokens,
        responseId,
        createdAt);
  }
}
