package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.legacy.V0ChatCompletion;
import io.github.lmstudiojava.client.legacy.V0ChatRequest;
import io.github.lmstudiojava.client.legacy.V0Model;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The legacy API ({@code /api/v0}): models with their state, and chat with stats. */
@Tag("live")
class LegacyLiveTest {
  private final LmStudio lms = Live.client();

  @Test
  void listsModelsWithTheirState() {
    List<V0Model> models = lms.legacy().models();

    assertThat(models).isNotEmpty();
    assertThat(models)
        .allSatisfy(
            m -> {
              assertThat(m.id()).isNotBlank();
              assertThat(m.type()).isNotBlank();
              assertThat(m.loadState()).isNotNull();
            });
    assertThat(lms.legacy().model(models.get(0).id()).id()).isEqualTo(models.get(0).id());
  }

  @Test
  void aChatCompletionAnswersWithUsageAndStats() {
    Live.Pick llm = Live.llm(lms);

    V0ChatCompletion c =
        lms.legacy()
            .chatCompletion(
                V0ChatRequest.builder(llm.name())
                    .user(Live.PROMPT)
                    .maxTokens(llm.maxTokens())
                    .build());

    assertThat(c.id()).isNotBlank();
    assertThat(c.choices()).isNotEmpty();
    Live.assertAnswered(llm, c.text(), "");
    assertThat(c.usage()).isNotNull();
    assertThat(c.usage().completionTokens()).isPositive();
    assertThat(c.stats()).isNotNull();
    assertThat(c.modelInfo()).isNotNull();
  }
}
