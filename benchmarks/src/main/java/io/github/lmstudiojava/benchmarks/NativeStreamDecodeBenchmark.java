package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.internal.SseEvent;
import io.github.lmstudiojava.client.internal.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast a recorded 10,000-event native chat stream turns from bytes into typed events.
 *
 * <p>One invocation reads the whole stream; {@link OperationsPerInvocation} makes JMH report per
 * event, so the score is events per second and {@code -prof gc}'s {@code gc.alloc.rate.norm} is
 * bytes allocated per event. {@link #decodeTypedEvents} is what a user of {@link ChatStream#replay}
 * pays (SSE framing, JSON decoding, result accumulation); {@link #frameSseOnly} is the SSE framing
 * alone, so the difference is the JSON and event side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NativeStreamDecodeBenchmark {
  /** Events in the recording; every score is per one of these. */
  public static final int EVENTS = 10_000;

  private static final int REASONING_DELTAS = 400;
  private static final long SEED = 20_251_001L;

  private byte[] recording;

  /** Creates the benchmark state; JMH calls this. */
  public NativeStreamDecodeBenchmark() {}

  /**
   * Builds the recording and checks that both benchmarks see all of it, so a broken decoder fails
   * the run instead of reporting a fast score.
   *
   * @throws IOException never for the in-memory recording
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    RecordedChatStream recorded = RecordedChatStream.build(EVENTS, REASONING_DELTAS, SEED);
    recording = recorded.bytes;

    int events = 0;
    int deltas = 0;
    StringBuilder text = new StringBuilder();
    ChatResult result;
    try (ChatStream stream = ChatStream.replay(new ByteArrayInputStream(recording))) {
      for (ChatEvent event : stream) {
        events++;
        if (event instanceof ChatEvent.MessageDelta) {
          deltas++;
          text.append(((ChatEvent.MessageDelta) event).content());
        }
      }
      result = stream.result();
    }
    check(events == EVENTS, "decoded " + events + " events, expected " + EVENTS);
    check(deltas == recorded.messageDeltas, "decoded " + deltas + " message deltas");
    check(text.toString().equals(recorded.text), "the message deltas do not join to the text");
    check(result.text().equals(recorded.text), "chat.end's text differs from the recording");
    check(result.reasoning().equals(recorded.reasoning), "chat.end's reasoning differs");
    check(
        result.stats() != null
            && result.stats().totalOutputTokens() == REASONING_DELTAS + recorded.messageDeltas,
        "chat.end's stats were not read");

    int framed = 0;
    SseReader reader = new SseReader(new Buffer().write(recording));
    while (reader.next() != null) {
      framed++;
    }
    check(framed == EVENTS, "framed " + framed + " events, expected " + EVENTS);
  }

  /**
   * Decodes the whole recording into typed {@link ChatEvent}s through the public replay API.
   *
   * @param blackhole receives every event
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void decodeTypedEvents(Blackhole blackhole) {
    try (ChatStream stream = ChatStream.replay(new ByteArrayInputStream(recording))) {
      for (ChatEvent event : stream) {
        blackhole.consume(event);
      }
    }
  }

  /**
   * Splits the whole recording into raw server-sent events, without any JSON decoding.
   *
   * @param blackhole receives every event
   * @throws IOException never for the in-memory recording
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void frameSseOnly(Blackhole blackhole) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(recording));
    for (SseEvent event = reader.next(); event != null; event = reader.next()) {
      blackhole.consume(event);
    }
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException("Bad recording: " + problem);
    }
  }
}
