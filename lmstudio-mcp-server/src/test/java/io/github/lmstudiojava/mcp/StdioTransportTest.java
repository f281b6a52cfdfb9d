package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StdioTransportTest {
  @Test
  void anErrorAnswerRepeatsAnIdWithALoneSurrogateExactly() throws Exception {
    String line = "{\"jsonrpc\":\"1.0\",\"id\":\"a\\ud800b\\udc00\",\"method\":\"ping\"}\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioTransport transport =
        new StdioTransport(
            new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
            out,
            new CallRegistry());

    transport.run();

    String written = out.toString(StandardCharsets.UTF_8);
    assertThat(written).contains("\"id\":\"a\\ud800b\\udc00\"").endsWith("}\n");
    Map<String, Object> answer = Json.object(written);
    assertThat(answer).containsEntry("id", "a\ud800b\udc00").containsKey("error");
  }

  @Test
  void pairedSurrogatesAndOtherTextAreWrittenAsUtf8() {
    String json = "{\"id\":\"\ud83d\ude00 \u202e\u0301 x\ud83d\"}";

    String line = new String(StdioTransport.encode(json), StandardCharsets.UTF_8);

    assertThat(line).isEqualTo("{\"id\":\"\ud83d\ude00 \u202e\u0301 x\\ud83d\"}\n");
    assertThat(Json.object(line)).containsEntry("id", "\ud83d\ude00 \u202e\u0301 x\ud83d");
  }
}
