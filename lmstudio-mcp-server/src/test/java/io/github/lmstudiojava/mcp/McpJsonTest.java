package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link McpJson} reads and writes what the SDK's Jackson mapper reads and writes, character for
 * character, on the paths it takes itself, and hands everything else to Jackson.
 */
class McpJsonTest {
  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  private final McpJsonMapper jackson = new JacksonMcpJsonMapper(JsonMapper.shared());
  private final McpJson ours = new McpJson();

  private void sameWriting(Object value) throws IOException {
    assertThat(ours.writeValueAsString(value))
        .as("%s", value)
        .isEqualTo(jackson.writeValueAsString(value));
    assertThat(ours.writeValueAsBytes(value)).isEqualTo(jackson.writeValueAsBytes(value));
  }

  private static JSONRPCResponse answer(Object id, Object result) {
    return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, result, null);
  }

  /** Every character from 0 to 0x7f, some beyond, a pair and both lone surrogate halves. */
  private static String awkward() {
    StringBuilder b = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      b.append(c);
    }
    return b.append("é東京\u2028\u2029\uFEFF🙂\uD83D\uDE00x\uD800y\uDC00z").toString();
  }

  @Test
  void theAnswersToInitializeAndToolsListAreWrittenAsJacksonWritesThem() throws IOException {
    McpSchema.InitializeResult init =
        McpSchema.InitializeResult.builder(
                "2025-06-18",
                McpSchema.ServerCapabilities.builder()
                    .tools(false)
                    .resources(false, false)
                    .logging()
                    .completions()
                    .prompts(true)
                    .experimental(Map.of("x", Map.of("y", 1)))
                    .build(),
                new McpSchema.Implementation("lmstudio-java", "0.1.0"))
            .instructions(ServerAssembly.instructions(ToolSelection.ALL) + awkward())
            .meta(Map.of("k", List.of(1, "2")))
            .build();
    sameWriting(answer(1, init));
    sameWriting(
        answer(
            "a",
            new McpSchema.InitializeResult(
                "2024-11-05",
                McpSchema.ServerCapabilities.builder().build(),
                new McpSchema.Implementation("n", "t", "v", "d", null, "https://x"),
                null,
                null)));

    List<McpSchema.Tool> tools = ServerAssembly.tools().stream().map(McpTool::definition).toList();
    sameWriting(answer(2, new McpSchema.ListToolsResult(tools, null)));
    sameWriting(
        answer(
            3L,
            new McpSchema.ListToolsResult(
                List.of(
                    McpSchema.Tool.builder("t", Map.of("type", "object"))
                        .title("T")
                        .description(awkward())
                        .annotations(
                            new McpSchema.ToolAnnotations("a", true, false, true, false, true))
                        .meta(Map.of("m", 1))
                        .build()),
                "next-page",
                Map.of("z", true))));
  }

  @Test
  void toolResultsAndErrorsAreWrittenAsJacksonWritesThem() throws IOException {
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("text", awkward());
    structured.put("ints", Arrays.asList(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, null));
    structured.put("longs", List.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40));
    structured.put("big", new BigInteger("123456789012345678901234567890"));
    structured.put(
        "doubles",
        List.of(0.0, -0.0, 0.1, 1.0, 1e-7, 1e7, 1e21, 123456789.123, Double.MAX_VALUE, 4.9e-324));
    structured.put("bools", List.of(true, false));
    structured.put("nested", Map.of("a", List.of(Map.of(), List.of())));
    structured.put("short", (short) 7);
    for (Object id : List.of(1, "req-é", Long.MAX_VALUE)) {
      sameWriting(answer(id, McpTool.result(awkward(), Json.obj().put("all", structured))));
      sameWriting(
          answer(
              id,
              CallToolResult.builder()
                  .addTextContent("one")
                  .addTextContent("two")
                  .isError(true)
                  .meta(Map.of("progress", 1))
                  .build()));
      sameWriting(answer(id, CallToolResult.builder().build()));
      sameWriting(answer(id, Map.of()));
      sameWriting(
          new JSONRPCResponse(
              McpSchema.JSONRPC_VERSION,
              id,
              null,
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  -32602, "bad " + awkward(), Map.of("field", "x"))));
    }
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("id", null);
    withNull.put("list", Arrays.asList(null, "x"));
    sameWriting(withNull);
    sameWriting(structured);
    sameWriting(List.of("a", 1, Map.of("b", false)));
    sameWriting("just a string\n");
  }

  @Test
  void valuesOnlyJacksonKnowsAreWrittenByJackson() throws IOException {
    // Each goes to Jackson whole: an image, a float, NaN, a record inside a plain value.
    sameWriting(
        answer(
            1,
            CallToolResult.builder()
                .content(List.of(new McpSchema.ImageContent(null, "AAAA", "image/png")))
                .build()));
    sameWriting(answer(1, McpTool.result("x", Json.obj().put("f", 1.5f))));
    sameWriting(answer(1, McpTool.result("x", Json.obj().put("nan", Double.NaN))));
    sameWriting(Map.of("impl", new McpSchema.Implementation("n", "v")));
    sameWriting(
        new McpSchema.JSONRPCNotification(
            McpSchema.JSONRPC_VERSION, "notifications/progress", Map.of("progress", 1)));
    sameWriting(
        answer(
            1,
            new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents("u://x", "text/plain", "t")))));
  }

  private static final List<String> VALID =
      List.of(
          "{}",
          "[]",
          " { \"a\" : [ 1 , 2.5 , -3 , true , false , null ] } ",
          "\t\r\n{\"nested\":{\"deeper\":[[[{}]]]}}\n",
          "\"string\"",
          "0",
          "-0",
          "-0.0",
          "1E2",
          "1e-2",
          "2.5E+3",
          "1e400",
          "2147483647",
          "2147483648",
          "-2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775808",
          "-9223372036854775809",
          "123456789012345678901234567890",
          "0.1",
          "123456789.123456789",
          "{\"a\":1,\"a\":2}",
          "{\"esc\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\ud83d\\ude00 \\ud800 x\"}",
          "{\"raw\":\"é東京🙂\"}",
          "{\"\":\"\"}",
          "[\"\\u0000\"]",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");

  private static final List<String> INVALID =
      List.of(
          "",
          " ",
          "{",
          "}",
          "[1,]",
          "{\"a\":1,}",
          "{\"a\" 1}",
          "{a:1}",
          "{'a':1}",
          "[1 2]",
          "01",
          "-01",
          "1.",
          ".5",
          "-",
          "+1",
          "1e",
          "1e+",
          "0x10",
          "NaN",
          "Infinity",
          "-Infinity",
          "tru",
          "truex",
          "nul",
          "\"unterminated",
          "\"tab\there\"",
          "\"bad \\x escape\"",
          "\"\\u12\"",
          "\"\\u12G4\"",
          "\"\\u\uFF10\uFF10\uFF14\uFF21\"",
          "\"\\u\u0660\u0660\u0664\u0661\"",
          "{} {}",
          "{}x",
          "[1]]",
          "// c\n{}",
          "/* c */ {}",
          "{\"a\":1 /* c */}",
          "\u00a0{}");

  private Object jacksonParse(String text) throws IOException {
    return jackson.readValue(text, Object.class);
  }

  @Test
  void validTextIsReadIntoTheSameValuesAsByJackson() throws IOException {
    for (String text : VALID) {
      Object expected = jacksonParse(text);
      Object actual = ours.readValue(text, Object.class);
      assertThat(actual).as(text).isEqualTo(expected);
      assertThat(types(actual)).as(text).isEqualTo(types(expected));
    }
  }

  @Test
  void invalidTextIsRefusedAsByJackson() {
    for (String text : INVALID) {
      assertThatThrownBy(() -> jacksonParse(text)).as("Jackson, %s", text);
      assertThatThrownBy(() -> ours.readValue(text, Object.class))
          .as(text)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void nestingHasJacksonsLimit() throws IOException {
    for (int depth : List.of(JsonText.MAX_DEPTH - 1, JsonText.MAX_DEPTH)) {
      String text = "[".repeat(depth) + "]".repeat(depth);
      assertThat(ours.readValue(text, Object.class)).isEqualTo(jacksonParse(text));
    }
    String tooDeep = "[".repeat(JsonText.MAX_DEPTH + 1) + "]".repeat(JsonText.MAX_DEPTH + 1);
    assertThatThrownBy(() -> jacksonParse(tooDeep));
    assertThatThrownBy(() -> ours.readValue(tooDeep, Object.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nesting deeper than 500");
  }

  @Test
  void damagedMessagesAreReadOrRefusedAsByJackson() throws IOException {
    // Every one-character change of a real message (a deletion, or one of a few characters put
    // in): both accept it with the same value, or both refuse it.
    String message =
        "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
            + "\"arguments\":{\"prompt\":\"h\\u00e9\\n\",\"t\":0.5,\"n\":[1,-2e3,true,null]}}}";
    Random random = new Random(42);
    String inserts = "{}[]\",:0-.e\\ tn";
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < message.length(); i++) {
      List<String> variants = new ArrayList<>();
      variants.add(message.substring(0, i) + message.substring(i + 1));
      for (int k = 0; k < 3; k++) {
        char c = inserts.charAt(random.nextInt(inserts.length()));
        variants.add(message.substring(0, i) + c + message.substring(i));
        variants.add(message.substring(0, i) + c + message.substring(i + 1));
      }
      for (String text : variants) {
        Object expected;
        try {
          expected = jacksonParse(text);
        } catch (IOException | RuntimeException e) {
          refused++;
          assertThatThrownBy(() -> ours.readValue(text, Object.class))
              .as(text)
              .isInstanceOf(IOException.class);
          continue;
        }
        accepted++;
        Object actual = ours.readValue(text, Object.class);
        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(types(actual)).as(text).isEqualTo(types(expected));
      }
    }
    assertThat(accepted).isGreaterThan(20);
    assertThat(refused).isGreaterThan(100);
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedAsByJackson() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThatThrownBy(() -> jackson.readValue(bad, Object.class));
    assertThatThrownBy(() -> ours.readValue(bad, Object.class)).isInstanceOf(IOException.class);
  }

  @Test
  void objectsAreReadAsMapsAndOtherValuesRefusedForAMap() throws IOException {
    String text = "{\"b\":1,\"a\":[2]}";
    assertThat(ours.readValue(text, MAP)).isEqualTo(jackson.readValue(text, MAP));
    assertThat(ours.readValue(text.getBytes(StandardCharsets.UTF_8), MAP))
        .isEqualTo(jackson.readValue(text, MAP));
    assertThat(List.copyOf(ours.readValue(text, MAP).keySet())).containsExactly("b", "a");
    assertThatThrownBy(() -> jackson.readValue("[1]", MAP));
    assertThatThrownBy(() -> ours.readValue("[1]", MAP)).isInstanceOf(IOException.class);
  }

  @Test
  void initializeAndToolCallParametersBecomeTheSameRecordsAsThroughJackson() throws IOException {
    List<String> params =
        List.of(
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}",
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{\"listChanged\":true},"
                + "\"sampling\":{\"x\":1},\"elicitation\":{\"form\":{},\"url\":{}},"
                + "\"experimental\":{\"e\":[1]}},\"clientInfo\":{\"name\":\"c\",\"title\":\"C\","
                + "\"version\":\"1\",\"description\":\"d\",\"websiteUrl\":\"https://c\",\"extra\":1},"
                + "\"_meta\":{\"m\":true},\"unknown\":[]}",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{},"
                + "\"elicitation\":{}},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":null},"
                + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\",\"icons\":"
                + "[{\"src\":\"https://i\",\"mimeType\":\"image/png\"}]}}",
            // Missing fields, which Jackson's reader fills with empty ones.
            "{\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}",
            "{\"protocolVersion\":\"v\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\"}}",
            "{\"protocolVersion\":\"v\",\"clientInfo\":{\"version\":\"1\"}}",
            // Shapes only Jackson judges: a string for a boolean, a number for a string.
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":"
                + "{\"listChanged\":\"true\"}},\"clientInfo\":{\"name\":5,\"version\":\"1\"}}");
    for (String text : params) {
      Map<String, Object> map = jackson.readValue(text, MAP);
      assertThat(ours.convertValue(map, McpSchema.InitializeRequest.class))
          .as(text)
          .isEqualTo(jackson.convertValue(map, McpSchema.InitializeRequest.class));
      assertThat(ours.convertValue(map, new TypeRef<McpSchema.InitializeRequest>() {}))
          .isEqualTo(jackson.convertValue(map, McpSchema.InitializeRequest.class));
    }
    for (String text :
        List.of(
            "{\"name\":\"ask\",\"arguments\":{\"prompt\":\"p\",\"n\":[1,2.5]}}",
            "{\"name\":\"ask\"}",
            "{\"name\":\"ask\",\"arguments\":null,\"_meta\":{\"progressToken\":7}}",
            "{\"name\":\"ask\",\"arguments\":{},\"other\":1}",
            "{\"name\":7,\"arguments\":{}}")) {
      Map<String, Object> map = jackson.readValue(text, MAP);
      assertThat(ours.convertValue(map, new TypeRef<McpSchema.CallToolRequest>() {}))
          .as(text)
          .isEqualTo(jackson.convertValue(map, McpSchema.CallToolRequest.class));
    }
  }

  @Test
  void parametersJacksonRefusesAreRefusedWithJacksonsError() throws IOException {
    for (String text :
        List.of(
            "{\"protocolVersion\":\"v\",\"capabilities\":[],\"clientInfo\":{}}",
            "{\"protocolVersion\":\"v\",\"capabilities\":{\"roots\":{\"listChanged\":[]}},"
                + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}")) {
      Map<String, Object> map = jackson.readValue(text, MAP);
      Throwable expected =
          catchThrown(() -> jackson.convertValue(map, McpSchema.InitializeRequest.class));
      assertThat(expected).as(text).isNotNull();
      assertThatThrownBy(() -> ours.convertValue(map, McpSchema.InitializeRequest.class))
          .as(text)
          .isInstanceOf(expected.getClass())
          .hasMessage(expected.getMessage());
    }
  }

  private static Throwable catchThrown(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** The value with every leaf replaced by its class name, to compare types too. */
  private static Object types(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, types(v)));
      return List.of(value.getClass().getName(), out);
    }
    if (value instanceof List<?> list) {
      return List.of(value.getClass().getName(), list.stream().map(McpJsonTest::types).toList());
    }
    return value == null ? "null" : value.getClass().getName();
  }

  /** Both accept the text with the same value, or both refuse it. */
  private void sameReading(String text) throws IOException {
    Object expected;
    try {
      expected = jacksonParse(text);
    } catch (IOException | RuntimeException e) {
      assertThatThrownBy(() -> ours.readValue(text, Object.class))
          .as("%.40s", text)
          .isInstanceOf(IOException.class);
      return;
    }
    assertThat(ours.readValue(text, Object.class)).as("%.40s", text).isEqualTo(expected);
  }

  @Test
  void longNumbersAndNamesAreReadOrRefusedAsByJackson() throws IOException {
    List<String> numbers = new ArrayList<>();
    for (int digits : List.of(JsonText.LONG_NUMBER_DIGITS, 999, 1000, 1001, 1002)) {
      String d = "1".repeat(digits);
      numbers.addAll(
          List.of(d, "-" + d, "1." + d, "-1." + d, d + "e5", d + "e+5", "1." + d + "e-5"));
    }
    for (String text : numbers) {
      sameReading(text);
      sameReading("{\"n\":[" + text + "]}");
    }
    for (int length : List.of(JsonText.MAX_NAME_CHARS, JsonText.MAX_NAME_CHARS + 1)) {
      sameReading("{\"" + "n".repeat(length) + "\":1}");
    }
    assertThat(ours.readValue("null", MAP)).isNull();
    assertThat(jackson.readValue("null", MAP)).isNull();
  }

  @Test
  void bytesWithAByteOrderMarkOrInUtf16AreReadAsByJackson() throws IOException {
    String text = "{\"a\":[\"é\",1]}";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] withMark = new byte[utf8.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(utf8, 0, withMark, 3, utf8.length);
    for (byte[] bytes :
        List.of(
            withMark,
            text.getBytes(StandardCharsets.UTF_16BE),
            text.getBytes(StandardCharsets.UTF_16LE))) {
      assertThat(ours.readValue(bytes, Object.class))
          .isEqualTo(jackson.readValue(bytes, Object.class))
          .isEqualTo(Map.of("a", List.of("é", 1)));
    }
  }

  @Test
  void valuesTooDeepOrInACycleAreLeftToJacksonToRefuse() {
    Object deep = List.of();
    for (int i = 0; i < JsonText.MAX_DEPTH + 100; i++) {
      deep = List.of(deep);
    }
    Object tooDeep = deep;
    assertThatThrownBy(() -> jackson.writeValueAsString(tooDeep));
    assertThatThrownBy(() -> ours.writeValueAsString(tooDeep)).isNotInstanceOf(Error.class);
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThatThrownBy(() -> ours.writeValueAsString(cycle)).isNotInstanceOf(Error.class);
  }
}
