package io.github.lmstudiojava.testing;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatListener;
import io.github.lmstudiojava.client.ChatResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChatListener} that keeps every event it receives, for assertions on a pushed stream.
 *
 * <pre>{@code
 * ChatEventRecorder recorder = new ChatEventRecorder();
 * ChatCall call = lms.streamChat(request, recorder);
 * ChatResult result = recorder.awaitChatEnd(Duration.ofSeconds(5));
 * assertThat(recorder.types()).startsWith("chat.start").endsWith("chat.end");
 * assertThat(recorder.text()).isEqualTo(result.text());
 * }</pre>
 *
 * <p>Thread-safe: events arrive on an HTTP thread while the test reads them on its own.
 */
public final class ChatEventRecorder implements ChatListener {
  private final List<ChatEvent> events = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile ChatResult endResult;

  /** Creates an empty recorder. */
  public ChatEventRecorder() {}

  /**
   * Records the event; releases {@link #awaitChatEnd} on {@code chat.end}.
   *
   * @param event the event
   */
  @Override
  public void onEvent(ChatEvent event) {
    synchronized (events) {
      events.add(event);
      events.notifyAll();
    }
    if (event instanceof ChatEvent.ChatEnd) {
      endResult = ((ChatEvent.ChatEnd) event).result();
      ended.countDown();
    }
  }

  /**
   * The events received so far, in order.
   *
   * @return a snapshot
   */
  public List<ChatEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * The wire names of the events received so far, such as {@code chat.start}.
   *
   * @return a snapshot
   */
  public List<String> types() {
    List<String> types = new ArrayList<>();
    for (ChatEvent event : events()) {
      types.add(event.type());
    }
    return types;
  }

  /**
   * The events of one kind received so far.
   *
   * @param type the event class, such as {@code ChatEvent.ToolCallSuccess.class}
   * @param <T> the event type
   * @return a snapshot
   */
  public <T extends ChatEvent> List<T> eventsOf(Class<T> type) {
    List<T> matching = new ArrayList<>();
    for (ChatEvent event : events()) {
      if (type.isInstance(event)) {
        matching.add(type.cast(event));
      }
    }
    return matching;
  }

  /**
   * The message deltas received so far, joined.
   *
   * @return the message text
   */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ChatEvent.MessageDelta delta : eventsOf(ChatEvent.MessageDelta.class)) {
      text.append(delta.content());
    }
    return text.toString();
  }

  /**
   * The reasoning deltas received so far, joined.
   *
   * @return the reasoning text
   */
  public String reasoning() {
    StringBuilder text = new StringBuilder();
    for (ChatEvent.ReasoningDelta delta : eventsOf(ChatEvent.ReasoningDelta.class)) {
      text.append(delta.content());
    }
    return text.toString();
  }

  /**
   * Waits for {@code chat.end}.
   *
   * @param timeout how long to wait at most
   * @return the result it carried
   * @throws IllegalStateException when it did not arrive in time
   */
  public ChatResult awaitChatEnd(Duration timeout) {
    try {
      if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("no chat.end within " + timeout + "; received " + types());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for chat.end", e);
    }
    return endResult;
  }

  /**
   * Waits until at least {@code count} events arrived.
   *
   * @param count the number of events
   * @param timeout how long to wait at most
   * @return the events received by then
   * @throws IllegalStateException when fewer arrived in time
   */
  public List<ChatEvent> awaitEvents(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      try {
        while (events.size() < count) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException(
                "only " + events.size() + " of " + count + " events within " + timeout);
          }
          TimeUnit.NANOSECONDS.timedWait(events, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for events", e);
      }
      return List.copyOf(events);
    }
  }
}
