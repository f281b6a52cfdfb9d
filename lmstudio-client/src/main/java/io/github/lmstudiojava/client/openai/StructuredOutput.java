package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.JsonSchema;
import io.github.lmstudiojava.client.StructuredOutputException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Structured output over chat completions: asks for JSON following a record's schema and binds the
 * reply's content to the record.
 */
final class StructuredOutput {
  private StructuredOutput() {}

  /** The request with a strict {@code response_format} derived from the type, unless it has one. */
  static ChatCompletionRequest request(
      ChatCompletionRequest request, Class<? extends Record> type) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(type, "type == null");
    if (request.responseFormat() != null) {
      return request;
    }
    return request.toBuilder().responseFormat(ChatResponseFormat.jsonSchema(type)).build();
  }

  /**
   * Binds the first choice's text to the type.
   *
   * @throws StructuredOutputException when there is no text, or text of another shape
   */
  static <T> T read(ChatCompletion completion, Class<T> type) {
    ChatCompletion.Message message =
        completion.choices().isEmpty() ? null : completion.choices().get(0).message();
    String content = message == null ? null : message.content();
    if (content == null || content.isBlank()) {
      throw new StructuredOutputException(
          "The model gave no content to read as " + type.getSimpleName() + why(completion),
          content,
          type.getName(),
          null);
    }
    try {
      return JsonSchema.parse(content, type);
    } catch (StructuredOutputException e) {
      if (!"length".equals(completion.finishReason())) {
        throw e;
      }
      // The cause is the likeliest fix, so it leads the message; the mismatch stays as the cause.
      throw new StructuredOutputException(
          "The reply was cut off by the token limit (finish_reason \"length\"): raise max_tokens. "
              + e.getMessage(),
          e.rawText(),
          e.targetType(),
          e);
    }
  }

  private static String why(ChatCompletion completion) {
    List<ChatToolCall> calls = completion.toolCalls();
    if (!calls.isEmpty()) {
      return ": it called tools instead ("
          + calls.stream().map(ChatToolCall::name).collect(Collectors.joining(", "))
          + ")";
    }
    if (completion.choices().isEmpty()) {
      return ": the completion has no choice";
    }
    String reason = completion.finishReason();
    return reason == null
        ? " (no finish reason); the model may have refused or not support structured output"
        : " (finish_reason \""
            + reason
            + "\"); the model may have refused or not support structured output";
  }
}
