package io.github.lmstudiojava.client.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation, builders and helpers of the OpenAI-compatible request and result records. */
class OpenAiRecordsTest {
  private static final String PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII=";
  private static final byte[] PNG = java.util.Base64.getDecoder().decode(PNG_BASE64);

  @Test
  void chatCompletionRequestRefusesMissingOrOutOfRangeValues() {
    ChatCompletionRequest.Builder ok =
        ChatCompletionRequest.builder("m").messages(ChatMessage.user("Hi"));

    assertThatThrownBy(() -> ChatCompletionRequest.of(null, "Hi"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model == null");
    assertThatThrownBy(() -> ChatCompletionRequest.of(" ", "Hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model is blank");
    assertThatThrownBy(() -> ChatCompletionRequest.builder("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages is empty");
    assertThatThrownBy(() -> ok.temperature(-0.1).build()).hasMessage("temperature < 0: -0.1");
    assertThatThrownBy(() -> ok.temperature(null).topP(1.5).build())
        .hasMessage("topP must be within [0, 1]: 1.5");
    assertThatThrownBy(() -> ok.topP(null).topK(-1).build()).hasMessage("topK < 0: -1");
    assertThatThrownBy(() -> ok.topK(null).repeatPenalty(0.0).build())
        .hasMessage("repeatPenalty <= 0: 0.0");
    assertThatThrownBy(() -> ok.repeatPenalty(null).maxTokens(0).build())
        .hasMessage("maxTokens must be more than 0, or -1: 0");
    assertThatThrownBy(() -> ok.maxTokens(-2).build())
        .hasMessage("maxTokens must be more than 0, or -1: -2");
    assertThatThrownBy(() -> ok.maxTokens(null).ttl(0).build()).hasMessage("ttl <= 0: 0");
    assertThatThrownBy(() -> ok.ttl(null).stop("").build())
        .hasMessageStartingWith("stop sequences must not be null or empty");
    assertThat(ok.stop().maxTokens(-1).build().maxTokens()).isEqualTo(-1);
  }

  @Test
  void chatCompletionRequestCopiesAndRebuildsEveryValue() {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.system("s"))
            .addMessage(ChatMessage.user("u"))
            .tools(ChatTool.function("now", "Time"))
            .toolChoice(ChatToolChoice.REQUIRED)
            .responseFormat(ChatResponseFormat.text())
            .temperature(0.1)
            .topP(0.2)
            .topK(3)
            .maxTokens(4)
            .stop("x")
            .presencePenalty(0.5)
            .frequencyPenalty(0.6)
            .repeatPenalty(1.7)
            .logitBias(Map.of(1, 2))
            .seed(8L)
            .includeUsage(false)
            .ttl(9)
            .draftModel("d")
            .reasoningEffort("high")
            .timeouts(Timeouts.defaults().withIdle(Duration.ofSeconds(10)))
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.toBuilder().model("n").build().model()).isEqualTo("n");
    assertThat(request.messages()).hasSize(2);
    assertThatThrownBy(() -> request.messages().add(ChatMessage.user("more")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(ChatCompletionRequest.of("m", "Hi").tools()).isEmpty();
    assertThat(ChatCompletionRequest.of("m", "Hi").stop()).isEmpty();
    assertThat(ChatCompletionRequest.of("m", "Hi").logitBias()).isEmpty();
  }

  @Test
  void completionAndEmbeddingRequestsCheckAndRebuildTheirValues() {
    CompletionRequest completion =
        CompletionRequest.builder("m", "p").maxTokens(5).echo(false).stop("a", "b").build();
    assertThat(completion.toBuilder().build()).isEqualTo(completion);
    assertThat(completion.toBuilder().prompt("q").build().prompt()).isEqualTo("q");
    assertThatThrownBy(() -> CompletionRequest.of("m", null)).hasMessage("prompt == null");
    assertThatThrownBy(() -> CompletionRequest.builder("m", "p").topP(-0.1).build())
        .hasMessage("topP must be within [0, 1]: -0.1");

    EmbeddingRequest embedding = EmbeddingRequest.builder("e").input("a", "b").ttl(5).build();
    assertThat(embedding.toBuilder().build()).isEqualTo(embedding);
    assertThat(EmbeddingRequest.of("e", List.of("x")).input()).containsExactly("x");
    assertThatThrownBy(() -> EmbeddingRequest.of("e")).hasMessage("input is empty");
    assertThatThrownBy(() -> EmbeddingRequest.builder("e").input("a").ttl(-1).build())
        .hasMessage("ttl <= 0: -1");
  }

  @Test
  void messagesCheckTheirContent() {
    assertThat(ChatMessage.system("s").role()).isEqualTo("system");
    assertThat(ChatMessage.user("u").role()).isEqualTo("user");
    assertThat(ChatMessage.assistant("a").role()).isEqualTo("assistant");
    assertThat(ChatMessage.tool("1", "r").role()).isEqualTo("tool");
    assertThatThrownBy(() -> ChatMessage.system(null)).hasMessage("content == null");
    assertThatThrownBy(() -> ChatMessage.user(List.of())).hasMessage("content is empty");
    assertThatThrownBy(() -> ChatMessage.assistant(List.of()))
        .hasMessage("content == null and no toolCalls");
    assertThatThrownBy(() -> ChatMessage.tool(null, "r")).hasMessage("toolCallId == null");
    assertThat(ChatMessage.user(ChatContentPart.text("a"), ChatContentPart.text("b")).content())
        .hasSize(2);
  }

  @Test
  void imagePartsBecomeDataUrlsWithTheRecognisedType(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pixel.png");
    Files.write(file, PNG);

    ChatContentPart.ImageUrl fromFile = ChatContentPart.image(file);
    ChatContentPart.ImageUrl fromBytes = ChatContentPart.image(PNG);

    assertThat(fromFile.url()).isEqualTo("data:image/png;base64," + PNG_BASE64);
    assertThat(fromBytes).isEqualTo(fromFile);
    assertThat(ChatContentPart.image(new byte[] {1, 2}, "image/webp").url())
        .isEqualTo("data:image/webp;base64,AQI=");
    assertThat(fromFile.toString())
        .isEqualTo("ImageUrl[image/png, " + fromFile.url().length() + " chars]");
    assertThat(ChatContentPart.imageUrl("https://example.com/cat.png").toString())
        .isEqualTo("ImageUrl[https://example.com/cat.png]");
    assertThatThrownBy(() -> ChatContentPart.image(new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChatContentPart.imageUrl(" ")).hasMessage("url is blank");
  }

  @Test
  void toolsSchemasAndChoicesAreChecked() {
    assertThat(ChatTool.function("f", "d", Map.of("type", "object")).parameters())
        .isEqualTo("{\"type\":\"object\"}");
    assertThatThrownBy(() -> ChatTool.function("f", "d", "[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameters is not a JSON object: [1]");
    assertThatThrownBy(() -> ChatTool.function("f", "d", "{\"type\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameters is not valid JSON");
    assertThatThrownBy(() -> ChatTool.function(" ", null)).hasMessage("name is blank");
    assertThatThrownBy(() -> ChatResponseFormat.jsonSchema("s", "\"string\""))
        .hasMessage("schema is not a JSON object: \"string\"");
    assertThatThrownBy(() -> new ChatResponseFormat("text", "n", null, null))
        .hasMessage("only json_schema takes a name, schema and strict");
    assertThat(ChatResponseFormat.jsonSchema("s", Map.of()).withStrict(false).strict()).isFalse();
    assertThatThrownBy(() -> new ChatToolChoice("auto", "f"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ChatToolChoice.function("f")).isEqualTo(new ChatToolChoice(null, "f"));
  }

  @Test
  void usageAddsUpCountsThatArePresent() {
    CompletionUsage a = new CompletionUsage(1, null, 1);
    CompletionUsage b = new CompletionUsage(2, 3, null);

    assertThat(a.plus(b)).isEqualTo(new CompletionUsage(3, 3, 1));
    assertThat(a.plus(null)).isSameAs(a);
  }

  @Test
  void accumulatorRebuildsToolCallPiecesThatLackAnIndex() {
    ChatCompletionAccumulator acc = new ChatCompletionAccumulator();
    assertThat(acc.isFinished()).isFalse();
    assertThat(acc.result().choices()).isEmpty();

    acc.accept(chunk(piece("call_1", "f", "{\"a\"")));
    acc.accept(chunk(piece(null, null, ":1}")));
    acc.accept(chunk(piece("call_2", "g", "{}")));
    assertThat(acc.isFinished()).isFalse();
    acc.accept(
        new ChatCompletionChunk(
            "c",
            null,
            "m",
            List.of(new ChatCompletionChunk.Choice(0, null, "tool_calls")),
            null,
            null,
            null));

    assertThat(acc.isFinished()).isTrue();
    assertThat(acc.result().toolCalls())
        .containsExactly(
            ChatToolCall.of("call_1", "f", "{\"a\":1}"), ChatToolCall.of("call_2", "g", "{}"));
    assertThat(acc.result().choices().get(0).message().role()).isEqualTo("assistant");
  }

  private static ChatCompletionChunk chunk(ChatCompletionChunk.ToolCallDelta piece) {
    return new ChatCompletionChunk(
        "c",
        1L,
        "m",
        List.of(
            new ChatCompletionChunk.Choice(
                0, new ChatCompletionChunk.Delta(null, null, null, List.of(piece)), null)),
        null,
        null,
        null);
  }

  private static ChatCompletionChunk.ToolCallDelta piece(String id, String name, String args) {
    return new ChatCompletionChunk.ToolCallDelta(
        null,
        id,
        id == null ? null : "function",
        new ChatCompletionChunk.FunctionDelta(name, args));
  }
}
