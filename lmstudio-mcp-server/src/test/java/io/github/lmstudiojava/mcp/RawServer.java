package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The jar over stdio, driven line by line, with every stdout and stderr line kept. */
final class RawServer implements AutoCloseable {
  private final Process process;
  private final OutputStream stdin;
  private final Thread stdoutPump;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  final List<String> allStdout = new CopyOnWriteArrayList<>();
  final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, Object>> answers = new java.util.HashMap<>();

  RawServer(Map<String, String> env, List<String> args) throws IOException {
    this(ServerJar.command(args), env);
  }

  /** Runs any command line that starts the server, such as the launcher script. */
  RawServer(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    process = pb.start();
    stdin = process.getOutputStream();
    stdoutPump =
        pump(
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
            true);
    pump(
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
        false);
  }

  private Thread pump(BufferedReader reader, boolean out) {
    Thread t =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (out) {
                    allStdout.add(line);
                    stdout.add(line);
                  } else {
                    stderr.add(line);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  void send(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  void sendBytes(byte[] bytes) throws IOException {
    stdin.write(bytes);
    stdin.flush();
  }

  /** The next stdout line, within 30 s. */
  String next() throws InterruptedException {
    String line = stdout.poll(30, TimeUnit.SECONDS);
    assertThat(line)
        .as("a stdout line within 30 s; stdout so far: %s; stderr: %s", allStdout, stderr)
        .isNotNull();
    return line;
  }

  /** The next stdout line, or null if none comes within {@code millis}. */
  String poll(long millis) throws InterruptedException {
    return stdout.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** The next stdout line that answers request {@code id}, skipping notifications. */
  Map<String, Object> answer(Object id) throws InterruptedException {
    Map<String, Object> seen = answers.remove(String.valueOf(id));
    if (seen != null) {
      return seen;
    }
    while (true) {
      Map<String, Object> message = Json.object(next());
      if (!message.containsKey("id") || message.containsKey("method")) {
        continue; // a notification or a request of the server's
      }
      String answered = String.valueOf(message.get("id"));
      if (String.valueOf(id).equals(answered)) {
        return message;
      }
      answers.put(answered, message);
    }
  }

  void initialize() throws Exception {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    assertThat(answer("init")).containsKey("result");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Closes stdin and waits for the exit status. */
  int finish() throws Exception {
    stdin.close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after stdin closes").isTrue();
    stdoutPump.join(5000); // every line written is in allStdout
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
