package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.Integration;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What changes the server's state or reaches beyond it, run only when an environment variable asks
 * for it: loading (and unloading again) a model, and a chat that uses an integration.
 */
@Tag("live")
class OptInLiveTest {
  private final LmStudio lms = Live.client();

  @Test
  void loadsTheNamedModelAndUnloadsOnlyTheInstanceItLoaded() {
    String key = Live.env(Live.LOAD);
    assumeTrue(key != null, Live.LOAD + " is not set (an LLM key to load and unload)");
    List<String> before = instanceIds(key);

    LoadResult loaded =
        lms.models()
            .load(LoadRequest.builder(key).contextLength(2048).echoLoadConfig(true).build());
    String instance = loaded.instanceId();
    List<String> during;
    ChatResult answer;
    try {
      during = instanceIds(key);
      answer =
          lms.chat(ChatRequest.builder(instance).input(Live.PROMPT).maxOutputTokens(64).build());
    } finally {
      lms.models().unload(instance);
    }
    List<String> after = instanceIds(key);

    assertThat(loaded.status()).isEqualTo("loaded");
    assertThat(loaded.loadTimeSeconds()).isNotNegative();
    assertThat(loaded.loadConfig()).isNotNull();
    assertThat(loaded.loadConfig().contextLength()).isEqualTo(2048);
    assertThat(before).doesNotContain(instance);
    assertThat(during).contains(instance).containsAll(before);
    assertThat(answer.modelInstanceId()).isEqualTo(instance);
    assertThat(answer.stats().totalOutputTokens()).isPositive();
    assertThat(after).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void aChatMayCallTheToolsOfTheNamedIntegration() {
    String named = Live.env(Live.INTEGRATION);
    assumeTrue(
        named != null,
        Live.INTEGRATION + " is not set (a plugin id such as mcp/playwright, or a public MCP URL)");
    Live.Pick llm = Live.llm(lms);
    Integration integration =
        named.contains("://")
            ? Integration.ephemeralMcp(label(named), named)
            : Integration.plugin(named);
    List<ChatEvent> events = new ArrayList<>();

    ChatResult result;
    try (ChatStream stream =
        lms.streamChat(
            Live.shortChat(llm)
                .input("Use one of your tools once, then say in one sentence what it returned.")
                .maxOutputTokens(1024)
                .integrations(integration)
                .build())) {
      stream.forEach(events::add);
      result = stream.result();
    }

    NativeApiLiveTest.assertStartDeltasEnd(events);
    assertThat(result.output()).isNotEmpty();
    // Whether the model calls a tool is its choice; a call that was made must be whole.
    assertThat(result.toolCalls())
        .allSatisfy(
            call -> {
              assertThat(call.tool()).isNotBlank();
              assertThat(call.providerInfo()).isNotNull();
            });
  }

  private static String label(String url) {
    String host = URI.create(url).getHost();
    return host == null ? "live" : host.replaceAll("[^A-Za-z0-9_-]", "-");
  }

  private List<String> instanceIds(String key) {
    List<String> ids = new ArrayList<>();
    for (Model m : lms.models().list()) {
      if (m.key().equals(key)) {
        m.loadedInstances().stream().map(LoadedInstance::id).forEach(ids::add);
      }
    }
    return ids;
  }
}
