package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.chunk;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.client;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.content;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.done;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.helloStream;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.sse;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.toolPiece;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.FORECAST_TOOL;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.TIME_TOOL;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.assistantCalls;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.body;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.call;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.forecastTool;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.timeTool;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.toolMessage;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.openai.ToolLoopTestSupport.Weather;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool loop streaming each round: chunks forwarded as they come, tools run between rounds. */
class ToolLoopStreamTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String PARIS = "{\"city\":\"Paris\",\"days\":2}";
  private static final String ZONE = "{\"zone\":\"Europe/Paris\"}";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void createClient() {
    lms = client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  /** Two parallel calls whose argument fragments arrive interleaved across chunks. */
  private static String fragmentedCalls() {
    return chunk("{\"role\":\"assistant\"}", null)
        + chunk(toolPiece(0, "call_a", "get_forecast", "{\"ci"), null)
        + chunk(toolPiece(1, "call_b", "get_time", ""), null)
        + chunk(toolPiece(0, null, null, "ty\":\"Par"), null)
        + chunk(toolPiece(1, null, null, "{\"zone\":\"Europe/Paris\"}"), null)
        + chunk(toolPiece(0, null, null, "is\",\"days\":2}"), null)
        + chunk("{}", "tool_calls")
        + done();
  }

  private ToolLoop loop() {
    return lms.openai()
        .toolLoop("m")
        .tools(
            forecastTool(
                f -> {
                  log.add("tool get_forecast " + f);
                  return new Weather(f.city(), 21.5, true);
                }),
            timeTool(
                args -> {
                  log.add("tool get_time " + args);
                  return "12:00";
                }))
        .build();
  }

  @Test
  void chunksOfEveryRoundAreForwardedAndToolsRunBetweenRounds() throws Exception {
    server.enqueue(sse(fragmentedCalls()));
    server.enqueue(sse(helloStream()));

    ToolLoopResult result =
        loop().stream("Weather and time in Paris?", chunk -> log.add("chunk " + chunk.text()));

    assertThat(log)
        .containsExactly(
            "chunk ",
            "chunk ",
            "chunk ",
            "chunk ",
            "chunk ",
            "chunk ",
            "chunk ",
            "tool get_forecast Forecast[city=Paris, days=2]",
            "tool get_time {zone=Europe/Paris}",
            "chunk ",
            "chunk Hel",
            "chunk lo!",
            "chunk ");
    assertThat(result.text()).isEqualTo("Hello!");
    assertThat(result.rounds()).isEqualTo(2);
    assertThat(result.invocations())
        .extracting(ToolInvocation::arguments)
        .containsExactly(PARIS, ZONE);
    String weather = "{\"city\":\"Paris\",\"celsius\":21.5,\"sunny\":true}";
    List<String> tools = List.of(FORECAST_TOOL, TIME_TOOL);
    assertThat(takePost(server, PATH, true))
        .isEqualTo(
            tree(body(List.of(user("Weather and time in Paris?")), tools, "\"stream\": true")));
    assertThat(takePost(server, PATH, true))
        .isEqualTo(
            tree(
                body(
                    List.of(
                        user("Weather and time in Paris?"),
                        assistantCalls(
                            call("call_a", "get_forecast", PARIS),
                            call("call_b", "get_time", ZONE)),
                        toolMessage("call_a", weather),
                        toolMessage("call_b", "12:00")),
                    tools,
                    "\"stream\": true")));
    assertThat(result.messages().get(result.messages().size() - 1))
        .isEqualTo(ChatMessage.assistant("Hello!"));
  }

  @Test
  void aRoundWhoseStreamBreaksFailsTheLoopWithThePartialCompletion() throws Exception {
    server.enqueue(sse(fragmentedCalls()));
    server.enqueue(sse(chunk("{\"role\":\"assistant\"}", null) + chunk(content("Hel"), null)));

    assertThatThrownBy(() -> loop().stream("Paris?", chunk -> log.add("chunk " + chunk.text())))
        .isInstanceOfSatisfying(
            LmStudioStreamException.class,
            e -> assertThat(((ChatCompletion) e.partial()).text()).isEqualTo("Hel"));
    assertThat(log).contains("tool get_time {zone=Europe/Paris}").endsWith("chunk Hel");
    takePost(server, PATH, true);
    assertThat(takePost(server, PATH, true)).isNotNull();
  }
}
