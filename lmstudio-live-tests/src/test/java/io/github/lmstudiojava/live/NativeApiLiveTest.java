package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.ChatCall;
import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.InputItem;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The native API ({@code /api/v1}): models, chat, and both shapes of streamed chat. */
@Tag("live")
class NativeApiLiveTest {
  private final LmStudio lms = Live.client();

  @Test
  void listsTheModelsOnDiskAndTheLoadedOnes() {
    List<Model> models = lms.models().list();
    List<Model> loaded = lms.models().loaded();

    assertThat(models)
        .allSatisfy(
            m -> {
              assertThat(m.key()).isNotBlank();
              assertThat(m.type()).isIn("llm", "embedding");
              assertThat(m.loadedInstances()).allSatisfy(i -> assertThat(i.id()).isNotBlank());
            });
    assertThat(loaded).allMatch(Model::isLoaded);
    assertThat(models.stream().map(Model::key))
        .containsAll(loaded.stream().map(Model::key).toList());
  }

  @Test
  void chatAnswersWithTextAndStats() {
    Live.Pick llm = Live.llm(lms);

    ChatResult result = lms.chat(Live.shortChat(llm).build());

    assertThat(result.modelInstanceId()).isNotBlank();
    assertThat(result.output()).isNotEmpty();
    Live.assertAnswered(llm, result.text(), result.reasoning());
    assertThat(result.stats()).isNotNull();
    assertThat(result.stats().inputTokens()).isPositive();
    assertThat(result.stats().totalOutputTokens()).isPositive();
    assertThat(result.responseId()).as("response id of an unstored chat").isNull();
  }

  @Test
  void aStoredChatIsContinuedFromItsResponseId() {
    Live.Pick llm = Live.llm(lms);

    ChatResult first = lms.chat(Live.shortChat(llm).store(true).build());
    ChatResult second =
        lms.chat(
            Live.shortChat(llm)
                .input("And once more, the same word.")
                .store(true)
                .previousResponseId(first.responseId())
                .build());

    assertThat(first.responseId()).isNotBlank();
    assertThat(second.responseId()).isNotBlank().isNotEqualTo(first.responseId());
    Live.assertAnswered(llm, second.text(), second.reasoning());
    assertThat(second.stats().inputTokens()).isGreaterThan(first.stats().inputTokens());
  }

  @Test
  void aPulledStreamStartsThenDeltasThenEnds() {
    Live.Pick llm = Live.llm(lms);
    List<ChatEvent> events = new ArrayList<>();

    ChatResult result;
    try (ChatStream stream = lms.streamChat(Live.shortChat(llm).build())) {
      stream.forEach(events::add);
      result = stream.result();
    }

    assertStartDeltasEnd(events);
    assertThat(result).isEqualTo(((ChatEvent.ChatEnd) events.get(events.size() - 1)).result());
    Live.assertAnswered(llm, result.text(), result.reasoning());
    assertThat(result.stats().totalOutputTokens()).isPositive();
  }

  @Test
  void aPushedStreamDeliversEveryEventAndTheResult() {
    Live.Pick llm = Live.llm(lms);
    List<ChatEvent> events = Collections.synchronizedList(new ArrayList<>());

    ChatCall call = lms.streamChat(Live.shortChat(llm).build(), events::add);
    ChatResult result = call.join();

    assertThat(call.isDone()).isTrue();
    assertStartDeltasEnd(events);
    assertThat(result).isEqualTo(((ChatEvent.ChatEnd) events.get(events.size() - 1)).result());
    assertThat(result.stats().totalOutputTokens()).isPositive();
  }

  @Test
  void aVisionModelDescribesAnImage() throws IOException {
    Live.Pick vision = Live.vision(lms);

    ChatResult result =
        lms.chat(
            Live.shortChat(vision)
                .input(
                    InputItem.text("What colour is this image? Answer in one word."),
                    InputItem.image(redSquare()))
                .build());

    Live.assertAnswered(vision, result.text(), result.reasoning());
    assertThat(result.stats().inputTokens()).isPositive();
  }

  /** Text deltas come after {@code chat.start}, between message start and end, before the end. */
  static void assertStartDeltasEnd(List<ChatEvent> events) {
    assertThat(events).isNotEmpty();
    assertThat(events.get(0)).isInstanceOf(ChatEvent.ChatStart.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.ChatEnd.class);
    assertThat(events).noneMatch(e -> e instanceof ChatEvent.Error);
    int firstDelta = -1;
    int lastDelta = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof ChatEvent.MessageDelta
          || events.get(i) instanceof ChatEvent.ReasoningDelta) {
        firstDelta = firstDelta < 0 ? i : firstDelta;
        lastDelta = i;
      }
    }
    assertThat(firstDelta).as("index of the first delta").isPositive();
    assertThat(lastDelta).as("index of the last delta").isLessThan(events.size() - 1);
    int messageStart = indexOf(events, ChatEvent.MessageStart.class);
    int messageEnd = indexOf(events, ChatEvent.MessageEnd.class);
    if (messageStart >= 0) {
      assertThat(messageEnd).isGreaterThan(messageStart);
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i) instanceof ChatEvent.MessageDelta) {
          assertThat(i).isBetween(messageStart, messageEnd);
        }
      }
    }
  }

  private static int indexOf(List<ChatEvent> events, Class<? extends ChatEvent> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    return -1;
  }

  static byte[] redSquare() throws IOException {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 64, 64);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
