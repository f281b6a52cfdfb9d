package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs against a real LM Studio named by {@code LM_STUDIO_URL} (and {@code LM_API_TOKEN} when the
 * server requires one). The build leaves the {@code live} group out unless that variable is set;
 * the assumption below also skips these tests when the class is run by hand without it.
 */
@Tag("live")
class LiveTest {
  private LmStudio lms;

  @BeforeEach
  void connect() {
    String url = System.getenv("LM_STUDIO_URL");
    assumeTrue(url != null && !url.isBlank(), "LM_STUDIO_URL is not set");
    lms = LmStudio.fromEnv();
  }

  @AfterEach
  void close() {
    if (lms != null) {
      lms.close();
    }
  }

  @Test
  void listsTheModelsOnDisk() {
    List<Model> models = lms.models().list();

    assertThat(models)
        .allSatisfy(
            m -> {
              assertThat(m.key()).isNotBlank();
              assertThat(m.type()).isIn("llm", "embedding");
              assertThat(m.loadedInstances()).allSatisfy(i -> assertThat(i.id()).isNotBlank());
            });
    assertThat(lms.models().loaded()).allMatch(Model::isLoaded);
  }

  @Test
  void chatsWithALoadedLlm() {
    ChatRequest request = shortRequest();

    ChatResult result = lms.chat(request);

    assertThat(result.modelInstanceId()).isNotBlank();
    assertThat(result.output()).isNotEmpty();
    assertThat(result.stats()).isNotNull();
    assertThat(result.stats().totalOutputTokens()).isPositive();
  }

  @Test
  void streamsFromALoadedLlm() {
    ChatRequest request = shortRequest();
    List<ChatEvent> events = new ArrayList<>();

    try (ChatStream stream = lms.streamChat(request)) {
      stream.forEach(events::add);

      assertThat(events.get(0)).isInstanceOf(ChatEvent.ChatStart.class);
      assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.ChatEnd.class);
      assertThat(events).noneMatch(e -> e instanceof ChatEvent.Error);
      ChatResult result = stream.result();
      assertThat(result).isEqualTo(((ChatEvent.ChatEnd) events.get(events.size() - 1)).result());
      assertThat(result.stats().totalOutputTokens()).isPositive();
    }
  }

  /** A short, unstored request to the first loaded LLM; skips the test when none is loaded. */
  private ChatRequest shortRequest() {
    Optional<Model> llm = lms.models().loaded().stream().filter(Model::isLlm).findFirst();
    assumeTrue(llm.isPresent(), "no LLM is loaded in LM Studio");
    Model model = llm.get();
    ChatRequest.Builder builder =
        ChatRequest.builder(model.loadedInstances().get(0).id())
            .input("Reply with the single word: pong")
            .maxOutputTokens(64)
            .store(false);
    Capabilities capabilities = model.capabilities();
    if (capabilities != null
        && capabilities.reasoning() != null
        && capabilities.reasoning().allows(Reasoning.OFF)) {
      builder.reasoning(Reasoning.OFF);
    }
    return builder.build();
  }
}
