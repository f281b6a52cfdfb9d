package io.github.lmstudiojava.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.anthropic.ContentDelta;
import io.github.lmstudiojava.client.anthropic.Message;
import io.github.lmstudiojava.client.anthropic.MessageRequest;
import io.github.lmstudiojava.client.anthropic.MessageStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Anthropic-compatible endpoint ({@code /v1/messages}), whole and streamed. */
@Tag("live")
class AnthropicLiveTest {
  private final LmStudio lms = Live.client();

  private static MessageRequest shortMessage(Live.Pick llm) {
    return MessageRequest.builder(llm.name()).maxTokens(llm.maxTokens()).user(Live.PROMPT).build();
  }

  @Test
  void aMessageAnswersWithUsage() {
    Live.Pick llm = Live.llm(lms);

    Message m = lms.anthropic().messages(shortMessage(llm));

    assertThat(m.id()).isNotBlank();
    assertThat(m.role()).isEqualTo("assistant");
    assertThat(m.content()).isNotEmpty();
    assertThat(m.stopReason()).isNotBlank();
    Live.assertAnswered(llm, m.text(), m.thinking());
    assertThat(m.usage()).isNotNull();
    assertThat(m.usage().inputTokens()).isPositive();
    assertThat(m.usage().outputTokens()).isPositive();
  }

  @Test
  void aStreamedMessageStartsThenDeltasThenStops() {
    Live.Pick llm = Live.llm(lms);
    List<MessageStreamEvent> events = new ArrayList<>();

    Message m;
    try (EventStream<MessageStreamEvent, Message> stream =
        lms.anthropic().streamMessages(shortMessage(llm))) {
      stream.forEach(events::add);
      m = stream.result();
    }
    // Pings may come at any point; the order is that of the other events.
    List<MessageStreamEvent> ordered =
        events.stream().filter(e -> !(e instanceof MessageStreamEvent.Ping)).toList();

    assertThat(ordered.get(0)).isInstanceOf(MessageStreamEvent.MessageStart.class);
    assertThat(ordered.get(ordered.size() - 1)).isInstanceOf(MessageStreamEvent.MessageStop.class);
    assertThat(ordered.get(ordered.size() - 2)).isInstanceOf(MessageStreamEvent.MessageDelta.class);
    assertThat(events).noneMatch(e -> e instanceof MessageStreamEvent.Error);
    StringBuilder text = new StringBuilder();
    int open = -1;
    for (MessageStreamEvent e : ordered) {
      if (e instanceof MessageStreamEvent.ContentBlockStart) {
        assertThat(open).as("a block starts while none is open").isEqualTo(-1);
        open = ((MessageStreamEvent.ContentBlockStart) e).index();
      } else if (e instanceof MessageStreamEvent.ContentBlockDelta) {
        MessageStreamEvent.ContentBlockDelta d = (MessageStreamEvent.ContentBlockDelta) e;
        assertThat(d.index()).as("a delta's block is open").isEqualTo(open);
        if (d.delta() instanceof ContentDelta.TextDelta) {
          text.append(((ContentDelta.TextDelta) d.delta()).text());
        }
      } else if (e instanceof MessageStreamEvent.ContentBlockStop) {
        assertThat(((MessageStreamEvent.ContentBlockStop) e).index()).isEqualTo(open);
        open = -1;
      }
    }
    assertThat(m.text()).isEqualTo(text.toString());
    Live.assertAnswered(llm, m.text(), m.thinking());
    assertThat(m.stopReason()).isNotBlank();
    assertThat(m.usage().outputTokens()).isPositive();
  }
}
