package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import io.github.lmstudiojava.client.JsonSchema;
import io.github.lmstudiojava.client.openai.ToolLoopTestSupport.Forecast;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Function tools without a server: schemas, argument checks and how results are written. */
class FunctionToolTest {
  enum Sky {
    CLEAR,
    @Json(name = "cloudy")
    CLOUDY
  }

  record Report(@Json(name = "high_c") double high, Sky sky, int[] hours, List<String> notes) {}

  record NoArguments() {}

  private static ToolInvocation runOne(FunctionTool tool, String arguments) {
    List<ToolInvocation> seen = new ArrayList<>();
    new ToolRunner(List.of(tool), null)
        .run(1, List.of(ChatToolCall.of("c", tool.name(), arguments)), seen::add);
    return seen.get(0);
  }

  @Test
  void aRecordToolOffersTheDerivedSchemaAndReceivesTheBoundRecord() {
    List<Forecast> received = new ArrayList<>();
    FunctionTool tool =
        FunctionTool.of(
            "get_forecast",
            "Weather forecast",
            Forecast.class,
            f -> {
              received.add(f);
              return "ok";
            });

    assertThat(tool.name()).isEqualTo("get_forecast");
    assertThat(tool.description()).isEqualTo("Weather forecast");
    assertThat(tool.parameters())
        .isEqualTo(tree(ChatCompletionJson.toJson(JsonSchema.of(Forecast.class))));
    ChatTool chatTool = tool.chatTool();
    assertThat(chatTool.name()).isEqualTo("get_forecast");
    assertThat(chatTool.description()).isEqualTo("Weather forecast");
    assertThat(tree(chatTool.parameters())).isEqualTo(tool.parameters());
    assertThat(runOne(tool, "{\"city\":\"Oslo\",\"days\":3}").result()).isEqualTo("ok");
    assertThat(received).containsExactly(new Forecast("Oslo", 3));
  }

  @Test
  void anExplicitSchemaGivenAsTextIsCheckedAndKeptReadOnly() {
    FunctionTool tool =
        FunctionTool.of(
            "echo",
            null,
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"maximum\":3}}}",
            args -> args);

    assertThat(tool.parameters().get("type")).isEqualTo("object");
    assertThatThrownBy(() -> tool.parameters().put("type", "array"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(runOne(tool, "{\"n\":2}").result()).isEqualTo("{\"n\":2}");
    assertThat(runOne(tool, "{\"n\":7}").error())
        .isEqualTo(
            "invalid arguments for echo: the arguments do not match the schema:"
                + " $.n is above the maximum (maximum 3)");
    assertThatThrownBy(() -> FunctionTool.of("echo", null, "{\"type\":", args -> args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameters is not valid JSON");
    assertThatThrownBy(() -> FunctionTool.of("echo", null, "[1]", args -> args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameters is not a JSON object: [1]");
    assertThatThrownBy(() -> FunctionTool.of(" ", null, Map.of(), args -> args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name is blank");
  }

  @Test
  void handlersReceiveReadOnlyArgumentsAndBlankArgumentsAreAnEmptyObject() {
    List<Map<String, Object>> received = new ArrayList<>();
    FunctionTool tool =
        FunctionTool.of(
            "t",
            null,
            Map.of("type", "object"),
            args -> {
              received.add(args);
              return null;
            });

    assertThat(runOne(tool, "").result()).isEqualTo("null");
    assertThat(runOne(tool, "{\"list\":[1]}").isError()).isFalse();
    assertThat(received.get(0)).isEmpty();
    assertThatThrownBy(() -> received.get(1).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(
            runOne(FunctionTool.of("none", null, NoArguments.class, a -> a.toString()), "")
                .result())
        .isEqualTo("NoArguments[]");
  }

  @Test
  void resultsAreWrittenAsJsonExceptStringsWhichAreSentAsTheyAre() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", null);

    assertThat(ToolJson.result("plain text, not JSON")).isEqualTo("plain text, not JSON");
    assertThat(ToolJson.result(null)).isEqualTo("null");
    assertThat(ToolJson.result(42)).isEqualTo("42");
    assertThat(ToolJson.result(true)).isEqualTo("true");
    assertThat(ToolJson.result(map)).isEqualTo("{\"a\":1,\"b\":null}");
    assertThat(ToolJson.result(List.of("x", Sky.CLOUDY))).isEqualTo("[\"x\",\"cloudy\"]");
    assertThat(ToolJson.result(new Report(21.5, Sky.CLEAR, new int[] {9, 12}, List.of("windy"))))
        .isEqualTo("{\"high_c\":21.5,\"sky\":\"CLEAR\",\"hours\":[9,12],\"notes\":[\"windy\"]}");
  }

  @Test
  void aResultWithNoJsonFormIsAnsweredAsAnError() {
    FunctionTool tool =
        FunctionTool.of("today", null, Map.of("type", "object"), args -> LocalDate.of(2025, 1, 2));

    ToolInvocation invocation = runOne(tool, "{}");

    assertThat(invocation.isError()).isTrue();
    assertThat(invocation.error())
        .startsWith("today failed: the result (java.time.LocalDate) cannot be written as JSON");
    assertThat(tree(invocation.content())).isEqualTo(Map.of("error", invocation.error()));
  }

  @Test
  void anInvocationHasEitherAResultOrAnError() {
    assertThatThrownBy(
            () ->
                new ToolInvocation(1, "c", "t", "{}", Map.of(), "r", "e", java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ToolInvocation(
                    1, "c", "t", "{}", Map.of(), null, null, java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
