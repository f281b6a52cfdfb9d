package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.StreamError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds a response from stream events, so a stream that fails before {@code response.completed}
 * still hands over the text, reasoning and function-call arguments it received.
 *
 * <p>Items are keyed by {@code output_index} (or, when an event lacks it, by {@code item_id}); an
 * item's {@code response.output_item.done} snapshot wins over what its deltas rebuilt.
 */
final class ResponseAccumulator {
  private final TreeMap<Integer, ResponseItemState> items = new TreeMap<>();
  private final Map<String, Integer> indexById = new HashMap<>();
  private ResponseResult started;
  private ResponseEvent terminal;
  private StreamError error;

  void accept(ResponseEvent event) {
    if (event instanceof ResponseEvent.Created) {
      started = ((ResponseEvent.Created) event).response();
    } else if (event instanceof ResponseEvent.InProgress) {
      started = ((ResponseEvent.InProgress) event).response();
    } else if (event instanceof ResponseEvent.OutputItemAdded) {
      ResponseEvent.OutputItemAdded e = (ResponseEvent.OutputItemAdded) event;
      state(e.outputIndex(), idOf(e.item())).item = e.item();
    } else if (event instanceof ResponseEvent.OutputItemDone) {
      ResponseEvent.OutputItemDone e = (ResponseEvent.OutputItemDone) event;
      ResponseItemState state = state(e.outputIndex(), idOf(e.item()));
      state.item = e.item();
      state.done = true;
    } else if (event instanceof ResponseEvent.OutputTextDelta) {
      ResponseEvent.OutputTextDelta e = (ResponseEvent.OutputTextDelta) event;
      append(state(e.outputIndex(), e.itemId()).text, e.contentIndex(), e.delta());
    } else if (event instanceof ResponseEvent.OutputTextDone) {
      ResponseEvent.OutputTextDone e = (ResponseEvent.OutputTextDone) event;
      replace(state(e.outputIndex(), e.itemId()).text, e.contentIndex(), e.text());
    } else if (event instanceof ResponseEvent.ReasoningTextDelta) {
      ResponseEvent.ReasoningTextDelta e = (ResponseEvent.ReasoningTextDelta) event;
      append(state(e.outputIndex(), e.itemId()).reasoning, e.contentIndex(), e.delta());
    } else if (event instanceof ResponseEvent.ReasoningTextDone) {
      ResponseEvent.ReasoningTextDone e = (ResponseEvent.ReasoningTextDone) event;
      replace(state(e.outputIndex(), e.itemId()).reasoning, e.contentIndex(), e.text());
    } else if (event instanceof ResponseEvent.ReasoningSummaryTextDelta) {
      ResponseEvent.ReasoningSummaryTextDelta e = (ResponseEvent.ReasoningSummaryTextDelta) event;
      append(state(e.outputIndex(), e.itemId()).summary, e.summaryIndex(), e.delta());
    } else if (event instanceof ResponseEvent.ReasoningSummaryTextDone) {
      ResponseEvent.ReasoningSummaryTextDone e = (ResponseEvent.ReasoningSummaryTextDone) event;
      replace(state(e.outputIndex(), e.itemId()).summary, e.summaryIndex(), e.text());
    } else if (event instanceof ResponseEvent.FunctionCallArgumentsDelta) {
      ResponseEvent.FunctionCallArgumentsDelta e = (ResponseEvent.FunctionCallArgumentsDelta) event;
      state(e.outputIndex(), e.itemId()).arguments(false).append(e.delta());
    } else if (event instanceof ResponseEvent.FunctionCallArgumentsDone) {
      ResponseEvent.FunctionCallArgumentsDone e = (ResponseEvent.FunctionCallArgumentsDone) event;
      reset(state(e.outputIndex(), e.itemId()).arguments(false), e.arguments());
    } else if (event instanceof ResponseEvent.McpCallArgumentsDelta) {
      ResponseEvent.McpCallArgumentsDelta e = (ResponseEvent.McpCallArgumentsDelta) event;
      state(e.outputIndex(), e.itemId()).arguments(true).append(e.delta());
    } else if (event instanceof ResponseEvent.McpCallArgumentsDone) {
      ResponseEvent.McpCallArgumentsDone e = (ResponseEvent.McpCallArgumentsDone) event;
      reset(state(e.outputIndex(), e.itemId()).arguments(true), e.arguments());
    } else if (event instanceof ResponseEvent.Error) {
      error = ((ResponseEvent.Error) event).error();
    } else if (event instanceof ResponseEvent.Completed
        || event instanceof ResponseEvent.Incomplete
        || event instanceof ResponseEvent.Failed) {
      terminal = event;
    }
  }

