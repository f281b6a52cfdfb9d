package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.LmStudioException;
import java.util.List;

/**
 * A {@link ToolLoop} reached its round limit while the model still asked for tools. The calls of
 * the last reply were run and answered, so {@link #messages()} is a whole conversation: pass it to
 * {@link ToolLoop#run(List)} to grant more rounds.
 */
public final class ToolLoopException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final transient List<ChatMessage> messages;
  private final transient List<ToolInvocation> invocations;
  private final transient ChatCompletion lastCompletion;
  private final int rounds;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param messages the conversation so far, ending with the last tool messages
   * @param invocations every tool call run
   * @param lastCompletion the last reply, which asked for tools
   * @param rounds how many requests were sent
   */
  public ToolLoopException(
      String message,
      List<ChatMessage> messages,
      List<ToolInvocation> invocations,
      ChatCompletion lastCompletion,
      int rounds) {
    super(message);
    this.messages = List.copyOf(messages);
    this.invocations = List.copyOf(invocations);
    this.lastCompletion = lastCompletion;
    this.rounds = rounds;
  }

  /**
   * The conversation so far: the starting messages, every assistant and tool message.
   *
   * @return the messages
   */
  public List<ChatMessage> messages() {
    return messages;
  }

  /**
   * Every tool call run, in order.
   *
   * @return the invocations
   */
  public List<ToolInvocation> invocations() {
    return invocations;
  }

  /**
   * The last reply, which still asked for tools.
   *
   * @return the completion
   */
  public ChatCompletion lastCompletion() {
    return lastCompletion;
  }

  /**
   * How many requests were sent to the model: the loop's limit.
   *
   * @return the rounds
   */
  public int rounds() {
    return rounds;
  }
}
