package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import io.github.lmstudiojava.testing.RawHttp.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class FakeOpenAiChatTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String HELLO =
      """
      {"model":"ibm/granite-4-micro","messages":[
        {"role":"system","content":"Always answer in rhymes."},
        {"role":"user","content":"Introduce yourself."}]}""";
  private static final String WEATHER_TOOLS =
      """
      [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
         "properties":{"location":{"type":"string"},"unit":{"type":"string",
         "enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},
         "required":["location","unit","days"]}}},
       {"type":"function","function":{"name":"get_time","parameters":{"type":"object",
         "properties":{"zone":{"type":"string"}},"required":["zone"]}}}]""";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void chatCompletionAnswersTheLastUserMessageWithUsageAndStats() {
    Answer answer = RawHttp.post(fake, PATH, HELLO);

    assertThat(answer.status()).isEqualTo(200);
    Map<String, Object> json = answer.json();
    assertThat(json.keySet())
        .containsExactly(
            "id", "object", "created", "model", "choices", "usage", "stats", "system_fingerprint");
    assertThat((String) json.get("id")).startsWith("chatcmpl-");
    assertThat(json).containsEntry("object", "chat.completion");
    assertThat(json).containsEntry("model", FakeModel.LOADED_LLM);
    assertThat(json).containsEntry("stats", Map.of());
    Map<String, Object> choice = ((List<Map<String, Object>>) json.get("choices")).get(0);
    assertThat(choice.keySet()).containsExactly("index", "logprobs", "finish_reason", "message");
    assertThat(choice).containsEntry("finish_reason", "stop");
    assertThat((Map<String, Object>) choice.get("message"))
        .containsExactly(
            Map.entry("role", "assistant"), Map.entry("content", "You said: Introduce yourself."));
    // One token per four characters: the two messages joined by a newline, then the answer.
    assertThat((Map<String, Object>) json.get("usage"))
        .containsExactly(
            Map.entry("prompt_tokens", 11.0),
            Map.entry("completion_tokens", 8.0),
            Map.entry("total_tokens", 19.0));

    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST " + PATH);
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent.json()).containsEntry("model", FakeModel.LOADED_LLM);
  }

  @Test
  void streamedChatSendsDataOnlyChunksEndingWithDone() {
    Answer answer = RawHttp.post(fake, PATH, withField(HELLO, "\"stream\":true"));

    assertThat(answer.contentType()).startsWith("text/event-stream");
    List<Frame> frames = answer.frames();
    assertThat(frames).extracting(Frame::event).containsOnlyNulls();
    assertThat(frames.get(frames.size() - 1).data()).isEqualTo("[DONE]");
    List<Map<String, Object>> chunks = chunks(frames);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c).containsEntry("object", "chat.completion.chunk");
              assertThat(c.keySet())
                  .containsExactly(
                      "id", "object", "created", "model", "system_fingerprint", "choices");
              assertThat(c.get("id")).isEqualTo(chunks.get(0).get("id"));
            });
    assertThat(delta(chunks.get(0))).containsEntry("role", "assistant");
    assertThat(delta(chunks.get(1))).doesNotContainKey("role");
    assertThat(joined(chunks, "content")).isEqualTo("You said: Introduce yourself.");
    Map<String, Object> last = choice(chunks.get(chunks.size() - 1));
    assertThat(last).containsEntry("finish_reason", "stop").containsEntry("delta", Map.of());
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(c -> assertThat(choice(c)).containsEntry("finish_reason", null));
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void includeUsageAddsAUsageOnlyChunkWithEmptyChoicesBeforeDone() {
    Answer answer =
        RawHttp.post(
            fake,
            PATH,
            withField(HELLO, "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

    List<Map<String, Object>> chunks = chunks(answer.frames());
    Map<String, Object> usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk).containsEntry("choices", List.of());
    assertThat((Map<String, Object>) usageChunk.get("usage"))
        .containsEntry("prompt_tokens", 11.0)
        .containsEntry("total_tokens", 19.0);
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(c -> assertThat(c).containsEntry("usage", null));
    assertThat(answer.frames().get(answer.frames().size() - 1).data()).isEqualTo("[DONE]");
    assertThat((Map<String, Object>) fake.takeRequest().json().get("stream_options"))
        .containsEntry("include_usage", true);
  }

  @Test
  void reasoningModelPutsItsReasoningOnTheMessageAndOnDeltas() {
    String request = HELLO.replace(FakeModel.LOADED_LLM, FakeModel.REASONING);

    Map<String, Object> message = message(RawHttp.post(fake, PATH, request).json());
    List<Map<String, Object>> chunks =
        chunks(RawHttp.post(fake, PATH, withField(request, "\"stream\":true")).frames());

    assertThat(message.keySet()).containsExactly("role", "content", "reasoning");
    assertThat((String) message.get("reasoning")).startsWith("The user wrote 19 characters");
    assertThat(joined(chunks, "reasoning")).isEqualTo(message.get("reasoning"));
    assertThat(joined(chunks, "content")).isEqualTo("You said: Introduce yourself.");
    assertThat(delta(chunks.get(0))).containsOnlyKeys("role", "reasoning");
    assertThat(fake.takeRequest().json()).containsEntry("model", FakeModel.REASONING);
  }

  @Test
  void maxTokensCoversReasoningFirstSoASmallBudgetLeavesNoAnswer() {
    String request =
        withField(HELLO.replace(FakeModel.LOADED_LLM, FakeModel.REASONING), "\"max_tokens\":5");

    Map<String, Object> completion = RawHttp.post(fake, PATH, request).json();
    Map<String, Object> message = message(completion);

    assertThat(message).containsEntry("content", "");
    assertThat((String) message.get("reasoning")).hasSize(20);
    assertThat(((List<Map<String, Object>>) completion.get("choices")).get(0))
        .containsEntry("finish_reason", "length");
    assertThat(fake.takeRequest().json()).containsEntry("max_tokens", 5.0);
  }

  @Test
  void documentedToolRequestIsAnsweredWithAToolCallFromTheSchema() {
    Answer answer =
        RawHttp.post(fake, PATH, Fixtures.text("fixtures/openai/tools-request-docs.json"));

    Map<String, Object> choice = ((List<Map<String, Object>>) answer.json().get("choices")).get(0);
    assertThat(choice).containsEntry("finish_reason", "tool_calls");
    Map<String, Object> call =
        ((List<Map<String, Object>>)
                ((Map<String, Object>) choice.get("message")).get("tool_calls"))
            .get(0);
    assertThat(call.keySet()).containsExactly("id", "type", "function");
    assertThat(call).containsEntry("type", "function");
    Map<String, Object> function = (Map<String, Object>) call.get("function");
    assertThat(function).containsEntry("name", "search_products");
    // Only "query" is required; the user text names no tool, but "products" is in the tool name.
    assertThat(Json.parseObject((String) function.get("arguments")))
        .containsExactly(Map.entry("query", "example query"));
    assertThat(fake.takeRequest().json()).containsKey("tools");
  }

  @Test
  void requiredToolChoiceStreamsTheCallWithItsArgumentsInFragments() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"stream\":true,\"tool_choice\":\"required\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Is it sunny?\"}],\"tools\":"
            + WEATHER_TOOLS
            + "}";

    List<Map<String, Object>> chunks = chunks(RawHttp.post(fake, PATH, request).frames());

    List<Map<String, Object>> calls = toolCallDeltas(chunks);
    assertThat(calls.get(0))
        .containsEntry("index", 0.0)
        .containsEntry("type", "function")
        .containsKey("id");
    assertThat((Map<String, Object>) calls.get(0).get("function"))
        .containsExactly(Map.entry("name", "get_weather"), Map.entry("arguments", ""));
    assertThat(calls.subList(1, calls.size()))
        .hasSizeGreaterThan(3)
        .allSatisfy(
            c -> {
              assertThat(c).containsOnlyKeys("index", "function");
              assertThat((Map<String, Object>) c.get("function")).containsOnlyKeys("arguments");
            });
    Map<String, Object> arguments = Json.parseObject(arguments(calls, 0));
    assertThat(arguments)
        .containsExactly(
            Map.entry("location", "example location"),
            Map.entry("unit", "celsius"),
            Map.entry("days", 7.0));
    assertThat(choice(chunks.get(chunks.size() - 1))).containsEntry("finish_reason", "tool_calls");
    assertThat(fake.takeRequest().json()).containsEntry("tool_choice", "required");
  }

  @Test
  void twoMentionedToolsBecomeParallelCallsWithDistinctIndexes() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Use get_weather and get time for Paris\"}],\"stream\":true,\"tools\":"
            + WEATHER_TOOLS
            + "}";

    List<Map<String, Object>> calls =
        toolCallDeltas(chunks(RawHttp.post(fake, PATH, request).frames()));
    Map<String, Object> whole =
        message(RawHttp.post(fake, PATH, request.replace("\"stream\":true,", "")).json());

    assertThat(calls.stream().filter(c -> c.containsKey("id")))
        .extracting(c -> c.get("index"), c -> ((Map<String, Object>) c.get("function")).get("name"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0.0, "get_weather"),
            org.assertj.core.groups.Tuple.tuple(1.0, "get_time"));
    assertThat(Json.parseObject(arguments(calls, 0))).containsKeys("location", "unit", "days");
    assertThat(Json.parseObject(arguments(calls, 1)))
        .containsExactly(Map.entry("zone", "example zone"));
    List<Map<String, Object>> toolCalls = (List<Map<String, Object>>) whole.get("tool_calls");
    assertThat(toolCalls).extracting(c -> c.get("id")).doesNotHaveDuplicates().hasSize(2);
    assertThat(whole).doesNotContainKey("content");
    assertThat(fake.takeRequest().json()).containsKey("tools");
  }

  @Test
  void toolResultMessageIsReportedInTheAnswer() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"tools\":"
            + WEATHER_TOOLS
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"get_weather in Paris\"},"
            + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"1\",\"content\":\"18 degrees and sunny\"}]}";

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();

    assertThat(message(json)).containsEntry("content", "The tool returned: 18 degrees and sunny");
    assertThat(((List<Map<String, Object>>) json.get("choices")).get(0))
        .containsEntry("finish_reason", "stop");
    assertThat((List<Object>) fake.takeRequest().json().get("messages")).hasSize(3);
  }

  @Test
  void documentedJsonSchemaRequestGetsJsonMatchingTheSchema() {
    String request =
        Fixtures.text("fixtures/openai/structured-output-request-docs.json")
            .replace("{{model}}", FakeModel.LOADED_LLM);

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();

    Map<String, Object> content = Json.parseObject((String) message(json).get("content"));
    List<Map<String, Object>> characters = (List<Map<String, Object>>) content.get("characters");
    assertThat(characters)
        .hasSize(1)
        .allSatisfy(
            c -> assertThat(c).containsOnlyKeys("name", "occupation", "personality", "background"));
    assertThat(characters.get(0)).containsEntry("name", "example name");
    assertThat(fake.takeRequest().json()).containsKey("response_format");
  }

  @Test
  void unknownModelIsA404InOpenAisErrorShape() {
    Answer answer = RawHttp.post(fake, PATH, HELLO.replace(FakeModel.LOADED_LLM, "no/such-model"));

    assertThat(answer.status()).isEqualTo(404);
    Map<String, Object> error = (Map<String, Object>) answer.json().get("error");
    assertThat(error.keySet()).containsExactly("message", "type", "param", "code");
    assertThat(error)
        .containsEntry("type", "invalid_request_error")
        .containsEntry("param", "model")
        .containsEntry("code", "model_not_found");
    assertThat((String) error.get("message")).contains("no/such-model");
    assertThat(fake.takeRequest().line()).isEqualTo("POST " + PATH);
  }

  @Test
  void badRequestsAre400sInOpenAisErrorShape() {
    Answer noMessages = RawHttp.post(fake, PATH, "{\"model\":\"ibm/granite-4-micro\"}");
    Answer jsonObject =
        RawHttp.post(
            fake, PATH, withField(HELLO, "\"response_format\":{\"type\":\"json_object\"}"));
    Answer unknownTool =
        RawHttp.post(
            fake,
            PATH,
            withField(
                HELLO,
                "\"tools\":"
                    + WEATHER_TOOLS
                    + ",\"tool_choice\":{\"type\":\"function\","
                    + "\"function\":{\"name\":\"nope\"}}"));

    for (Answer answer : List.of(noMessages, jsonObject, unknownTool)) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat((Map<String, Object>) answer.json().get("error"))
          .containsOnlyKeys("message", "type", "param", "code")
          .containsEntry("type", "invalid_request_error");
    }
    assertThat((Map<String, Object>) jsonObject.json().get("error"))
        .containsEntry("param", "response_format");
    assertThat(fake.requests()).extracting(FakeRequest::path).containsOnly(PATH);
  }

  @Test
  void promptLongerThanTheContextFailsInsideTheStream() {
    String longText = "word ".repeat(4000);
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\""
            + longText
            + "\"}]}";

    Answer streamed = RawHttp.post(fake, PATH, request);
    Answer whole = RawHttp.post(fake, PATH, request.replace("\"stream\":true,", ""));

    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.contentType()).startsWith("text/event-stream");
    assertThat(streamed.frames()).hasSize(1);
    assertThat(streamed.frames().get(0).event()).isEqualTo("error");
    Map<String, Object> data = streamed.frames().get(0).json();
    String message = (String) data.get("message");
    assertThat(message)
        .startsWith("Input does not fit in context length.")
        .contains("5000 tokens", "4096 tokens");
    assertThat(data).isEqualTo(Map.of("error", Map.of("message", message), "message", message));
    assertThat(whole.status()).isEqualTo(400);
    assertThat((Map<String, Object>) whole.json().get("error"))
        .containsOnlyKeys("message", "type", "param", "code")
        .containsEntry("code", "context_length_exceeded");
    assertThat(fake.takeRequest().body()).contains(longText);
  }

  static String withField(String json, String field) {
    return json.substring(0, json.lastIndexOf('}')) + "," + field + "}";
  }

  static List<Map<String, Object>> chunks(List<Frame> frames) {
    List<Map<String, Object>> chunks = new ArrayList<>();
    for (Frame frame : frames) {
      if (!frame.data().equals("[DONE]")) {
        chunks.add(frame.json());
      }
    }
    return chunks;
  }

  private static Map<String, Object> choice(Map<String, Object> chunk) {
    return ((List<Map<String, Object>>) chunk.get("choices")).get(0);
  }

  private static Map<String, Object> delta(Map<String, Object> chunk) {
    return (Map<String, Object>) choice(chunk).get("delta");
  }

  private static Map<String, Object> message(Map<String, Object> completion) {
    return (Map<String, Object>)
        ((List<Map<String, Object>>) completion.get("choices")).get(0).get("message");
  }

  private static String joined(List<Map<String, Object>> chunks, String field) {
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> chunk : chunks) {
      if (!((List<Object>) chunk.get("choices")).isEmpty() && delta(chunk).get(field) != null) {
        text.append(delta(chunk).get(field));
      }
    }
    return text.toString();
  }

  private static List<Map<String, Object>> toolCallDeltas(List<Map<String, Object>> chunks) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (Map<String, Object> chunk : chunks) {
      Object toolCalls = delta(chunk).get("tool_calls");
      if (toolCalls != null) {
        calls.addAll((List<Map<String, Object>>) toolCalls);
      }
    }
    return calls;
  }

  private static String arguments(List<Map<String, Object>> calls, int index) {
    StringBuilder arguments = new StringBuilder();
    for (Map<String, Object> call : calls) {
      if (((Number) call.get("index")).intValue() == index) {
        arguments.append(((Map<String, Object>) call.get("function")).get("arguments"));
      }
    }
    return arguments.toString();
  }
}
