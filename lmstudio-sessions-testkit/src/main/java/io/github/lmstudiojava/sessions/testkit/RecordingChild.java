package io.github.lmstudiojava.sessions.testkit;

import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionConflictException;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link MultiProcessContract} starts: several threads writing exchanges to shared
 * sessions of a store opened with {@link SessionStores#open(String)}.
 *
 * <p>Arguments: {@code record|append URI NAME THREADS EXCHANGES SESSION...}. Thread {@code t}
 * writes {@code EXCHANGES} exchanges one after the other; exchange {@code i} goes to session {@code
 * (t + i) % sessions} and its question is {@code NAME:t:i}.
 *
 * <ul>
 *   <li>{@code record}: reads the session and its history, answers {@code question@n} where {@code
 *       n} is the length of the history it read, and {@link SessionStore#record records} the user
 *       and assistant turns with the question as the session's last response id; on a {@link
 *       SessionConflictException} it reads again and retries.
 *   <li>{@code append}: {@link SessionStore#append appends} the question and the answer {@code
 *       question!} in one call.
 * </ul>
 *
 * <p>On stdout, each line flushed at once: {@code ready} once the store is open, then, after the
 * parent sent a line on stdin, {@code ack QUESTION;} after each write returned, and {@code done
 * CONFLICTS} after all of them, the store closed. Any failure is printed on stderr and ends the
 * process with status 1; the process also ends, with status 3, when its stdin closes, so it never
 * outlives its parent.
 */
public final class RecordingChild {
  private static final PrintStream OUT = System.out;

  private RecordingChild() {}

  /**
   * Runs the child.
   *
   * @param args {@code record|append URI NAME THREADS EXCHANGES SESSION...}
   * @throws Exception when the store cannot be opened or closed
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 6 || !(args[0].equals("record") || args[0].equals("append"))) {
      System.err.println(
          "usage: RecordingChild record|append URI NAME THREADS EXCHANGES SESSION...");
      System.exit(2);
    }
    boolean record = args[0].equals("record");
    String name = args[2];
    int threads = Integer.parseInt(args[3]);
    int exchanges = Integer.parseInt(args[4]);
    List<String> sessions = List.of(args).subList(5, args.length);
    AtomicLong conflicts = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    try (SessionStore store = SessionStores.open(args[1])) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(
            new Thread(
                () -> {
                  try {
                    go.await();
                    for (int i = 0; i < exchanges; i++) {
                      String session = sessions.get((thread + i) % sessions.size());
                      String question = name + ":" + thread + ":" + i;
                      if (record) {
                        conflicts.addAndGet(record(store, session, question));
                      } else {
                        store.append(
                            session, List.of(Turn.user(question), Turn.assistant(question + "!")));
                      }
                      print("ack " + question + ";");
                    }
                  } catch (Throwable e) {
                    e.printStackTrace();
                    System.err.flush();
                    Runtime.getRuntime().halt(1);
                  }
                },
                name + "-writer-" + t));
      }
      writers.forEach(Thread::start);
      print("ready");
      watchStdin(go);
      for (Thread writer : writers) {
        writer.join();
      }
    }
    print("done " + conflicts.get());
  }

  /** Records one exchange, reading again after each conflict; returns how many there were. */
  static int record(SessionStore store, String sessionId, String question) {
    for (int conflicts = 0; ; conflicts++) {
      Session read = store.find(sessionId).orElseThrow(() -> store.notFound(sessionId));
      String answer = question + "@" + store.history(sessionId).size();
      try {
        store.record(
            read.withLastResponseId(question),
            List.of(Turn.user(question), Turn.assistant(answer)));
        return conflicts;
      } catch (SessionConflictException e) {
        // another writer came first: read it all again
      }
    }
  }

  /** Opens the gate at the first line on stdin, and ends the process when stdin closes. */
  private static void watchStdin(CountDownLatch go) {
    Thread watcher =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                if (in.readLine() != null) {
                  go.countDown();
                  while (in.readLine() != null) {
                    // nothing more is expected: wait for the parent to close stdin or to die
                  }
                }
              } catch (IOException ignored) {
                // the parent is gone either way
              }
              Runtime.getRuntime().halt(3);
            },
            "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void print(String line) {
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }
}
