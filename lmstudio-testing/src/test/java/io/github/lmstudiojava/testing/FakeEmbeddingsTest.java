package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.EmbeddingResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeEmbeddingsTest {
  private static final List<String> SENTENCES =
      List.of(
          "Stock markets fell sharply after the announcement.",
          "The cat sleeps on the warm windowsill.",
          "The recipe needs two cups of flour and one egg.",
          "Cats nap in a patch of sunlight.",
          "Rain is expected across the north tomorrow.",
          "Bake the bread at 220 degrees for thirty minutes.");

  private final FakeLmStudio fake = FakeLmStudio.start();
  private final LmStudio lms = fake.client();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aQueryRanksTheSentencesThatShareItsWordsFirst() {
    List<String> inputs = new ArrayList<>(SENTENCES);
    inputs.add("Where is my cat napping?");

    EmbeddingResult result = lms.openai().embed(FakeModel.EMBEDDING, inputs.toArray(new String[0]));

    float[] query = result.vector(SENTENCES.size());
    List<String> ranked = new ArrayList<>(SENTENCES);
    ranked.sort(
        Comparator.comparingDouble((String s) -> dot(query, result.vector(SENTENCES.indexOf(s))))
            .reversed());
    assertThat(ranked.subList(0, 2))
        .containsExactlyInAnyOrder(
            "The cat sleeps on the warm windowsill.", "Cats nap in a patch of sunlight.");
    FakeRequest sent = fake.takeRequest();
    assertThat(sent.line()).isEqualTo("POST /v1/embeddings");
    assertThat(sent.json())
        .containsEntry("model", FakeModel.EMBEDDING)
        .containsEntry("input", inputs);
  }

  @Test
  void vectorsHaveUnitLengthAndTheSameSizeWhateverTheText() {
    for (String text : List.of("cat", "", "!!!", "a b c", String.join(" ", SENTENCES))) {
      float[] vector = FakeEmbeddings.vector(FakeModel.EMBEDDING, text);

      assertThat(vector).as(text).hasSize(FakeEmbeddings.DIMENSIONS);
      assertThat(dot(vector, vector)).as(text).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void textsWithTheSameWordsAreCloseButNotEqual() {
    float[] one = FakeEmbeddings.vector(FakeModel.EMBEDDING, "warm bread");
    float[] other = FakeEmbeddings.vector(FakeModel.EMBEDDING, "Bread, warm!");
    float[] unrelated = FakeEmbeddings.vector(FakeModel.EMBEDDING, "stock markets");

    assertThat(one).isNotEqualTo(other);
    assertThat(dot(one, other)).isGreaterThan(0.9);
    assertThat(Math.abs(dot(one, unrelated))).isLessThan(0.3);
  }

  @Test
  void aTextAlwaysGetsTheSameVectorFromOneModelAndAnotherFromAnotherModel() {
    float[] first = FakeEmbeddings.vector(FakeModel.EMBEDDING, "The cat sleeps.");

    assertThat(FakeEmbeddings.vector(FakeModel.EMBEDDING, "The cat sleeps.")).isEqualTo(first);
    assertThat(FakeEmbeddings.vector("acme/other-embedding", "The cat sleeps."))
        .isNotEqualTo(first);
  }

  @Test
  void theLegacyRouteGivesTheSameVectors() {
    String body = "{\"model\":\"" + FakeModel.EMBEDDING + "\",\"input\":\"sleeping cats\"}";

    Map<String, Object> json = RawHttp.post(fake, "/api/v0/embeddings", body).json();

    @SuppressWarnings("unchecked")
    List<Double> sent =
        (List<Double>) ((List<Map<String, Object>>) json.get("data")).get(0).get("embedding");
    float[] expected = FakeEmbeddings.vector(FakeModel.EMBEDDING, "sleeping cats");
    assertThat(sent).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(sent.get(i)).isCloseTo(expected[i], within(1e-6));
    }
    FakeRequest request = fake.takeRequest();
    assertThat(request.line()).isEqualTo("POST /api/v0/embeddings");
    assertThat(request.json()).containsEntry("input", "sleeping cats");
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
