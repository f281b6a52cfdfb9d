package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoLmStudioTest {
  @ParameterizedTest
  @MethodSource("io.github.lmstudiojava.examples.DemoModeTest#exampleNames")
  void everyExampleSaysWhatToDoInOneSentenceOnStderrAndFailsWhenNothingListens(
      String name, @TempDir Path dir) throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    ExampleRun run =
        name.equals("persistent-chat")
            ? ExampleRun.of(name, "--url", url, "--session", dir.resolve("c.db").toString())
            : ExampleRun.of(name, "--url", url);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errors()).isEqualTo(Cli.notRunning(url) + "\n");
    assertThat(run.output()).doesNotContain("No LM Studio", "Exception", "\tat ", "[demo]");
  }

  @ParameterizedTest
  @MethodSource("io.github.lmstudiojava.examples.DemoModeTest#exampleNames")
  void aServerThatAcceptsAndDropsEveryCallIsNotCalledNotRunning(String name, @TempDir Path dir)
      throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread dropper = new Thread(() -> dropEveryConnection(server), "dropper");
      dropper.setDaemon(true);
      dropper.start();
      String url = "http://127.0.0.1:" + server.getLocalPort();

      ExampleRun run =
          name.equals("persistent-chat")
              ? ExampleRun.of(name, "--url", url, "--session", dir.resolve("c.db").toString())
              : ExampleRun.of(name, "--url", url);

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.errors())
          .startsWith("LM Studio at " + url + " closed the connection during ")
          .contains("may have crashed or restarted")
          .doesNotContain("No LM Studio is running", "not running", "Exception\n", "\tat ");
    }
  }

  /** Accepts each connection, reads the request and closes it without a byte of answer. */
  private static void dropEveryConnection(ServerSocket server) {
    while (!server.isClosed()) {
      try (java.net.Socket socket = server.accept()) {
        socket.getInputStream().read(new byte[8192]);
      } catch (IOException e) {
        // Closed by the test, or the client gave up: either way, on to the next.
      }
    }
  }

  @org.junit.jupiter.api.Test
  void theSentenceNamesTheServerCommandTheVariableAndTheDemoFlag() {
    String sentence = Cli.notRunning("http://127.0.0.1:9");

    assertThat(sentence)
        .startsWith("No LM Studio is running at http://127.0.0.1:9: ")
        .contains("`lms server start`", "LM_STUDIO_URL", "--demo")
        .endsWith(".");
    assertThat(sentence.substring(0, sentence.length() - 1)).doesNotContain(". ");
  }

  /** A port nothing listens on: one the system just gave out and that was closed again. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
