package io.github.lmstudiojava.client.anthropic;

import com.squareup.moshi.JsonDataException;
import io.github.lmstudiojava.client.StreamError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds a {@link Message} from stream events, as Anthropic's SDKs do: text and thinking deltas
 * are appended, a tool call's {@code partial_json} fragments are joined and parsed as its input,
 * {@code message_delta} sets the stop reason and the running usage. Useful on its own to rebuild
 * messages from events recorded elsewhere.
 *
 * <pre>{@code
 * MessageAccumulator acc = new MessageAccumulator();
 * for (MessageStreamEvent e : events) acc.accept(e);
 * Message m = acc.message();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class MessageAccumulator {
  private final TreeMap<Integer, BlockBuilder> blocks = new TreeMap<>();
  private Message start;
  private String stopReason;
  private String stopSequence;
  private Usage usage;
  private StreamError error;
  private boolean stopped;

  /** An empty accumulator. */
  public MessageAccumulator() {}

  /**
   * Takes one event; pings and unknown events change nothing.
   *
   * @param event the event
   */
  public void accept(MessageStreamEvent event) {
    if (event instanceof MessageStreamEvent.ContentBlockDelta) {
      MessageStreamEvent.ContentBlockDelta d = (MessageStreamEvent.ContentBlockDelta) event;
      BlockBuilder block = blocks.get(d.index());
      if (block == null) {
        // A delta without its start: open a block of the delta's kind rather than lose it.
        block = new BlockBuilder(startFor(d.delta()));
        blocks.put(d.index(), block);
      }
      block.apply(d.delta());
    } else if (event instanceof MessageStreamEvent.ContentBlockStart) {
      MessageStreamEvent.ContentBlockStart s = (MessageStreamEvent.ContentBlockStart) event;
      blocks.put(s.index(), new BlockBuilder(s.contentBlock()));
    } else if (event instanceof MessageStreamEvent.MessageStart) {
      start = ((MessageStreamEvent.MessageStart) event).message();
      usage = start.usage();
      stopReason = start.stopReason();
      stopSequence = start.stopSequence();
    } else if (event instanceof MessageStreamEvent.MessageDelta) {
      MessageStreamEvent.MessageDelta d = (MessageStreamEvent.MessageDelta) event;
      if (d.stopReason() != null) {
        stopReason = d.stopReason();
      }
      if (d.stopSequence() != null) {
        stopSequence = d.stopSequence();
      }
      usage = usage == null ? d.usage() : usage.updatedBy(d.usage());
    } else if (event instanceof MessageStreamEvent.MessageStop) {
      stopped = true;
    } else if (event instanceof MessageStreamEvent.Error) {
      error = ((MessageStreamEvent.Error) event).error();
    }
  }

  private static ContentBlock startFor(ContentDelta delta) {
    if (delta instanceof ContentDelta.InputJsonDelta) {
      return new ContentBlock.ToolUse(null, null, null);
    }
    if (delta instanceof ContentDelta.ThinkingDelta
        || delta instanceof ContentDelta.SignatureDelta) {
      return new ContentBlock.Thinking("", null);
    }
    return new ContentBlock.Text("");
  }

  /**
   * Whether {@code message_stop} arrived.
   *
   * @return true once the message is complete
   */
  public boolean isComplete() {
    return stopped;
  }

  /**
   * The error of an {@code error} event, if one arrived.
   *
   * @return the error, or null
   */
  public StreamError error() {
    return error;
  }

  /**
   * The message so far, or the whole message once complete. A tool call whose input JSON is
   * incomplete or malformed keeps the input its {@code content_block_start} gave (usually empty).
   *
   * @return the message; never null
   */
  public Message message() {
    List<ContentBlock> content = new ArrayList<>(blocks.size());
    for (BlockBuilder block : blocks.values()) {
      content.add(block.build());
    }
    return new Message(
        start == null ? null : start.id(),
        start == null ? "message" : start.type(),
        start == null ? "assistant" : start.role(),
        start == null ? null : start.model(),
        content,
        stopReason,
        stopSequence,
        usage);
  }

  /**
   * The text received so far.
   *
   * @return the text blocks joined
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (BlockBuilder block : blocks.values()) {
      if (block.start instanceof ContentBlock.Text) {
        text.append(block.text);
      }
    }
    return text.toString();
  }

  /** Why a tool call's joined input is not a JSON object, or null when every one is. */
  String invalidToolInput() {
    for (BlockBuilder block : blocks.values()) {
      String problem = block.inputProblem();
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** One block under construction. */
  private static final class BlockBuilder {
    private final ContentBlock start;
    private StringBuilder text;
    private StringBuilder json;
    private String signature;

    BlockBuilder(ContentBlock start) {
      this.start = start;
      if (start instanceof ContentBlock.Text) {
        text = new StringBuilder(((ContentBlock.Text) start).text());
      } else if (start instanceof ContentBlock.Thinking) {
        text = new StringBuilder(((ContentBlock.Thinking) start).thinking());
        signature = ((ContentBlock.Thinking) start).signature();
      }
    }

    void apply(ContentDelta delta) {
      if (delta instanceof ContentDelta.TextDelta && start instanceof ContentBlock.Text) {
        text.append(((ContentDelta.TextDelta) delta).text());
      } else if (delta instanceof ContentDelta.ThinkingDelta
          && start instanceof ContentBlock.Thinking) {
        text.append(((ContentDelta.ThinkingDelta) delta).thinking());
      } else if (delta instanceof ContentDelta.SignatureDelta
          && start instanceof ContentBlock.Thinking) {
        // Anthropic's SDKs replace the signature rather than append to it.
        signature = ((ContentDelta.SignatureDelta) delta).signature();
      } else if (delta instanceof ContentDelta.InputJsonDelta
          && start instanceof ContentBlock.ToolUse) {
        if (json == null) {
          json = new StringBuilder();
        }
        json.append(((ContentDelta.InputJsonDelta) delta).partialJson());
      }
    }

    ContentBlock build() {
      if (start instanceof ContentBlock.Text) {
        return new ContentBlock.Text(text.toString());
      }
      if (start instanceof ContentBlock.Thinking) {
        return new ContentBlock.Thinking(text.toString(), signature);
      }
      if (start instanceof ContentBlock.ToolUse && json != null) {
        ContentBlock.ToolUse use = (ContentBlock.ToolUse) start;
        Map<String, Object> input = parsedInput();
        return new ContentBlock.ToolUse(use.id(), use.name(), input != null ? input : use.input());
      }
      return start;
    }

    private Map<String, Object> parsedInput() {
      String joined = json.toString();
      if (joined.isBlank()) {
        return null;
      }
      try {
        Object value = AnthropicJson.TREE.fromJson(joined);
        return value instanceof Map ? ContentBlockJson.asMap(value, "input") : null;
      } catch (IOException | JsonDataException e) {
        return null;
      }
    }

    String inputProblem() {
      if (!(start instanceof ContentBlock.ToolUse) || json == null || json.toString().isBlank()) {
        return null;
      }
      if (parsedInput() == null) {
        String name = ((ContentBlock.ToolUse) start).name();
        return "the input of tool call "
            + name
            + " is not a JSON object: "
            + (json.length() > 200 ? json.substring(0, 200) + "..." : json);
      }
      return null;
    }
  }
}
