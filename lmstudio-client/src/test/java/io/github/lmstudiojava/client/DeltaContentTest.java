package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct reading of a delta's {@code content} gives what Moshi's reader gives, and leaves every
 * other shape, including malformed data, to the reader.
 */
class DeltaContentTest {
  private static final List<String> DIRECT =
      List.of(
          "{\"type\":\"message.delta\",\"content\":\" The\"}",
          "{\"content\":\"ization\",\"type\":\"message.delta\"}",
          " {\t\"type\" : \"reasoning.delta\" ,\r\n \"content\" : \"\\n\\n**\" } ",
          "{\"type\":\"message.delta\",\"content\":\"\"}",
          "{\"type\":\"message.delta\",\"content\":\" café 東京 🙂\"}",
          "{\"type\":\"message.delta\",\"content\":\"q\\\"b\\\\s\\/t\\t\\b\\f\\r\\u00e9\\ud83d\\ude42\"}",
          "{\"type\":\"message.delta\",\"content\":\"\\ud800 lone\"}",
          "{\"type\":\"message.delta\",\"n\":-1.5e+3,\"ok\":true,\"z\":null,\"content\":\"x\"}",
          "{\"type\":\"message.delta\",\"content\":\"first\",\"content\":\"last\"}",
          "{\"a\\\"b\":1,\"type\":\"message.delta\",\"content\":\"x\"}".replace("\\\"b", "b"));

  private static final List<String> LEFT_TO_THE_READER =
      List.of(
          "{\"type\":\"message.delta\",\"content\":{\"text\":\"x\"}}",
          "{\"type\":\"message.delta\",\"content\":[\"x\"]}",
          "{\"type\":\"message.delta\",\"content\":5}",
          "{\"type\":\"message.delta\",\"content\":null}",
          "{\"type\":\"message.delta\"}",
          "{}",
          "{\"type\":\"message.delta\",\"meta\":{\"a\":1},\"content\":\"x\"}",
          "{\"k\\\"ey\":1,\"content\":\"x\"}",
          "{\"type\":\"message.delta\",\"content\":\"raw\ttab\"}",
          "{\"type\":\"message.delta\",\"content\":\"x\",\"n\":tru}",
          "{\"type\":\"message.delta\",\"content\":\"x\",\"n\":01}",
          "{\"type\":\"message.delta\",\"content\":\"x\",\"n\":1.}",
          "{\"type\":\"message.delta\",\"content\":\"x\"} trailing",
          "{\"type\":\"message.delta\",\"content\":\"x\",}",
          "{\"type\":\"message.delta\",\"content\":\"bad \\q escape\"}",
          "{\"type\":\"message.delta\",\"content\":\"short \\u12\"}",
          "{\"type\":\"message.delta\",\"content\":\"wide \\u\uFF10\uFF10\uFF14\uFF21\"}",
          "{\"type\":\"message.delta\",\"content\":\"unterminated}",
          "[\"content\",\"x\"]",
          "",
          "null");

  /** The reader's answer, or null when it refuses the data. */
  private static String byReader(String data) {
    try {
      return ChatEventDecoder.contentByReader(data);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Test
  void deltasAreReadDirectlyAsTheReaderReadsThem() throws IOException {
    for (String data : DIRECT) {
      String direct = ChatEventDecoder.flatContent(data);
      assertThat(direct).as(data).isNotNull().isEqualTo(ChatEventDecoder.contentByReader(data));
      assertThat(ChatEventDecoder.content(data)).isEqualTo(direct);
    }
    assertThat(ChatEventDecoder.flatContent(DIRECT.get(8))).isEqualTo("last");
  }

  @Test
  void otherShapesAndMalformedDataAreLeftToTheReader() {
    for (String data : LEFT_TO_THE_READER) {
      assertThat(ChatEventDecoder.flatContent(data)).as(data).isNull();
    }
  }

  @Test
  void damagedDeltasAreNeverReadDifferentlyThanByTheReader() {
    String delta =
        "{\"type\":\"message.delta\",\"content\":\"a\\\"b\\u00e9 c\",\"n\":[1],\"t\":-2.5e3}";
    String plain = "{\"type\":\"message.delta\",\"n\":-2.5e3,\"ok\":false,\"content\":\"h\\ni\"}";
    Random random = new Random(7);
    String inserts = "{}[]\",:0-.e\\ tnu";
    int direct = 0;
    for (String message : List.of(delta, plain)) {
      for (int i = 0; i < message.length(); i++) {
        List<String> variants = new ArrayList<>();
        variants.add(message.substring(0, i) + message.substring(i + 1));
        for (int k = 0; k < 4; k++) {
          char c = inserts.charAt(random.nextInt(inserts.length()));
          variants.add(message.substring(0, i) + c + message.substring(i));
          variants.add(message.substring(0, i) + c + message.substring(i + 1));
        }
        for (String data : variants) {
          String fast = ChatEventDecoder.flatContent(data);
          if (fast != null) {
            direct++;
            assertThat(fast).as(data).isEqualTo(byReader(data));
          }
        }
      }
    }
    assertThat(direct).isGreaterThan(50);
  }
}
