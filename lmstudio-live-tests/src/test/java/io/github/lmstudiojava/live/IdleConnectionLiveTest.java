package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LM Studio's server closes a kept-alive connection after 5 seconds without a request: a chat after
 * a longer pause must not fail on the connection the client kept from the one before.
 */
@Tag("live")
class IdleConnectionLiveTest {
  /** Longer than LM Studio's 5 seconds of keep-alive. */
  private static final long PAUSE_MILLIS = 6_000;

  @Test
  void aNativeChatAfterAnIdlePauseIsAnswered() throws InterruptedException {
    try (LmStudio lms = Live.connect()) {
      Live.Pick llm = Live.llm(lms);

      ChatResult before = lms.chat(Live.shortChat(llm).build());
      TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
      ChatResult after = lms.chat(Live.shortChat(llm).build());

      assertThat(before.stats().totalOutputTokens()).isPositive();
      assertThat(after.stats().totalOutputTokens()).isPositive();
      Live.assertAnswered(llm, after.text(), after.reasoning());
    }
  }

  @Test
  void anOpenAiChatCompletionAfterAnIdlePauseIsAnswered() throws InterruptedException {
    try (LmStudio lms = Live.connect()) {
      Live.Pick llm = Live.llm(lms);

      ChatCompletion before =
          lms.openai().chatCompletion(OpenAiLiveTest.shortCompletion(llm).build());
      TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
      ChatCompletion after =
          lms.openai().chatCompletion(OpenAiLiveTest.shortCompletion(llm).build());

      assertThat(before.usage().completionTokens()).isPositive();
      assertThat(after.usage().completionTokens()).isPositive();
      Live.assertAnswered(llm, after.text(), after.reasoning());
    }
  }
}
