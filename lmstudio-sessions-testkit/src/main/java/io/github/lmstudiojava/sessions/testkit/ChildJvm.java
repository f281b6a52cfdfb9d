package io.github.lmstudiojava.sessions.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class running in a JVM of its own, on this JVM's class path: its stdout is read
 * line by line into a queue and its stderr into a buffer, each by a thread of its own, so that
 * neither pipe fills up and every wait on the child can be bounded.
 */
final class ChildJvm implements AutoCloseable {
  /** Stands in the stdout queue for the end of the stream. */
  private static final String END = "\0end";

  private final String name;
  private final Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuilder stderr = new StringBuilder();
  private final List<Thread> readers = new ArrayList<>();
  private boolean ended;

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    readers.add(
        daemon(
            name + "-stdout",
            () -> {
              try (BufferedReader out = reader(process.getInputStream())) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  stdout.add(line);
                }
              } catch (IOException ignored) {
                // the pipe breaks when the child dies: that is the end of its output
              } finally {
                stdout.add(END);
              }
            }));
    readers.add(
        daemon(
            name + "-stderr",
            () -> {
              try (BufferedReader err = reader(process.getErrorStream())) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  synchronized (stderr) {
                    stderr.append(line).append('\n');
                  }
                }
              } catch (IOException ignored) {
                // as above
              }
            }));
  }

  /**
   * Starts {@code main} with {@code args} in a new JVM.
   *
   * @param name names the child in failure messages
   * @param jvmOptions options put before the class path
   */
  static ChildJvm start(String name, List<String> jvmOptions, Class<?> main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return new ChildJvm(name, new ProcessBuilder(command).start());
  }

  /**
   * The next line the child printed, or null once its stdout has ended.
   *
   * @param deadline a {@link System#nanoTime()} value
   * @throws AssertionError when no line came before the deadline
   */
  String readLine(long deadline) throws InterruptedException {
    if (ended) {
      return null;
    }
    String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new AssertionError("no line from " + this + " in time");
    }
    if (line.equals(END)) {
      ended = true;
      return null;
    }
    return line;
  }

  /** Sends a line to the child's stdin. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Kills the child with SIGKILL on POSIX, keeping what it printed before it died readable: {@link
   * Process#destroyForcibly()} would also close this end of its stdout.
   */
  void kill(long deadline) throws InterruptedException {
    process.toHandle().destroyForcibly();
    awaitExit(deadline);
  }

  /**
   * Waits for the child to end.
   *
   * @return its exit status
   * @throws AssertionError when it was still running at the deadline
   */
  int awaitExit(long deadline) throws InterruptedException {
    if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new AssertionError(this + " did not end in time");
    }
    return process.exitValue();
  }

  /** Kills the child if it still runs, and stops reading its output; waits at most 10 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    for (Thread reader : readers) {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  /** The child's name, its exit status if it ended, and what it wrote to stderr. */
  @Override
  public String toString() {
    if (!process.isAlive()) {
      // Let the reader take in what the child wrote before it ended.
      try {
        readers.get(1).join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String status = process.isAlive() ? "running" : "exit status " + process.exitValue();
    synchronized (stderr) {
      return "child JVM "
          + name
          + " ("
          + status
          + "), stderr:"
          + (stderr.length() == 0 ? " (empty)" : "\n" + stderr);
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
