package io.github.lmstudiojava.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextWindowTest {
  private static List<Turn> stored(Turn... turns) {
    List<Turn> list = new java.util.ArrayList<>();
    for (int i = 0; i < turns.length; i++) {
      list.add(turns[i].stored(i, java.time.Instant.EPOCH));
    }
    return list;
  }

  @Test
  void aStoredSystemTurnIsKeptWhenItsExchangeIsDropped() {
    String long40 = "x".repeat(160); // 40 tokens + overhead each
    List<Turn> history =
        stored(
            Turn.system("Always answer in French."),
            Turn.user(long40),
            Turn.assistant(long40),
            Turn.user(long40),
            Turn.assistant(long40));
    ContextWindow window = new ContextWindow(0, 4096);

    ContextWindow.Fit fit = window.fit(null, history, "new", 110);

    assertThat(fit.kept())
        .extracting(Turn::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
    assertThat(fit.kept().get(1).index()).isEqualTo(3);
    assertThat(fit.leftOut()).isEqualTo(2);
  }

  @Test
  void everythingFitsWhenTheBudgetAllows() {
    List<Turn> history = stored(Turn.user("a"), Turn.assistant("b"));

    ContextWindow.Fit fit = new ContextWindow(0, 4096).fit("sys", history, "c", 4096);

    assertThat(fit.kept()).isEqualTo(history);
    assertThat(fit.leftOut()).isZero();
  }
}
