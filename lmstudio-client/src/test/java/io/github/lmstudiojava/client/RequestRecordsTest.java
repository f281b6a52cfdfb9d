package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRecordsTest {
  private static final Duration ONE = Duration.ofSeconds(1);

  @Test
  void timeoutDefaultsAreTheDocumentedOnes() {
    assertThat(Timeouts.defaults())
        .isEqualTo(
            new Timeouts(
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofMinutes(30)));
  }

  @Test
  void timeoutWithersCopyChangingOneLimit() {
    Timeouts base = new Timeouts(ONE, ONE, ONE, ONE, ONE);
    Duration two = Duration.ofSeconds(2);

    assertThat(base.withConnect(two)).isEqualTo(new Timeouts(two, ONE, ONE, ONE, ONE));
    assertThat(base.withModelLoad(two)).isEqualTo(new Timeouts(ONE, two, ONE, ONE, ONE));
    assertThat(base.withFirstEvent(two)).isEqualTo(new Timeouts(ONE, ONE, two, ONE, ONE));
    assertThat(base.withIdle(two)).isEqualTo(new Timeouts(ONE, ONE, ONE, two, ONE));
    assertThat(base.withCall(two)).isEqualTo(new Timeouts(ONE, ONE, ONE, ONE, two));
    assertThat(base).isEqualTo(new Timeouts(ONE, ONE, ONE, ONE, ONE));
    assertThat(base.withIdle(Duration.ZERO).idle()).isZero();
  }

  @Test
  void timeoutsRefuseMissingOrNegativeLimitsNamingThem() {
    Timeouts t = Timeouts.defaults();
    assertThatNullPointerException()
        .isThrownBy(() -> t.withConnect(null))
        .withMessage("connect == null");
    assertThatNullPointerException()
        .isThrownBy(() -> t.withModelLoad(null))
        .withMessage("modelLoad == null");
    assertThatNullPointerException()
        .isThrownBy(() -> t.withFirstEvent(null))
        .withMessage("firstEvent == null");
    assertThatNullPointerException().isThrownBy(() -> t.withIdle(null)).withMessage("idle == null");
    assertThatNullPointerException().isThrownBy(() -> t.withCall(null)).withMessage("call == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> t.withIdle(Duration.ofSeconds(-1)))
        .withMessage("idle < 0: PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> t.withCall(Duration.ofMillis(-5)))
        .withMessage("call < 0: PT-0.005S");
  }

  @Test
  void loadRequestOfSetsOnlyTheModel() {
    assertThat(LoadRequest.of("qwen/qwen3-4b"))
        .isEqualTo(new LoadRequest("qwen/qwen3-4b", null, null, null, null, null, null, null));
  }

  @Test
  void loadRequestBuilderAndToBuilderRoundTrip() {
    LoadRequest full =
        LoadRequest.builder("openai/gpt-oss-20b")
            .contextLength(16384)
            .evalBatchSize(512)
            .flashAttention(true)
            .numExperts(4)
            .offloadKvCacheToGpu(false)
            .echoLoadConfig(true)
            .timeout(Duration.ofMinutes(3))
            .build();

    assertThat(full)
        .isEqualTo(
            new LoadRequest(
                "openai/gpt-oss-20b", 16384, 512, true, 4, false, true, Duration.ofMinutes(3)));
    assertThat(full.toBuilder().build()).isEqualTo(full);
    LoadRequest changed = full.toBuilder().model("other").contextLength(null).build();
    assertThat(changed)
        .isEqualTo(
            new LoadRequest("other", null, 512, true, 4, false, true, Duration.ofMinutes(3)));
    assertThat(full.model()).isEqualTo("openai/gpt-oss-20b");
  }

  @Test
  void loadRequestRefusesBadValuesNamingThem() {
    assertThatNullPointerException()
        .isThrownBy(() -> LoadRequest.of(null))
        .withMessage("model == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoadRequest.of(" "))
        .withMessage("model is blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoadRequest.builder("m").contextLength(0).build())
        .withMessage("contextLength <= 0: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoadRequest.builder("m").evalBatchSize(-1).build())
        .withMessage("evalBatchSize <= 0: -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoadRequest.builder("m").numExperts(0).build())
        .withMessage("numExperts <= 0: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LoadRequest.builder("m").timeout(Duration.ofSeconds(-2)).build())
        .withMessage("timeout < 0: PT-2S");
  }

  @Test
  void chatRequestOfHoldsOneTextInput() {
    ChatRequest request = ChatRequest.of("qwen/qwen3-4b", "Hello");

    assertThat(request.model()).isEqualTo("qwen/qwen3-4b");
    assertThat(request.input()).containsExactly(InputItem.text("Hello"));
    assertThat(request.integrations()).isEmpty();
    assertThat(request.systemPrompt()).isNull();
    assertThat(request.timeouts()).isNull();
  }

  @Test
  void chatRequestBuilderAndToBuilderRoundTrip() {
    Timeouts timeouts = Timeouts.defaults().withFirstEvent(Duration.ofMinutes(20));
    ChatRequest full =
        ChatRequest.builder("ibm/granite-4-micro")
            .input(
                InputItem.text("Describe"),
                InputItem.imageDataUrl("data:image/webp;base64," + TestImages.WEBP_LOSSY))
            .systemPrompt("Be brief")
            .integrations(
                Integration.plugin("mcp/playwright"),
                Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                    .allowedTools("model_search"))
            .temperature(0.0)
            .topP(0.9)
            .topK(40)
            .minP(0.05)
            .repeatPenalty(1.1)
            .maxOutputTokens(256)
            .reasoning(Reasoning.LOW)
            .contextLength(8000)
            .store(false)
            .previousResponseId("resp_123")
            .timeouts(timeouts)
            .build();

    assertThat(full.toBuilder().build()).isEqualTo(full);
    assertThat(full.input()).hasSize(2);
    assertThat(full.integrations()).hasSize(2);
    assertThat(full.temperature()).isEqualTo(0.0);
    assertThat(full.topP()).isEqualTo(0.9);
    assertThat(full.topK()).isEqualTo(40);
    assertThat(full.minP()).isEqualTo(0.05);
    assertThat(full.repeatPenalty()).isEqualTo(1.1);
    assertThat(full.maxOutputTokens()).isEqualTo(256);
    assertThat(full.reasoning()).isEqualTo(Reasoning.LOW);
    assertThat(full.contextLength()).isEqualTo(8000);
    assertThat(full.store()).isFalse();
    assertThat(full.previousResponseId()).isEqualTo("resp_123");
    assertThat(full.timeouts()).isEqualTo(timeouts);

    ChatRequest changed = full.toBuilder().input("Again").integrations(List.of()).build();
    assertThat(changed.input()).containsExactly(InputItem.text("Again"));
    assertThat(changed.integrations()).isEmpty();
    assertThat(full.input()).hasSize(2);
    assertThat(full.integrations()).hasSize(2);
  }

  @Test
  void chatRequestCopiesItsListsSoLaterChangesDoNotLeakIn() {
    List<InputItem> input = new ArrayList<>(List.of(InputItem.text("a")));
    ChatRequest request = ChatRequest.builder("m").input(input).build();

    input.add(InputItem.text("b"));

    assertThat(request.input()).containsExactly(InputItem.text("a"));
    assertThatThrownBy(() -> request.input().add(InputItem.text("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(
            new ChatRequest(
                    "m", input, null, null, null, null, null, null, null, null, null, null, null,
                    null, null)
                .integrations())
        .isEmpty();
  }

  @Test
  void chatRequestRefusesBadValuesNamingThem() {
    assertThatNullPointerException()
        .isThrownBy(() -> ChatRequest.of(null, "hi"))
        .withMessage("model == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChatRequest.of("", "hi"))
        .withMessage("model is blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChatRequest.builder("m").build())
        .withMessage("input is empty");
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                new ChatRequest(
                    "m", null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null))
        .withMessage("input == null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().temperature(-0.1).build())
        .withMessage("temperature < 0: -0.1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().topP(1.5).build())
        .withMessage("topP must be within [0, 1]: 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().minP(-0.5).build())
        .withMessage("minP must be within [0, 1]: -0.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().topK(-1).build())
        .withMessage("topK < 0: -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().repeatPenalty(0.0).build())
        .withMessage("repeatPenalty <= 0: 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().maxOutputTokens(0).build())
        .withMessage("maxOutputTokens <= 0: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().contextLength(-8).build())
        .withMessage("contextLength <= 0: -8");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> chat().previousResponseId("abc").build())
        .withMessage("previousResponseId must start with \"resp_\": abc");
  }

  private static ChatRequest.Builder chat() {
    return ChatRequest.builder("m").input("hi");
  }
}
