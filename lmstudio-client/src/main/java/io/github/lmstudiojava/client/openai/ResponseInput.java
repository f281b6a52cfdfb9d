package io.github.lmstudiojava.client.openai;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One item of the {@code input} of a {@link ResponseRequest}: a message (user, system, developer or
 * assistant), a function call the model made earlier, or the output of such a call.
 *
 * <pre>{@code
 * ResponseInput.user("What is in this picture?"),
 * ResponseInput.user(ResponseInputContent.text("Describe it"), ResponseInputContent.image(dataUrl)),
 * ResponseInput.functionCallOutput(call.callId(), "{\"temperature\": 21}")
 * }</pre>
 *
 * <p>The shapes follow OpenAI's Responses API, which LM Studio's docs refer to.
 */
public sealed interface ResponseInput
    permits ResponseInput.Message, ResponseInput.FunctionCall, ResponseInput.FunctionCallOutput {

  /**
   * A user message with one text.
   *
   * @param text the text
   * @return the message
   */
  static Message user(String text) {
    return message("user", text);
  }

  /**
   * A user message with several parts, such as text and images.
   *
   * @param content the parts
   * @return the message
   */
  static Message user(ResponseInputContent... content) {
    return new Message("user", Arrays.asList(content));
  }

  /**
   * A system message.
   *
   * @param text the text
   * @return the message
   */
  static Message system(String text) {
    return message("system", text);
  }

  /**
   * A developer message (OpenAI's name for instructions that outrank the user's).
   *
   * @param text the text
   * @return the message
   */
  static Message developer(String text) {
    return message("developer", text);
  }

  /**
   * An earlier assistant answer, replayed.
   *
   * @param text the text
   * @return the message
   */
  static Message assistant(String text) {
    return message("assistant", text);
  }

  /**
   * A message with one text part.
   *
   * @param role {@code user}, {@code system}, {@code developer} or {@code assistant}
   * @param text the text
   * @return the message
   */
  static Message message(String role, String text) {
    return new Message(role, List.of(ResponseInputContent.text(text)));
  }

  /**
   * The output of a function the model called, to send back in the next request.
   *
   * @param callId the {@code call_id} of the model's {@link ResponseItem.FunctionCall}
   * @param output the function's output, usually JSON text
   * @return the item
   */
  static FunctionCallOutput functionCallOutput(String callId, String output) {
    return new FunctionCallOutput(callId, output);
  }

  /**
   * A message. A message whose content is a single text is sent with that text as its {@code
   * content} string.
   *
   * @param role {@code user}, {@code system}, {@code developer} or {@code assistant}
   * @param content the parts; not empty
   */
  record Message(String role, List<ResponseInputContent> content) implements ResponseInput {
    /** Checks the role and copies the parts. */
    public Message {
      Objects.requireNonNull(role, "role == null");
      Objects.requireNonNull(content, "content == null");
      if (content.isEmpty()) {
        throw new IllegalArgumentException("content is empty");
      }
      content = List.copyOf(content);
    }
  }

  /**
   * A function call the model made, replayed when earlier turns are sent without {@code
   * previous_response_id}.
   *
   * @param callId the call's id
   * @param name the function name
   * @param arguments the arguments as JSON text
   */
  record FunctionCall(String callId, String name, String arguments) implements ResponseInput {
    /** Checks the values. */
    public FunctionCall {
      Objects.requireNonNull(callId, "callId == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(arguments, "arguments == null");
    }

    /**
     * The input item replaying a call from a result.
     *
     * @param call the call the model made
     * @return the item
     */
    public static FunctionCall of(ResponseItem.FunctionCall call) {
      return new FunctionCall(call.callId(), call.name(), call.arguments());
    }
  }

  /**
   * The output of a function call.
   *
   * @param callId the call's id
   * @param output the function's output
   */
  record FunctionCallOutput(String callId, String output) implements ResponseInput {
    /** Checks the values. */
    public FunctionCallOutput {
      Objects.requireNonNull(callId, "callId == null");
      Objects.requireNonNull(output, "output == null");
    }
  }
}
