package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.fixture;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Embeddings ({@code POST /v1/embeddings}). The docs' example answer is shortened in the docs with
 * a "... (truncated for brevity) ..." line; the fixture keeps the six numbers shown.
 */
class EmbeddingTest {
  private static final String PATH = "/v1/embeddings";
  private static final String MODEL = "text-embedding-nomic-embed-text-v1.5";
  private static final String[] DOCS_NUMBERS = {
    "-0.016731496900320053",
    "0.028460891917347908",
    "-0.1407836228609085",
    "0.02505224384367466",
    "-0.0037634256295859814",
    "-0.04341062530875206"
  };

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = OpenAiTestSupport.client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  /** An answer holding, for each index in the order given, the vector {index, index + 0.5}. */
  private static String answer(List<Integer> indices, int promptTokens) {
    String data =
        indices.stream()
            .map(
                i ->
                    "{\"object\":\"embedding\",\"index\":"
                        + i
                        + ",\"embedding\":["
                        + i
                        + ","
                        + (i + 0.5)
                        + "]}")
            .collect(Collectors.joining(","));
    return "{\"object\":\"list\",\"data\":["
        + data
        + "],\"model\":\"nomic@q4\",\"usage\":{\"prompt_tokens\":"
        + promptTokens
        + ",\"total_tokens\":"
        + promptTokens
        + "}}";
  }

  @Test
  void docsExampleSendsOneTextAsAStringAndReadsItsVector() throws Exception {
    server.enqueue(json(fixture("v0-embedding-response-docs.json")));

    EmbeddingResult result = lms.openai().embed(MODEL, "Some text to embed");

    float[] expected = new float[DOCS_NUMBERS.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Float.parseFloat(DOCS_NUMBERS[i]);
    }
    assertThat(result.vector(0)).containsExactly(expected);
    assertThat(result.size()).isEqualTo(1);
    assertThat(result.dimensions()).isEqualTo(6);
    assertThat(result.model()).isEqualTo("text-embedding-nomic-embed-text-v1.5@q4_k_m");
    assertThat(result.usage()).isEqualTo(new CompletionUsage(0, null, 0));
    assertThat(result)
        .isEqualTo(new EmbeddingResult(result.model(), List.of(expected.clone()), result.usage()));
    assertThat(result.toString()).contains("vectors=1", "dimensions=6");
    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree(fixture("v0-embedding-request-docs.json")));
  }

  @Test
  void eachNumberIsRoundedOnceFromItsDecimalText() throws Exception {
    // Halfway between two floats once rounded to a double, but below halfway in fact: reading it
    // as a double first would round it up; read once, it rounds down.
    String tricky = "1.00000017881393432617187499";
    assertThat(Float.parseFloat(tricky)).isNotEqualTo((float) Double.parseDouble(tricky));
    server.enqueue(
        json(
            "{\"data\":[{\"index\":0,\"embedding\":["
                + tricky
                + ",1e-3,-0,3.4028235E38,1]}],\"model\":\"m\"}"));

    float[] vector = lms.openai().embed("m", "x").vector(0);

    assertThat(vector)
        .containsExactly(Float.parseFloat(tricky), 0.001f, -0.0f, Float.MAX_VALUE, 1f);
    takePost(server, PATH, false);
  }

  @Test
  void severalTextsAreSentAsAnArrayAndPutBackInInputOrder() throws Exception {
    server.enqueue(json(answer(List.of(2, 0, 3, 1), 9)));

    EmbeddingResult result = lms.openai().embed("m", "a", "b", "c", "d");

    for (int i = 0; i < 4; i++) {
      assertThat(result.vector(i)).containsExactly(i, i + 0.5f);
    }
    assertThat(result.usage()).isEqualTo(new CompletionUsage(9, null, 9));
    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree("{\"model\": \"m\", \"input\": [\"a\", \"b\", \"c\", \"d\"]}"));
  }

  @Test
  void largeInputIsSentInBatchesAndReassembledInOrderWithSummedUsage() throws Exception {
    List<String> inputs = IntStream.range(0, 7).mapToObj(i -> "text " + i).toList();
    server.enqueue(json(answer(List.of(1, 2, 0), 3)));
    server.enqueue(json(answer(List.of(0, 2, 1), 4)));
    server.enqueue(json(answer(List.of(0), 5)));

    EmbeddingResult result =
        lms.openai().embedAll(EmbeddingRequest.builder("m").input(inputs).ttl(120).build(), 3);

    List<Float> firsts = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      firsts.add(result.vector(i)[0]);
    }
    // Each batch's vectors are {index within the batch, ...}, back in order.
    assertThat(firsts).containsExactly(0f, 1f, 2f, 0f, 1f, 2f, 0f);
    assertThat(result.usage()).isEqualTo(new CompletionUsage(12, null, 12));
    assertThat(result.model()).isEqualTo("nomic@q4");
    assertThat(takePost(server, PATH, false))
        .isEqualTo(
            tree("{\"model\":\"m\",\"input\":[\"text 0\",\"text 1\",\"text 2\"],\"ttl\":120}"));
    assertThat(takePost(server, PATH, false))
        .isEqualTo(
            tree("{\"model\":\"m\",\"input\":[\"text 3\",\"text 4\",\"text 5\"],\"ttl\":120}"));
    assertThat(takePost(server, PATH, false))
        .isEqualTo(tree("{\"model\":\"m\",\"input\":\"text 6\",\"ttl\":120}"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void batchOfOneOrMoreIsRequired() {
    assertThatThrownBy(() -> lms.openai().embedAll("m", List.of("a"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize < 1: 0");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void base64VectorsAreDecodedAsLittleEndianFloats() throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putFloat(0.25f).putFloat(-3.5f);
    String encoded = Base64.getEncoder().encodeToString(bytes.array());
    server.enqueue(json("{\"data\":[{\"index\":0,\"embedding\":\"" + encoded + "\"}]}"));

    assertThat(lms.openai().embed("m", "x").vector(0)).containsExactly(0.25f, -3.5f);
    takePost(server, PATH, false);
  }

  @Test
  void answersWithoutOneVectorPerInputAreProtocolErrors() throws Exception {
    server.enqueue(json(answer(List.of(0), 1)));
    server.enqueue(json(answer(List.of(0, 0), 1)));
    server.enqueue(json("{\"data\":[{\"index\":0,\"embedding\":[1,\"x\"]}]}"));

    assertThatThrownBy(() -> lms.openai().embed("m", "a", "b"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("1 vectors for 2 inputs");
    assertThatThrownBy(() -> lms.openai().embed("m", "a", "b"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("repeated index 0");
    assertThatThrownBy(() -> lms.openai().embed("m", "a"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /v1/embeddings")
        .hasMessageContaining("expected a number");
    for (int i = 0; i < 3; i++) {
      takePost(server, PATH, false);
    }
  }
}
