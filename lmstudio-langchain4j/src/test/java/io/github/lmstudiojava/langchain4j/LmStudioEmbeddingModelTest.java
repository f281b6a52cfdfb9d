package io.github.lmstudiojava.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LmStudioEmbeddingModelTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final LmStudio lms = fake.client();

  @AfterEach
  void close() {
    fake.close();
  }

  @Test
  void textsAreEmbeddedInBatchesInOrder() {
    EmbeddingModel model =
        LmStudioEmbeddingModel.builder()
            .lmStudio(lms)
            .modelName(FakeModel.EMBEDDING)
            .batchSize(2)
            .build();

    Response<List<Embedding>> response =
        model.embedAll(
            List.of(TextSegment.from("cats"), TextSegment.from("dogs"), TextSegment.from("cats")));

    List<Embedding> vectors = response.content();
    assertThat(vectors).hasSize(3);
    assertThat(vectors.get(0).vector()).isEqualTo(vectors.get(2).vector());
    assertThat(vectors.get(0).vector()).isNotEqualTo(vectors.get(1).vector());
    assertThat(model.dimension()).isEqualTo(vectors.get(0).dimension());
    assertThat(response.tokenUsage().inputTokenCount()).isPositive();
    FakeRequest first = fake.takeRequest();
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v1/embeddings");
    assertThat(first.json())
        .containsEntry("model", FakeModel.EMBEDDING)
        .containsEntry("input", List.of("cats", "dogs"));
    // A batch of one is sent as one text.
    assertThat(fake.takeRequest().json()).containsEntry("input", "cats");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void theDimensionIsAskedOnceWhenNothingWasEmbeddedYet() {
    EmbeddingModel model =
        LmStudioEmbeddingModel.builder().lmStudio(lms).modelName(FakeModel.EMBEDDING).build();

    int dimension = model.dimension();

    assertThat(dimension).isPositive();
    assertThat(model.dimension()).isEqualTo(dimension);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void nothingToEmbedSendsNothing() {
    EmbeddingModel model =
        LmStudioEmbeddingModel.builder().lmStudio(lms).modelName(FakeModel.EMBEDDING).build();

    assertThat(model.embedAll(List.of()).content()).isEmpty();
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void anUnknownModelIsTheClientsTypedError() {
    EmbeddingModel model =
        LmStudioEmbeddingModel.builder().lmStudio(lms).modelName("no/such-embedder").build();

    assertThatThrownBy(() -> model.embed("cats")).isInstanceOf(ModelNotFoundException.class);
    assertThat(fake.takeRequest().json()).containsEntry("model", "no/such-embedder");
  }

  @Test
  void aModelNeedsAClientAndAName() {
    assertThatThrownBy(() -> LmStudioEmbeddingModel.builder().modelName("m").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LmStudioEmbeddingModel.builder().lmStudio(lms).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("modelName");
    assertThatThrownBy(() -> LmStudioEmbeddingModel.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
