package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.RawHttp.Answer;
import io.github.lmstudiojava.testing.RawHttp.Frame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class FakeResponsesTest {
  private static final String PATH = "/v1/responses";
  private static final String HELLO = "{\"model\":\"ibm/granite-4-micro\",\"input\":\"Hello\"}";

  private final FakeLmStudio fake = FakeLmStudio.start();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void responseHoldsAMessageWithTheAnswer() {
    Map<String, Object> json = RawHttp.post(fake, PATH, HELLO).json();

    assertThat((String) json.get("id")).startsWith("resp_");
    assertThat(json)
        .containsEntry("object", "response")
        .containsEntry("status", "completed")
        .containsEntry("model", FakeModel.LOADED_LLM)
        .containsEntry("previous_response_id", null)
        .containsKeys("created_at", "usage", "error", "tools", "store");
    List<Map<String, Object>> output = (List<Map<String, Object>>) json.get("output");
    assertThat(output).hasSize(1);
    assertThat(output.get(0))
        .containsEntry("type", "message")
        .containsEntry("role", "assistant")
        .containsEntry("status", "completed");
    assertThat(text(json)).isEqualTo("You said: Hello");
    assertThat((Map<String, Object>) json.get("usage"))
        .containsKeys("input_tokens", "output_tokens", "total_tokens")
        .containsEntry("input_tokens", 2.0);
    assertThat(fake.takeRequest().json()).containsEntry("input", "Hello");
  }

  @Test
  void streamSendsTheNamedEventsInOrderWithSequenceNumbers() {
    Answer answer =
        RawHttp.post(fake, PATH, FakeOpenAiChatTest.withField(HELLO, "\"stream\":true"));

    List<Frame> frames = answer.frames();
    assertThat(frames)
        .extracting(Frame::event)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).json())
          .containsEntry("type", frames.get(i).event())
          .containsEntry("sequence_number", (double) i);
    }
    assertThat(joined(frames, "response.output_text.delta")).isEqualTo("You said: Hello");
    assertThat(frames.get(7).json()).containsEntry("text", "You said: Hello");
    Map<String, Object> created = (Map<String, Object>) frames.get(0).json().get("response");
    assertThat(created).containsEntry("status", "in_progress").containsEntry("output", List.of());
    Map<String, Object> completed = (Map<String, Object>) frames.get(10).json().get("response");
    assertThat(completed.get("id")).isEqualTo(created.get("id"));
    assertThat(text(completed)).isEqualTo("You said: Hello");
    assertThat(fake.takeRequest().json()).containsEntry("stream", true);
  }

  @Test
  void reasoningModelStreamsAReasoningItemFirst() {
    String request =
        "{\"model\":\"qwen/qwen3-4b\",\"input\":\"Hi\",\"stream\":true,"
            + "\"reasoning\":{\"effort\":\"low\"}}";

    List<Frame> frames = RawHttp.post(fake, PATH, request).frames();

    Map<String, Object> added = (Map<String, Object>) frames.get(2).json().get("item");
    assertThat(added).containsEntry("type", "reasoning");
    assertThat(frames.get(3).event()).isEqualTo("response.content_part.added");
    assertThat((Map<String, Object>) frames.get(3).json().get("part"))
        .containsEntry("type", "reasoning_text");
    assertThat(frames.get(4).event()).isEqualTo("response.reasoning_text.delta");
    String reasoning = joined(frames, "response.reasoning_text.delta");
    assertThat(reasoning).startsWith("The user wrote 2 characters");
    assertThat(frames)
        .filteredOn(f -> "response.reasoning_text.done".equals(f.event()))
        .singleElement()
        .satisfies(f -> assertThat(f.json()).containsEntry("text", reasoning));
    Map<String, Object> completed =
        (Map<String, Object>) frames.get(frames.size() - 1).json().get("response");
    assertThat((List<Map<String, Object>>) completed.get("output"))
        .extracting(item -> item.get("type"))
        .containsExactly("reasoning", "message");
    assertThat((Map<String, Object>) completed.get("reasoning")).containsEntry("effort", "low");
    assertThat(fake.takeRequest().json()).containsKey("reasoning");
  }

  @Test
  void functionToolIsCalledWithArgumentsStreamedInFragments() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"input\":\"What is the weather in Oslo?\","
            + "\"stream\":true,\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"celsius\":{\"type\":\"boolean\"}},\"required\":[\"city\",\"celsius\"]}}]}";

    List<Frame> frames = RawHttp.post(fake, PATH, request).frames();

    assertThat(frames)
        .extracting(Frame::event)
        .startsWith("response.created", "response.in_progress", "response.output_item.added")
        .endsWith(
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed")
        .doesNotContain("response.output_text.delta");
    String arguments = joined(frames, "response.function_call_arguments.delta");
    assertThat(frames.stream().filter(f -> f.event().endsWith("arguments.delta")))
        .hasSizeGreaterThan(2);
    assertThat(Json.parseObject(arguments))
        .containsExactly(Map.entry("city", "example city"), Map.entry("celsius", true));
    Map<String, Object> done = frames.get(frames.size() - 2).json();
    Map<String, Object> item = (Map<String, Object>) done.get("item");
    assertThat(item)
        .containsEntry("type", "function_call")
        .containsEntry("name", "get_weather")
        .containsEntry("arguments", arguments)
        .containsKey("call_id");
    assertThat(fake.takeRequest().json()).containsKey("tools");
  }

  @Test
  void functionCallOutputIsReportedInTheNextAnswer() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"input\":["
            + "{\"role\":\"user\",\"content\":\"weather in Oslo\"},"
            + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"get_weather\","
            + "\"arguments\":\"{}\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"-3 and snow\"}]}";

    assertThat(text(RawHttp.post(fake, PATH, request).json()))
        .isEqualTo("The tool returned: -3 and snow");
    assertThat((List<Object>) fake.takeRequest().json().get("input")).hasSize(3);
  }

  @Test
  void mcpToolGivesAnMcpCallItemWithADeterministicOutput() {
    String request =
        "{\"model\":\"ibm/granite-4-micro\",\"input\":\"What is the top trending model?\","
            + "\"tools\":[{\"type\":\"mcp\",\"server_label\":\"huggingface\",\"server_url\":"
            + "\"https://huggingface.co/mcp\",\"allowed_tools\":[\"model_search\"]}]}";

    Map<String, Object> json = RawHttp.post(fake, PATH, request).json();
    List<Frame> frames =
        RawHttp.post(fake, PATH, FakeOpenAiChatTest.withField(request, "\"stream\":true")).frames();

    List<Map<String, Object>> output = (List<Map<String, Object>>) json.get("output");
    assertThat(output).extracting(i -> i.get("type")).containsExactly("mcp_call", "message");
    assertThat(output.get(0))
        .containsEntry("server_label", "huggingface")
        .containsEntry("name", "model_search")
        .containsEntry("arguments", "{\"query\":\"What is the top trending model?\"}")
        .containsEntry("output", "model_search found: What is the top trending model?")
        .containsEntry("error", null);
    assertThat(frames)
        .extracting(Frame::event)
        .containsSubsequence(
            "response.output_item.added",
            "response.mcp_call_arguments.done",
            "response.mcp_call.completed",
            "response.output_item.done",
            "response.output_item.added");
    assertThat(fake.takeRequest().json()).containsKey("tools");
  }

  @Test
  void previousResponseIdContinuesAStoredResponse() {
    String first = (String) RawHttp.post(fake, PATH, HELLO).json().get("id");
    String next =
        "{\"model\":\"ibm/granite-4-micro\",\"input\":\"Again\",\"previous_response_id\":\""
            + first
            + "\"}";

    Map<String, Object> json = RawHttp.post(fake, PATH, next).json();

    assertThat(json).containsEntry("previous_response_id", first);
    assertThat(text(json)).isEqualTo("You said: Again (turn 2, following \"Hello\")");
    assertThat(fake.takeRequest().json()).containsEntry("input", "Hello");
    assertThat(fake.takeRequest().json()).containsEntry("previous_response_id", first);
  }

  @Test
  void unstoredOrUnknownPreviousResponseIsA400() {
    String unstored =
        (String)
            RawHttp.post(fake, PATH, FakeOpenAiChatTest.withField(HELLO, "\"store\":false"))
                .json()
                .get("id");

    for (String id : List.of(unstored, "resp_nope")) {
      Answer answer =
          RawHttp.post(
              fake,
              PATH,
              FakeOpenAiChatTest.withField(HELLO, "\"previous_response_id\":\"" + id + "\""));
      assertThat(answer.status()).isEqualTo(400);
      assertThat((Map<String, Object>) answer.json().get("error"))
          .containsOnlyKeys("message", "type", "param", "code")
          .containsEntry("param", "previous_response_id")
          .containsEntry("code", "previous_response_not_found");
    }
    assertThat(fake.takeRequest().json()).containsEntry("store", false);
  }

  private static String text(Map<String, Object> response) {
    List<Map<String, Object>> output = (List<Map<String, Object>>) response.get("output");
    Map<String, Object> message = output.get(output.size() - 1);
    return (String) ((List<Map<String, Object>>) message.get("content")).get(0).get("text");
  }

  private static String joined(List<Frame> frames, String event) {
    StringBuilder text = new StringBuilder();
    for (Frame frame : frames) {
      if (event.equals(frame.event())) {
        text.append(frame.json().get("delta"));
      }
    }
    return text.toString();
  }
}
