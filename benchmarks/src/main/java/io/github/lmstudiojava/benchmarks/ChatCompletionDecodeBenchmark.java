package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionAccumulator;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.OpenAi;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * How fast a recorded 10,000-chunk OpenAI-compatible chat completion stream turns from bytes into
 * {@link ChatCompletionChunk}s and one {@link ChatCompletion}.
 *
 * <p>One invocation reads the whole stream; {@link OperationsPerInvocation} makes JMH report per
 * chunk, so the score is chunks per second and {@code -prof gc}'s {@code gc.alloc.rate.norm} is
 * bytes allocated per chunk. {@link #decodeAndAccumulate} is what a user of {@link
 * OpenAi#replayChatCompletion} pays (SSE framing, JSON decoding, accumulation of the result);
 * {@link #accumulateOnly} feeds already decoded chunks to a {@link ChatCompletionAccumulator}, so
 * it isolates the accumulation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatCompletionDecodeBenchmark {
  /** Chunks in the recording; every score is per one of these. */
  public static final int CHUNKS = 10_000;

  private static final int REASONING_DELTAS = 400;
  private static final long SEED = 20_251_001L;

  private byte[] recording;
  private List<ChatCompletionChunk> decoded;

  /** Creates the benchmark state; JMH calls this. */
  public ChatCompletionDecodeBenchmark() {}

  /**
   * Builds the recording, decodes it once and checks the result, so a broken decoder fails the run
   * instead of reporting a fast score.
   */
  @Setup(Level.Trial)
  public void setUp() {
    RecordedChatCompletion recorded = RecordedChatCompletion.build(CHUNKS, REASONING_DELTAS, SEED);
    recording = recorded.bytes;
    decoded = new ArrayList<>();
    ChatCompletion result;
    StringBuilder text = new StringBuilder();
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(new ByteArrayInputStream(recording))) {
      for (ChatCompletionChunk chunk : stream) {
        decoded.add(chunk);
        text.append(chunk.text());
      }
      result = stream.result();
    }
    check(decoded.size() == CHUNKS, "decoded " + decoded.size() + " chunks, expected " + CHUNKS);
    check(text.toString().equals(recorded.text), "the content deltas do not join to the text");
    check(result.text().equals(recorded.text), "the result's text differs from the recording");
    check(result.reasoning().equals(recorded.reasoning), "the result's reasoning differs");
    check("stop".equals(result.finishReason()), "finish reason " + result.finishReason());
    check(
        result.usage() != null
            && result.usage().completionTokens() == REASONING_DELTAS + recorded.contentDeltas,
        "the usage chunk was not read");
    ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
    decoded.forEach(accumulator::accept);
    check(accumulator.result().text().equals(recorded.text), "accumulation differs");
  }

  /**
   * Decodes the whole recording into chunks and the final completion through the public replay API.
   *
   * @param blackhole receives every chunk and the result
   */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void decodeAndAccumulate(Blackhole blackhole) {
    try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
        OpenAi.replayChatCompletion(new ByteArrayInputStream(recording))) {
      for (ChatCompletionChunk chunk : stream) {
        blackhole.consume(chunk);
      }
      blackhole.consume(stream.result());
    }
  }

  /**
   * Accumulates the already decoded chunks into one completion.
   *
   * @return the completion
   */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public ChatCompletion accumulateOnly() {
    ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
    for (ChatCompletionChunk chunk : decoded) {
      accumulator.accept(chunk);
    }
    return accumulator.result();
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalStateException("bad recording: " + problem);
    }
  }
}