  /** The last event, once it arrived: completed, incomplete or failed. */
  ResponseEvent terminal() {
    return terminal;
  }

  /** The error of an {@code error} event, if one came. */
  StreamError error() {
    return error;
  }

  /**
   * The final response once it arrived, else one rebuilt from the events. A final response without
   * output (as a failed one may be) takes the rebuilt output.
   */
  ResponseResult partial() {
    ResponseResult last = terminalResponse();
    List<ResponseItem> output = new ArrayList<>(items.size());
    if (last == null || last.output().isEmpty()) {
      for (ResponseItemState state : items.values()) {
        ResponseItem item = state.build();
        if (item != null) {
          output.add(item);
        }
      }
    }
    if (last != null) {
      return output.isEmpty() ? last : copy(last, last.status(), output, last.error());
    }
    if (started == null) {
      return new ResponseResult(null, null, null, "in_progress", output, null, null, error, null);
    }
    return copy(started, started.status(), output, error != null ? error : started.error());
  }

  private ResponseResult terminalResponse() {
    if (terminal instanceof ResponseEvent.Completed) {
      return ((ResponseEvent.Completed) terminal).response();
    } else if (terminal instanceof ResponseEvent.Incomplete) {
      return ((ResponseEvent.Incomplete) terminal).response();
    } else if (terminal instanceof ResponseEvent.Failed) {
      return ((ResponseEvent.Failed) terminal).response();
    }
    return null;
  }

  private static ResponseResult copy(
      ResponseResult r, String status, List<ResponseItem> output, StreamError error) {
    return new ResponseResult(
        r.id(),
        r.createdAt(),
        r.model(),
        status,
        output,
        r.usage(),
        r.previousResponseId(),
        error,
        r.incompleteReason());
  }

  private ResponseItemState state(Integer outputIndex, String itemId) {
    Integer index = outputIndex;
    if (index == null && itemId != null) {
      index = indexById.get(itemId);
    }
    if (index == null) {
      index = items.isEmpty() ? 0 : items.lastKey() + 1;
    }
    if (itemId != null) {
      indexById.putIfAbsent(itemId, index);
    }
    ResponseItemState state = items.computeIfAbsent(index, i -> new ResponseItemState());
    if (state.id == null) {
      state.id = itemId;
    }
    return state;
  }

  private static String idOf(ResponseItem item) {
    if (item instanceof ResponseItem.Message) {
      return ((ResponseItem.Message) item).id();
    } else if (item instanceof ResponseItem.Reasoning) {
      return ((ResponseItem.Reasoning) item).id();
    } else if (item instanceof ResponseItem.FunctionCall) {
      return ((ResponseItem.FunctionCall) item).id();
    } else if (item instanceof ResponseItem.McpCall) {
      return ((ResponseItem.McpCall) item).id();
    } else if (item instanceof ResponseItem.McpListTools) {
      return ((ResponseItem.McpListTools) item).id();
    }
    return null;
  }

  private static void append(TreeMap<Integer, StringBuilder> parts, Integer index, String delta) {
    parts
        .computeIfAbsent(index == null ? 0 : Math.max(0, index), i -> new StringBuilder())
        .append(delta);
  }

  private static void replace(TreeMap<Integer, StringBuilder> parts, Integer index, String text) {
    if (text != null) {
      reset(
          parts.computeIfAbsent(index == null ? 0 : Math.max(0, index), i -> new StringBuilder()),
          text);
    }
  }

  private static void reset(StringBuilder builder, String text) {
    if (text != null) {
      builder.setLength(0);
      builder.append(text);
    }
  }
}
