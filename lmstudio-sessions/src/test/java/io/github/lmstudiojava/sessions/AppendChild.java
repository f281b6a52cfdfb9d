package io.github.lmstudiojava.sessions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A child process for {@link SqliteSessionStoreMultiProcessTest}: opens the store, creates its own
 * session, prints {@code ready}, waits for a line on stdin, then appends {@code <name>:<i>} for
 * each {@code i} below the count to its own session and to the shared one, and prints {@code done}.
 */
final class AppendChild {
  private AppendChild() {}

  /**
   * Runs the child.
   *
   * @param args the database file, this child's name, the shared session's id, the count of turns,
   *     and the busy timeout in milliseconds
   * @throws Exception when anything fails, which ends the process with a non-zero status
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String name = args[1];
    String shared = args[2];
    int count = Integer.parseInt(args[3]);
    Duration busyTimeout = Duration.ofMillis(Long.parseLong(args[4]));
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SessionStore store = SessionStores.sqlite(file, busyTimeout)) {
      String own = store.create(NewSession.withId("own-" + name)).id();
      System.out.println("ready");
      System.out.flush();
      if (stdin.readLine() == null) {
        return; // the parent is gone
      }
      for (int i = 0; i < count; i++) {
        store.append(own, List.of(Turn.user(name + ":" + i)));
        store.append(shared, List.of(Turn.user(name + ":" + i)));
      }
    }
    System.out.println("done");
    System.out.flush();
  }
}
