package io.github.lmstudiojava.client.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ToolLoop} ends with: the model's final answer, the whole conversation and every
 * tool call made on the way.
 *
 * <pre>{@code
 * ToolLoopResult r = loop.run("What is the weather in Paris?");
 * System.out.println(r.text());
 * ToolLoopResult next = loop.run(r.followUp("And in Rome?"));
 * }</pre>
 *
 * @param completion the last completion: the answer without tool calls
 * @param messages the conversation: the messages the loop started from, then every assistant
 *     message (with its tool calls), every tool message and the final answer
 * @param rounds how many requests were sent to the model, 1 or more
 * @param invocations every tool call run, in order
 */
public record ToolLoopResult(
    ChatCompletion completion,
    List<ChatMessage> messages,
    int rounds,
    List<ToolInvocation> invocations) {

  /** Copies the lists. */
  public ToolLoopResult {
    Objects.requireNonNull(completion, "completion == null");
    messages = List.copyOf(messages);
    invocations = List.copyOf(invocations);
  }

  /**
   * The final answer's text.
   *
   * @return the text; empty when the model gave none
   */
  public String text() {
    return completion.text();
  }

  /**
   * The conversation with one more user message, to continue with {@link ToolLoop#run(List)}.
   *
   * @param userText the next user message
   * @return a new list: {@link #messages()} and the user message
   */
  public List<ChatMessage> followUp(String userText) {
    List<ChatMessage> next = new ArrayList<>(messages);
    next.add(ChatMessage.user(userText));
    return next;
  }
}
