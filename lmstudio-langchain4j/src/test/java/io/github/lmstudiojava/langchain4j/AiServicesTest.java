package io.github.lmstudiojava.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The models as LangChain4j applications use them: an AI service with a tool and a memory. */
class AiServicesTest {
  private final FakeLmStudio fake = FakeLmStudio.start();
  private final SessionStore sessions = SessionStores.inMemory();

  @AfterEach
  void close() {
    sessions.close();
    fake.close();
  }

  interface Assistant {
    String chat(String message);
  }

  static final class Weather {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool("The current weather in a city")
    String get_weather(@P("the city") String city) {
      cities.add(city);
      return "Sunny, 24 C";
    }
  }

  @Test
  void aServiceCallsItsToolAndRemembersTheExchange() {
    Weather weather = new Weather();
    Assistant assistant =
        AiServices.builder(Assistant.class)
            .chatModel(
                LmStudioChatModel.builder()
                    .lmStudio(fake.client())
                    .modelName(FakeModel.LOADED_LLM)
                    .build())
            .tools(weather)
            .chatMemory(
                MessageWindowChatMemory.builder()
                    .id("ada")
                    .maxMessages(20)
                    .chatMemoryStore(new LmStudioChatMemoryStore(sessions))
                    .build())
            .build();

    String answer = assistant.chat("What is the weather in Paris?");

    assertThat(answer).isNotBlank();
    assertThat(weather.cities).hasSize(1);
    List<Turn> turns = sessions.history("ada");
    assertThat(turns)
        .extracting(Turn::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(turns.get(1).toolCalls())
        .singleElement()
        .extracting(c -> c.name())
        .isEqualTo("get_weather");
    assertThat(turns.get(2).content()).isEqualTo("Sunny, 24 C");
    FakeRequest first = fake.takeRequest();
    assertThat(first.path()).isEqualTo("/v1/chat/completions");
    assertThat(first.json()).containsKey("tools");
    FakeRequest second = fake.takeRequest();
    assertThat(second.path()).isEqualTo("/v1/chat/completions");
    assertThat((List<?>) second.json().get("messages")).hasSize(3);
  }
}
