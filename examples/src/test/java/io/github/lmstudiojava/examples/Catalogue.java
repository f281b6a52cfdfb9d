package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;

/**
 * The LM Studio the examples' tests talk to: a fake whose catalogue is not the fake's default, so
 * that no example passes by naming a model that happens to be there ({@code qwen/qwen3-4b} is not).
 */
final class Catalogue {
  static final String LOADED_LLM = "ibm/granite-4-micro";
  static final String OTHER_LLM = "meta/llama-3.2-3b";
  static final String EMBEDDING = "text-embedding-nomic-embed-text-v1.5";
  static final String VISION = "acme/eyes-4b";

  private Catalogue() {}

  /** One loaded LLM, another on disk, an embedding model and a vision model, none loaded. */
  static List<FakeModel> usual() {
    return List.of(
        FakeModel.llm(LOADED_LLM).loaded(true).build(),
        FakeModel.llm(OTHER_LLM).build(),
        FakeModel.embedding(EMBEDDING).build(),
        FakeModel.llm(VISION).vision(true).build());
  }

  static FakeLmStudio start(List<FakeModel> models) {
    return FakeLmStudio.builder().models(models).downloadPolls(2).start();
  }

  /** Runs an example against a fake, as {@code --url URL}. */
  static ExampleRun run(FakeLmStudio fake, String... args) {
    String[] withUrl = new String[args.length + 2];
    System.arraycopy(args, 0, withUrl, 0, args.length);
    withUrl[args.length] = "--url";
    withUrl[args.length + 1] = fake.url();
    return ExampleRun.of(withUrl);
  }

  /** The request lines the fake received, such as {@code POST /api/v1/chat}. */
  static List<String> lines(FakeLmStudio fake) {
    return fake.requests().stream().map(FakeRequest::line).toList();
  }
}
