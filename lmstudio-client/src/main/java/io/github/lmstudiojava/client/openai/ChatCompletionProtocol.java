package io.github.lmstudiojava.client.openai;

/** The chunk stream of {@code POST /v1/chat/completions}, rebuilt into a {@link ChatCompletion}. */
final class ChatCompletionProtocol
    extends ChunkStreamProtocol<ChatCompletionChunk, ChatCompletion> {
  private final ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

  ChatCompletionProtocol(String what) {
    super(ChatCompletionJson.CHUNK, what);
  }

  @Override
  public void accept(ChatCompletionChunk chunk) {
    accumulator.accept(chunk);
  }

  @Override
  ChatCompletion build() {
    return accumulator.result();
  }

  @Override
  boolean generatedNothing() {
    return accumulator.isEmpty();
  }

  @Override
  String nothingGeneratedHint() {
    return ChatCompletion.nothingGeneratedHint();
  }

  @Override
  boolean allFinished() {
    return accumulator.isFinished();
  }

  @Override
  public String partialText() {
    return accumulator.result().text();
  }

  @Override
  public String describePartial() {
    ChatCompletion partial = accumulator.result();
    int calls = partial.toolCalls().size();
    String text = partial.text();
    if (!text.isEmpty()) {
      return text.length()
          + " characters of text"
          + (calls > 0 ? " and " + calls + " tool calls" : "");
    }
    if (calls > 0) {
      return calls + " tool calls";
    }
    return partial.reasoning().isEmpty()
        ? "nothing"
        : partial.reasoning().length() + " characters of reasoning";
  }
}
