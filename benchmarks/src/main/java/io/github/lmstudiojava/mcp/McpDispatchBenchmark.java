package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one MCP request costs inside the server, without a process or a pipe: the server is
 * assembled exactly as {@code Main} assembles it for stdio (our {@code StdioTransport}, the SDK's
 * sync server, every tool wrapped by {@code ToolRunner}), but the transport reads from and writes
 * to in-memory streams instead of the process's stdin and stdout. Each operation writes one
 * JSON-RPC request line and waits for its answer line, so it includes everything the real server
 * does per message: reading and checking the line, the SDK's JSON decoding and dispatch, its hand-
 * off of tool calls to Reactor's bounded-elastic threads, {@code ToolRunner}'s per-call client,
 * cancellation registration and deadline timer, the tool itself, and encoding the answer. Only the
 * OS pipe and the client process are left out.
 *
 * <p>The benchmark lives in the server's package because those classes are package-private; it
 * needs no hook in the server. Mode is average time, in microseconds per request and answer; {@code
 * -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per request (on every thread).
 *
 * <ul>
 *   <li>{@code toolsList}: {@code tools/list}, the SDK alone (no tool runs): the floor.
 *   <li>{@code chatHistory}: {@code tools/call chat} with {@code action: history} on the in-memory
 *       session store (six turns): a whole tool call with no network.
 *   <li>{@code modelList}: {@code tools/call model_list}: the tool plus one HTTP round trip over
 *       loopback to {@link FakeLmStudio} (five models; the fake runs in this JVM), the cheapest
 *       call that reaches LM Studio.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class McpDispatchBenchmark {
  private static final String SESSION = "bench";

  private FakeLmStudio fake;
  private Backend backend;
  private ToolRunner runner;
  private McpSyncServer server;
  private LineInput input;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private Thread reader;
  private long nextId = 1;

  /** Creates the benchmark state; JMH calls this. */
  public McpDispatchBenchmark() {}

  /** Starts the fake and the server, initializes the session and checks one answer of each. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fake = FakeLmStudio.start();
    Main.configureLogging("warn");
    ServerConfig config =
        ServerConfig.parse(
            new String[] {"--lmstudio-url", fake.url(), "--sessions", "memory:"}, name -> null);
    CallRegistry registry = new CallRegistry();
    backend = new Backend(config);
    runner = new ToolRunner(backend, registry);
    input = new LineInput();
    StdioTransport transport = new StdioTransport(input, new LineOutput(answers), registry);
    server = ServerAssembly.configure(McpServer.sync(transport), backend, runner).build();
    reader =
        new Thread(
            () -> {
              try {
                transport.run();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "stdio-transport");
    reader.setDaemon(true);
    reader.start();

    check(
        request(
                "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"jmh\",\"version\":\"1\"}}")
            .contains("\"serverInfo\""),
        "initialize");
    input.line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    for (String text : new String[] {"one", "two", "three"}) {
      String sent =
          request(
              call(
                  "chat",
                  "{\"action\":\"send\",\"session_id\":\""
                      + SESSION
                      + "\",\"model\":\""
                      + FakeModel.LOADED_LLM
                      + "\",\"message\":\""
                      + text
                      + "\"}"));
      check(sent.contains("You said: " + text), "chat send: " + sent);
    }
    check(toolsList().contains("\"model_list\""), "tools/list");
    String history = chatHistory();
    check(history.contains("You said: three") && !history.contains("\"isError\":true"), history);
    String models = modelList();
    check(models.contains(FakeModel.LOADED_LLM) && !models.contains("\"isError\":true"), models);
  }

  /** Ends the transport's input, then closes the server, the backend and the fake. */
  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    input.end();
    reader.join(5_000);
    server.close();
    runner.close();
    backend.close();
    fake.close();
  }

  /**
   * {@code tools/list}: the SDK's request handling alone.
   *
   * @return the answer line
   */
  @Benchmark
  public String toolsList() throws InterruptedException {
    return request("\"method\":\"tools/list\"");
  }

  /**
   * {@code chat history} on the in-memory store: a whole tool call without a network.
   *
   * @return the answer line
   */
  @Benchmark
  public String chatHistory() throws InterruptedException {
    return request(call("chat", "{\"action\":\"history\",\"session_id\":\"" + SESSION + "\"}"));
  }

  /**
   * {@code model_list}: a tool call with one HTTP round trip to the fake over loopback.
   *
   * @return the answer line
   */
  @Benchmark
  public String modelList() throws InterruptedException {
    return request(call("model_list", "{}"));
  }

  private static String call(String tool, String arguments) {
    return "\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + arguments
        + "}";
  }

  /** Sends one request with a fresh id and returns its answer, skipping notifications. */
  private String request(String methodAndParams) throws InterruptedException {
    long id = nextId++;
    input.line("{\"jsonrpc\":\"2.0\",\"id\":" + id + "," + methodAndParams + "}");
    String prefix = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
    while (true) {
      String line = answers.poll(30, TimeUnit.SECONDS);
      check(line != null, "no answer to request " + id);
      if (line.startsWith(prefix)) {
        return line;
      }
      check(line.contains("\"method\""), "an answer to another request: " + line);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("setup check failed: " + what);
    }
  }

  /** The transport's input: lines handed over by the benchmark thread, then the end. */
  private static final class LineInput extends InputStream {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    void line(String json) {
      chunks.add((json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void end() {
      chunks.add(END);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == current.length) {
        if (ended) {
          return -1;
        }
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        position = 0;
        ended = current == END;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }
  }

  /** The transport's output: each line it writes goes to the queue of answers. */
  private static final class LineOutput extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
    private final BlockingQueue<String> lines;

    LineOutput(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          line.write(b, start, i - start);
          lines.add(line.toString(StandardCharsets.UTF_8));
          line.reset();
          start = i + 1;
        }
      }
      line.write(b, start, off + len - start);
    }
  }
}
