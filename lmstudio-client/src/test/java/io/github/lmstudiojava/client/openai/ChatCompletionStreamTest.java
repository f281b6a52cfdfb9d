package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.bytes;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.chunk;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.content;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.data;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.done;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.fixtureStream;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.helloStream;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.quote;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.texts;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.toolPiece;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.StreamError;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding recorded chat completion chunk streams into chunks and a rebuilt completion. */
class ChatCompletionStreamTest {

  /** Reads every chunk, then the result; both are kept for the assertions. */
  private static List<ChatCompletionChunk> readAll(InputStream sse, ChatCompletion[] result) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(sse)) {
      for (ChatCompletionChunk chunk : stream) {
        chunks.add(chunk);
      }
      result[0] = stream.result();
    }
    return chunks;
  }

  private static ChatCompletion replay(String sse) {
    ChatCompletion[] result = new ChatCompletion[1];
    readAll(trickle(sse), result);
    return result[0];
  }

  @Test
  void docsToolCallStreamRebuildsTheCallFromItsPieces() {
    ChatCompletion[] result = new ChatCompletion[1];

    List<ChatCompletionChunk> chunks = readAll(fixtureStream("stream-tool-call-docs.sse"), result);

    assertThat(chunks).hasSize(8);
    assertThat(chunks.get(1).choices().get(0).delta().toolCalls())
        .containsExactly(
            new ChatCompletionChunk.ToolCallDelta(
                0,
                "814890118",
                "function",
                new ChatCompletionChunk.FunctionDelta("get_current_weather", "")));
    assertThat(chunks.get(2).choices().get(0).delta().toolCalls())
        .containsExactly(
            new ChatCompletionChunk.ToolCallDelta(
                0, null, null, new ChatCompletionChunk.FunctionDelta(null, "{\"")));
    ChatCompletion completion = result[0];
    assertThat(completion.id()).isEqualTo("chatcmpl-docs");
    assertThat(completion.created()).isEqualTo(1730913210L);
    assertThat(completion.model()).isEqualTo("lmstudio-community/qwen2.5-7b-instruct");
    assertThat(completion.systemFingerprint()).isEqualTo("lmstudio-community/qwen2.5-7b-instruct");
    assertThat(completion.finishReason()).isEqualTo("tool_calls");
    assertThat(completion.choices().get(0).message().role()).isEqualTo("assistant");
    assertThat(completion.choices().get(0).message().content()).isNull();
    assertThat(completion.toolCalls())
        .containsExactly(
            ChatToolCall.of(
                "814890118", "get_current_weather", "{\"location\":\"San Francisco\"}"));
    assertThat(completion.toolCalls().get(0).argumentsMap())
        .isEqualTo(Map.of("location", "San Francisco"));
  }

  @Test
  void argumentFragmentsSplitMidEscapeAndMidCharacterAreJoinedExactly() {
    String arguments = "{\"path\":\"C:\\\\dir\\\\naïve ☃\",\"q\":\"say \\\"hi\\\"\"}";
    List<String> fragments =
        List.of(
            "{\"pa", "th\":\"C:\\", "\\dir\\", "\\naï", "ve ☃\",\"q\":\"say \\", "\"hi\\", "\"\"}");
    assertThat(String.join("", fragments)).isEqualTo(arguments);
    StringBuilder sse = new StringBuilder(chunk(toolPiece(0, "call_7", "read_file", ""), null));
    for (String fragment : fragments) {
      sse.append(chunk(toolPiece(0, null, null, fragment), null));
    }
    sse.append(chunk("{}", "tool_calls")).append(done());

    ChatCompletion completion = replay(sse.toString());

    ChatToolCall call = completion.toolCalls().get(0);
    assertThat(call.arguments()).isEqualTo(arguments);
    assertThat(call.argumentsMap())
        .isEqualTo(Map.of("path", "C:\\dir\\naïve ☃", "q", "say \"hi\""));
  }

  @Test
  void twoParallelToolCallsInterleavedAreRebuiltByIndex() {
    String sse =
        chunk(toolPiece(0, "call_a", "get_weather", ""), null)
            + chunk(toolPiece(1, "call_b", "get_time", ""), null)
            + chunk(toolPiece(0, null, null, "{\"city\":"), null)
            + chunk(toolPiece(1, null, null, "{\"zone\":"), null)
            + chunk(toolPiece(1, null, null, "\"CET\"}"), null)
            // LM Studio before 0.3.16 sent an empty name again: it must not erase the name.
            + chunk(toolPiece(0, null, "", "\"Paris\"}"), null)
            + chunk("{}", "tool_calls")
            + done();

    ChatCompletion completion = replay(sse);

    assertThat(completion.toolCalls())
        .containsExactly(
            ChatToolCall.of("call_a", "get_weather", "{\"city\":\"Paris\"}"),
            ChatToolCall.of("call_b", "get_time", "{\"zone\":\"CET\"}"));
  }

  @Test
  void usageOnlyLastChunkWithoutChoicesGivesTheUsage() {
    String sse =
        helloStream().replace(done(), "")
            + data(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"qwen/qwen3-4b\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}")
            + done();
    ChatCompletion[] result = new ChatCompletion[1];

    List<ChatCompletionChunk> chunks = readAll(bytes(sse), result);

    assertThat(texts(chunks)).containsExactly("", "Hel", "lo!", "", "");
    assertThat(chunks.get(4).choices()).isEmpty();
    assertThat(chunks.get(4).usage()).isEqualTo(new CompletionUsage(12, 3, 15));
    assertThat(result[0].text()).isEqualTo("Hello!");
    assertThat(result[0].finishReason()).isEqualTo("stop");
    assertThat(result[0].usage()).isEqualTo(new CompletionUsage(12, 3, 15));
    assertThat(result[0].choices()).hasSize(1);
  }

  @Test
  void reasoningDeltasAccumulateApartFromTheText() {
    String sse =
        chunk("{\"role\":\"assistant\",\"reasoning\":\"The user \"}", null)
            + chunk("{\"reasoning\":\"wants 42.\"}", null)
            + chunk("{\"reasoning_content\":\" Sure.\"}", null)
            + chunk(content("42"), null)
            + chunk("{}", "stop")
            + done();
    ChatCompletion[] result = new ChatCompletion[1];

    List<ChatCompletionChunk> chunks = readAll(bytes(sse), result);

    assertThat(chunks)
        .extracting(ChatCompletionChunk::reasoning)
        .containsExactly("The user ", "wants 42.", " Sure.", "", "");
    assertThat(result[0].reasoning()).isEqualTo("The user wants 42. Sure.");
    assertThat(result[0].text()).isEqualTo("42");
  }

  @Test
  void severalChoicesAreRebuiltSeparately() {
    String sse =
        chunk(0, content("Red"), null)
            + chunk(1, content("Blue"), null)
            + chunk(1, content(" sky"), "stop")
            + chunk(0, content(" sun"), "length")
            + done();

    ChatCompletion completion = replay(sse);

    assertThat(completion.choices())
        .extracting(c -> c.index() + ":" + c.message().content() + ":" + c.finishReason())
        .containsExactly("0:Red sun:length", "1:Blue sky:stop");
  }

  @Test
  void streamEndingWithoutDoneIsWholeWhenEveryChoiceFinished() {
    ChatCompletion completion = replay(helloStream().replace(done(), ""));

    assertThat(completion.text()).isEqualTo("Hello!");
    assertThat(completion.finishReason()).isEqualTo("stop");
  }

  @Test
  void streamCutBeforeAFinishReasonFailsWithThePartialCompletion() {
    String sse =
        chunk(content("Once upon"), null) + chunk(toolPiece(0, "call_1", "draw", "{\"x\""), null);
    List<ChatCompletionChunk> seen = new ArrayList<>();

    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(trickle(sse))) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error()).isNull();
                assertThat(e.partialText()).isEqualTo("Once upon");
                assertThat(e.partialResult()).isNull();
                ChatCompletion partial = (ChatCompletion) e.partial();
                assertThat(partial.text()).isEqualTo("Once upon");
                assertThat(partial.finishReason()).isNull();
                assertThat(partial.toolCalls())
                    .containsExactly(ChatToolCall.of("call_1", "draw", "{\"x\""));
                assertThat(e.getMessage())
                    .contains("[DONE]")
                    .contains("9 characters of text and 1 tool calls");
              });
      assertThatThrownBy(stream::result).isInstanceOf(LmStudioStreamException.class);
    }
    assertThat(seen).hasSize(2);
  }

  @Test
  void errorObjectMidStreamFailsWithTheErrorAndWhatCameBefore() {
    String sse =
        chunk(content("Partial"), null)
            + data(
                "{\"error\":{\"message\":\"The model has crashed without additional information.\","
                    + "\"type\":\"internal_error\",\"param\":null,\"code\":\"model_crashed\"}}")
            + chunk(content(" never read"), "stop")
            + done();
    List<ChatCompletionChunk> seen = new ArrayList<>();

    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(bytes(sse))) {
      assertThatThrownBy(() -> stream.forEach(seen::add))
          .isInstanceOfSatisfying(
              LmStudioStreamException.class,
              e -> {
                assertThat(e.error())
                    .isEqualTo(
                        new StreamError(
                            "internal_error",
                            "The model has crashed without additional information.",
                            "model_crashed",
                            null));
                assertThat(e.partialText()).isEqualTo("Partial");
                assertThat(((ChatCompletion) e.partial()).text()).isEqualTo("Partial");
                assertThat(e.getMessage())
                    .contains("a replayed stream")
                    .contains("The model has crashed")
                    .contains("[internal_error]");
              });
    }
    assertThat(texts(seen)).containsExactly("Partial");
  }

  @Test
  void errorEventIsReadLikeAnErrorObject() {
    String sse =
        chunk(content("A"), null)
            + "event: error\ndata: {\"error\":{\"message\":\"Context length exceeded\"}}\n\n";

    assertThatThrownBy(() -> replay(sse))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error().message()).isEqualTo("Context length exceeded");
              assertThat(e.partialText()).isEqualTo("A");
            });
  }

  @Test
  void malformedChunkFailsNamingTheChunkAndKeepsWhatCameBefore() {
    String sse =
        chunk(content("Good"), null)
            + data("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,")
            + done();

    assertThatThrownBy(() -> replay(sse))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isNull();
              assertThat(e.partialText()).isEqualTo("Good");
              assertThat(((ChatCompletion) e.partial()).text()).isEqualTo("Good");
              assertThat(e.getMessage())
                  .contains("could not be read")
                  .contains("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,");
              assertThat(e.getCause()).isNotNull();
            });
  }

  @Test
  void chunkOfTheWrongShapeFailsLikeMalformedJson() {
    String sse = chunk(content("Good"), null) + data("{\"choices\": [null]}") + done();

    assertThatThrownBy(() -> replay(sse))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class, e -> assertThat(e.partialText()).isEqualTo("Good"));
  }

  @Test
  void doneAloneIsAFailureNotAnEmptyAnswer() {
    // LM Studio 0.3.x, prompt longer than the loaded context (lmstudio-bug-tracker#2339).
    List<ChatCompletionChunk> seen = new ArrayList<>();

    assertThatThrownBy(
            () -> {
              try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
                  OpenAi.replayChatCompletion(bytes(done()))) {
                stream.forEach(seen::add);
              }
            })
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isNull();
              assertThat(e.partialText()).isEmpty();
              assertThat(((ChatCompletion) e.partial()).choices()).isEmpty();
              assertThat(e.getMessage())
                  .contains("without generating anything")
                  .contains("lmstudio-bug-tracker#2339")
                  .contains("larger context length");
            });
    assertThat(seen).isEmpty();
  }

  @Test
  void finishedChoiceWithoutDeltasOrGeneratedTokensIsAFailureToo() {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
            + chunk("{}", "stop")
            + data(
                "{\"id\":\"chatcmpl-1\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":36000,\"completion_tokens\":0,"
                    + "\"total_tokens\":36000}}")
            + done();

    assertThatThrownBy(() -> replay(sse))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(((ChatCompletion) e.partial()).usage().promptTokens()).isEqualTo(36000);
              assertThat(e.getMessage()).contains("without generating anything");
            });
  }

  @Test
  void anEmptyTextWithGeneratedTokensIsStillAnAnswer() {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
            + chunk("{}", "stop")
            + data(
                "{\"id\":\"chatcmpl-1\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,"
                    + "\"total_tokens\":6}}")
            + done();

    ChatCompletion result = replay(sse);

    assertThat(result.text()).isEmpty();
    assertThat(result.finishReason()).isEqualTo("stop");
  }

  @Test
  void accumulatorTellsAnEmptyAnswerFromAnAnswer() {
    ChatCompletionAccumulator empty = new ChatCompletionAccumulator();
    ChatCompletionAccumulator answered = new ChatCompletionAccumulator();
    List<ChatCompletionChunk> hello = new ArrayList<>();
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(bytes(helloStream()))) {
      stream.forEach(hello::add);
    }

    ChatCompletionAccumulator roleOnly = new ChatCompletionAccumulator();
    roleOnly.accept(hello.get(0));
    hello.forEach(answered::accept);

    assertThat(empty.isEmpty()).isTrue();
    // A choice without text but also without a usage to tell: possibly a model's empty answer.
    assertThat(roleOnly.isEmpty()).isFalse();
    assertThat(answered.isEmpty()).isFalse();
  }

  @Test
  void contextOverflowErrorEventOfLmStudio0421FailsWithItsMessage() {
    // The shape of lmstudio-bug-tracker#2322: status 200, an error event, the message twice.
    String message = "Input does not fit in context length. Load the model with a larger context.";
    String sse =
        "event: error\ndata: {\"error\":{\"message\":"
            + quote(message)
            + "},\"message\":"
            + quote(message)
            + "}\n\n";

    assertThatThrownBy(() -> replay(sse))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> {
              assertThat(e.error()).isEqualTo(new StreamError(null, message, null, null));
              assertThat(e.getMessage()).contains(message);
              assertThat(e.partialText()).isEmpty();
            });
  }
}
