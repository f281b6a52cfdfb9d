package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.StreamError;
import java.util.Objects;

/**
 * One event of a streamed {@code /v1/messages} answer. LM Studio's docs name the events; their
 * shapes follow Anthropic's streaming docs: {@code message_start}, then per content block {@code
 * content_block_start}, {@code content_block_delta}s and {@code content_block_stop}, then {@code
 * message_delta} and {@code message_stop}, with {@code ping}s anywhere. An event type this client
 * does not know becomes {@link Unknown}.
 *
 * <pre>{@code
 * for (MessageStreamEvent e : stream) {
 *   if (e instanceof MessageStreamEvent.ContentBlockDelta) {
 *     ContentDelta d = ((MessageStreamEvent.ContentBlockDelta) e).delta();
 *     if (d instanceof ContentDelta.TextDelta) System.out.print(((ContentDelta.TextDelta) d).text());
 *   }
 * }
 * }</pre>
 */
public sealed interface MessageStreamEvent
    permits MessageStreamEvent.MessageStart,
        MessageStreamEvent.ContentBlockStart,
        MessageStreamEvent.ContentBlockDelta,
        MessageStreamEvent.ContentBlockStop,
        MessageStreamEvent.MessageDelta,
        MessageStreamEvent.MessageStop,
        MessageStreamEvent.Ping,
        MessageStreamEvent.Error,
        MessageStreamEvent.Unknown {

  /**
   * The event's type on the wire, such as {@code message_start}.
   *
   * @return the type
   */
  String type();

  /**
   * The stream began: the message with its id, model and input usage, and no content yet.
   *
   * @param message the message skeleton
   */
  record MessageStart(Message message) implements MessageStreamEvent {
    /** Checks the message is present. */
    public MessageStart {
      Objects.requireNonNull(message, "message == null");
    }

    @Override
    public String type() {
      return "message_start";
    }
  }

  /**
   * A content block began.
   *
   * @param index its position in the message's content
   * @param contentBlock the block, empty or with its fixed parts (a tool call's id and name)
   */
  record ContentBlockStart(int index, ContentBlock contentBlock) implements MessageStreamEvent {
    /** Checks the block is present. */
    public ContentBlockStart {
      Objects.requireNonNull(contentBlock, "contentBlock == null");
    }

    @Override
    public String type() {
      return "content_block_start";
    }
  }

  /**
   * A content block grew.
   *
   * @param index the block's position
   * @param delta what was added
   */
  record ContentBlockDelta(int index, ContentDelta delta) implements MessageStreamEvent {
    /** Checks the delta is present. */
    public ContentBlockDelta {
      Objects.requireNonNull(delta, "delta == null");
    }

    @Override
    public String type() {
      return "content_block_delta";
    }
  }

  /**
   * A content block is complete.
   *
   * @param index the block's position
   */
  record ContentBlockStop(int index) implements MessageStreamEvent {
    @Override
    public String type() {
      return "content_block_stop";
    }
  }

  /**
   * Top-level changes near the end: why generation stopped, and the output token count so far.
   *
   * @param stopReason such as {@code end_turn} or {@code tool_use}; may be null
   * @param stopSequence the stop sequence that ended it; may be null
   * @param usage running token totals; may be null
   */
  record MessageDelta(String stopReason, String stopSequence, Usage usage)
      implements MessageStreamEvent {
    @Override
    public String type() {
      return "message_delta";
    }
  }

  /** The stream's last event. */
  record MessageStop() implements MessageStreamEvent {
    @Override
    public String type() {
      return "message_stop";
    }
  }

  /** A keep-alive; carries nothing. */
  record Ping() implements MessageStreamEvent {
    @Override
    public String type() {
      return "ping";
    }
  }

  /**
   * The server reported an error; the stream fails with it after this event.
   *
   * @param error the error, such as type {@code overloaded_error}
   */
  record Error(StreamError error) implements MessageStreamEvent {
    /** Checks the error is present. */
    public Error {
      Objects.requireNonNull(error, "error == null");
    }

    @Override
    public String type() {
      return "error";
    }
  }

  /**
   * An event type this client does not know.
   *
   * @param type the SSE event name or the data's {@code type}; null when neither was given
   * @param data the event's data, as sent
   */
  record Unknown(String type, String data) implements MessageStreamEvent {}
}
