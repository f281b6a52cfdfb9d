package io.github.lmstudiojava.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A child process for {@link SqliteSessionStoreCrashTest}: appends {@code <prefix>:<i>} to one
 * session, one turn at a time, and prints {@code ack <prefix>:<i>} once each append has returned,
 * until it has appended the given count or is killed. It ends when its stdin closes, so it never
 * outlives its parent.
 */
final class AckingAppendChild {
  private AckingAppendChild() {}

  /**
   * Runs the child.
   *
   * @param args the database file, the session id, the prefix of the turns' text, and the most
   *     turns to append
   * @throws Exception when anything fails, which ends the process with a non-zero status
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String sessionId = args[1];
    String prefix = args[2];
    int max = Integer.parseInt(args[3]);
    Thread orphanGuard =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() != -1) {
                  // wait for the parent to close stdin or to die
                }
              } catch (IOException ignored) {
                // the parent is gone either way
              }
              Runtime.getRuntime().halt(3);
            });
    orphanGuard.setDaemon(true);
    orphanGuard.start();
    try (SessionStore store = SessionStores.sqlite(file, Duration.ofSeconds(10))) {
      for (int i = 0; i < max; i++) {
        String text = prefix + ":" + i;
        store.append(sessionId, List.of(Turn.user(text)));
        System.out.println("ack " + text);
        System.out.flush();
      }
    }
  }
}
