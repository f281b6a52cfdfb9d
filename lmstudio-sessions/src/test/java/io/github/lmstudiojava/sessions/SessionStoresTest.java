package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStoresTest {
  /**
   * A third-party store found through ServiceLoader; registered in this module's test resources.
   */
  public static final class TestProvider implements SessionStoreProvider {
    static volatile String lastUri;

    @Override
    public String scheme() {
      return "test";
    }

    @Override
    public SessionStore open(String uri) {
      lastUri = uri;
      return SessionStores.inMemory();
    }
  }

  @Test
  void memorySchemeOpensAnEmptyInMemoryStore() {
    try (SessionStore store = SessionStores.open("memory:")) {
      Session s = store.create(NewSession.of());
      store.append(s.id(), List.of(Turn.user("hi")));
      assertThat(store.history(s.id())).hasSize(1);
      assertThat(store).hasToString("memory:");
    }
  }

  @Test
  void aSchemeFromAProviderOnTheClassPathIsFound() {
    try (SessionStore store = SessionStores.open("test://db/chats")) {
      assertThat(store.list(0, 10)).isEmpty();
    }
    assertThat(TestProvider.lastUri).isEqualTo("test://db/chats");
  }

  @Test
  void anUnknownSchemeOrNoSchemeIsRefusedSayingWhatIsKnown() {
    assertThatThrownBy(() -> SessionStores.open("postgres://db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres:")
        .hasMessageContaining("memory:");
    assertThatThrownBy(() -> SessionStores.open("chats.db"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnsAndSpecsCheckTheirValues() {
    assertThatThrownBy(
            () -> new Turn(-1, Role.TOOL, "x", null, List.of(), null, null, null, null, null, null))
        .hasMessageContaining("toolCallId");
    assertThatThrownBy(() -> Turn.user("x").withToolCalls(List.of(new ToolCall("c", "f", "{}"))))
        .hasMessageContaining("only assistant turns");
    assertThatThrownBy(() -> NewSession.withId(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Role.of("assistant")).isEqualTo(Role.ASSISTANT);
    assertThat(Role.TOOL.wireName()).isEqualTo("tool");
    assertThatThrownBy(() -> Role.of("robot")).isInstanceOf(IllegalArgumentException.class);
  }
}
