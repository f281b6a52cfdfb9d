package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRpcTest {
  private static Map<String, Object> error(JsonRpc.Checked checked) {
    assertThat(checked.valid()).isFalse();
    return Json.object(checked.error());
  }

  @Test
  void anIdOfTheLongestLengthPassesAndALongerOneIsRefusedWithANullId() {
    String longest = "i".repeat(JsonRpc.MAX_ID_CHARS);
    JsonRpc.Checked ok =
        JsonRpc.check("{\"jsonrpc\":\"2.0\",\"id\":\"" + longest + "\",\"method\":\"ping\"}");
    JsonRpc.Checked tooLong =
        JsonRpc.check("{\"jsonrpc\":\"2.0\",\"id\":\"" + longest + "i\",\"method\":\"ping\"}");

    assertThat(ok.valid()).isTrue();
    assertThat(ok.id()).isEqualTo(longest);
    assertThat(error(tooLong))
        .containsEntry("id", null)
        .extracting("error")
        .isEqualTo(
            Map.of(
                "code",
                JsonRpc.INVALID_REQUEST,
                "message",
                "Invalid Request: \"id\" is longer than 256 characters"));
    assertThat(tooLong.silent()).isFalse();
  }

  @Test
  void initializeParamsOverTheLimitAreRefusedWithTheRequestsId() {
    String name = "n".repeat(JsonRpc.MAX_INITIALIZE_CHARS);
    JsonRpc.Checked checked =
        JsonRpc.check(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"experimental\":{}},"
                + "\"clientInfo\":{\"name\":\""
                + name
                + "\",\"version\":\"1\"}}}");

    Map<String, Object> answer = error(checked);
    assertThat(answer).containsEntry("id", 1);
    assertThat(answer.get("error").toString())
        .contains("-32602", "initialize (clientInfo and capabilities) is larger than 65536");
  }

  @Test
  void aLongCancelledRequestIdIsRefusedSilentlyAndALongProgressTokenWithAnAnswer() {
    String big = "r".repeat(JsonRpc.MAX_ID_CHARS + 1);
    JsonRpc.Checked cancel =
        JsonRpc.check(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{"
                + "\"requestId\":\""
                + big
                + "\"}}");
    JsonRpc.Checked token =
        JsonRpc.check(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
                + "\"_meta\":{\"progressToken\":\""
                + big
                + "\"}}}");

    assertThat(cancel.silent()).isTrue();
    assertThat(error(cancel).get("error").toString()).contains("\"requestId\" is longer than 256");
    assertThat(token.silent()).isFalse();
    assertThat(error(token)).containsEntry("id", 7);
    assertThat(error(token).get("error").toString())
        .contains("\"progressToken\" is longer than 256");
  }

  @Test
  void aBatchIsRefusedAsUnsupported() {
    assertThat(error(JsonRpc.check("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")))
        .extracting("error")
        .asString()
        .contains("-32600", "batches are not supported");
  }

  @Test
  void checkedMessagesBecomeTheSameSdkMessagesAsTheSdkParsingTheTextWouldGive() throws Exception {
    for (String line :
        new String[] {
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
              + "\"arguments\":{\"prompt\":\"hé\",\"n\":[1,2.5,null,true]}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"ping\"}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"p\":1}}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"roots\":[]}}",
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-1,\"message\":\"no\"}}"
        }) {
      JsonRpc.Checked checked = JsonRpc.check(line);
      assertThat(checked.valid()).as(line).isTrue();
      assertThat(checked.toMessage())
          .as(line)
          .isEqualTo(McpSchema.deserializeJsonRpcMessage(Json.MAPPER, line));
    }
  }

  @Test
  void aResponseWhoseErrorIsNotAnObjectIsRefusedByToMessage() {
    JsonRpc.Checked checked = JsonRpc.check("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":\"no\"}");
    assertThat(checked.valid()).isTrue();
    assertThatThrownBy(checked::toMessage).isInstanceOf(RuntimeException.class);
  }
}
