package io.github.lmstudiojava.client.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageRequestTest {
  @Test
  void shortFormHasOneUserTurnAndTheDefaultMaxTokens() {
    MessageRequest request = MessageRequest.of("m", "Hi");

    assertThat(request.maxTokens()).isEqualTo(MessageRequest.DEFAULT_MAX_TOKENS).isEqualTo(1024);
    assertThat(request.messages()).containsExactly(InputMessage.user("Hi"));
    assertThat(request.system()).isEmpty();
    assertThat(request.tools()).isEmpty();
    assertThat(request.stopSequences()).isEmpty();
    assertThat(request.metadata()).isEmpty();
    assertThat(request.timeouts()).isNull();
  }

  @Test
  void toBuilderCopiesEveryValueAndLeavesTheOriginalAlone() {
    MessageRequest request =
        MessageRequest.builder("m")
            .maxTokens(10)
            .system("s")
            .user("u")
            .assistant("a")
            .tools(Tool.of("t", "d", Map.of("type", "object")))
            .toolChoice(ToolChoice.auto())
            .temperature(0.1)
            .topP(0.5)
            .topK(3)
            .stopSequences("x")
            .metadata(Map.of("user_id", "u1"))
            .timeouts(Timeouts.defaults())
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.toBuilder().user("more").build().messages()).hasSize(3);
    assertThat(request.messages()).hasSize(2);
    assertThat(request.toBuilder().system().tools().build())
        .satisfies(
            r -> {
              assertThat(r.system()).isEmpty();
              assertThat(r.tools()).isEmpty();
            });
  }

  @Test
  void invalidValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> MessageRequest.of(null, "Hi"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model == null");
    assertThatThrownBy(() -> MessageRequest.of(" ", "Hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model is blank");
    assertThatThrownBy(() -> MessageRequest.builder("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messages is empty");
    assertThatThrownBy(() -> MessageRequest.builder("m").user("u").maxTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens < 1: 0");
    assertThatThrownBy(() -> MessageRequest.builder("m").user("u").topP(1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageRequest.builder("m").user("u").topK(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageRequest.builder("m").user("u").temperature(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InputMessage("system", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user or assistant");
    assertThatThrownBy(() -> new ToolChoice("auto", "x", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tool.of("", null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name is blank");
    assertThatThrownBy(() -> new ContentBlock.Image(null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContentBlock.Image(null, "abc", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mediaType == null");
  }

  @Test
  void imagesFromFilesAreRecognisedAndShownWithoutTheirPayload(@TempDir Path dir) throws Exception {
    Path jpeg = dir.resolve("photo.bin");
    Files.write(jpeg, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 2});

    ContentBlock.Image image = ContentBlock.image(jpeg);

    assertThat(image.mediaType()).isEqualTo("image/jpeg");
    assertThat(image.data()).isEqualTo("/9j/4AAC");
    assertThat(image.url()).isNull();
    assertThat(image.toString()).isEqualTo("Image[image/jpeg, 8 base64 chars]");
    assertThat(ContentBlock.image(new byte[] {1, 2}, "image/webp").mediaType())
        .isEqualTo("image/webp");
    assertThatThrownBy(() -> ContentBlock.image(new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
