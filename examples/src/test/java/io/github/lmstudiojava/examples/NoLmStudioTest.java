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
