package io.github.lmstudiojava.client.openai;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call a {@link ToolLoop} ran (or refused) and answered: what the model asked, what was
 * sent back, and how long it took.
 *
 * <pre>{@code
 * loop.onToolCall(inv -> System.err.printf("round %d: %s(%s) -> %s%n",
 *     inv.round(), inv.name(), inv.arguments(), inv.isError() ? inv.error() : inv.result()));
 * }</pre>
 *
 * @param round the round whose reply asked for the call, from 1
 * @param callId the id of the call, as quoted in the tool message (made up when the model sent
 *     none)
 * @param name the function the model called
 * @param arguments the arguments as the model wrote them
 * @param parsedArguments the arguments as a JSON object; null when they are not one
 * @param result the handler's result as sent; null when the call failed
 * @param error why the call failed (unknown tool, unreadable or mismatching arguments, the
 *     handler's exception, a result with no JSON form); null when it succeeded
 * @param duration how long checking and running the call took
 */
public record ToolInvocation(
    int round,
    String callId,
    String name,
    String arguments,
    Map<String, Object> parsedArguments,
    String result,
    String error,
    Duration duration) {

  /** Checks that exactly one of result and error is given. */
  public ToolInvocation {
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(arguments, "arguments == null");
    Objects.requireNonNull(duration, "duration == null");
    if ((result == null) == (error == null)) {
      throw new IllegalArgumentException("give either result or error");
    }
  }

  /**
   * Whether the call failed; the model was then sent {@code {"error": "..."}}.
   *
   * @return true when {@link #error()} is set
   */
  public boolean isError() {
    return error != null;
  }

  /**
   * The content of the tool message sent back to the model: the result, or the error as {@code
   * {"error": "..."}}.
   *
   * @return the text sent
   */
  public String content() {
    return error != null ? ToolJson.error(error) : result;
  }
}
