package io.github.lmstudiojava.testing;

import static io.github.lmstudiojava.testing.FakeModel.EMBEDDING;
import static io.github.lmstudiojava.testing.FakeModel.LOADED_LLM;
import static io.github.lmstudiojava.testing.FakeModel.REASONING;
import static io.github.lmstudiojava.testing.FakeModel.UNLOADED_LLM;
import static io.github.lmstudiojava.testing.FakeModel.VISION;
import static io.github.lmstudiojava.testing.FakeModel.embedding;
import static io.github.lmstudiojava.testing.FakeModel.llm;

import java.util.List;

/** The catalogue a {@link FakeLmStudio} starts with unless told otherwise. */
final class DefaultCatalogue {
  static final List<FakeModel> MODELS =
      List.of(
          llm(LOADED_LLM)
              .displayName("Granite 4 Micro")
              .architecture("granite")
              .sizeBytes(2_135_513_600L)
              .paramsString("3B")
              .maxContextLength(131_072)
              .variants(LOADED_LLM + "@q4_k_m", LOADED_LLM + "@q8_0")
              .loaded(true)
              .build(),
          llm(UNLOADED_LLM).displayName("Llama 3.2 3B").architecture("llama").build(),
          embedding(EMBEDDING).publisher("nomic-ai").displayName("Nomic Embed Text v1.5").build(),
          llm(REASONING)
              .displayName("Qwen3 4B")
              .architecture("qwen3")
              .paramsString("4B")
              .reasoning("on", "off", "on")
              .build(),
          llm(VISION)
              .displayName("Qwen3 VL 4B")
              .architecture("qwen3vl")
              .paramsString("4B")
              .vision(true)
              .build());

  /** {@link FakeModel#effortReasoning()}: not in {@link #MODELS}, added on request. */
  static final FakeModel EFFORT_REASONING_MODEL =
      llm(FakeModel.EFFORT_REASONING)
          .displayName("gpt-oss 20B")
          .architecture("gpt-oss")
          .sizeBytes(12_109_566_560L)
          .paramsString("20B")
          .maxContextLength(131_072)
          .reasoning("medium", "low", "medium", "high", "xhigh")
          .build();

  private DefaultCatalogue() {}
}
