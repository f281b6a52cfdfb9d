package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import io.github.lmstudiojava.client.Model;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link FakeLmStudioServer} run as its own JVM, as benchmark scripts run it. */
class FakeLmStudioServerTest {
  private static final Pattern READY =
      Pattern.compile("FakeLmStudio listening on (http://127\\.0\\.0\\.1:[0-9]+)");

  @Test
  void serverProcessServesTheClientAndStopsCleanlyOnSigterm() throws Exception {
    Process process = start("--port", "0", "--api-token", "s3cret", "--token-delay", "0");
    try (BufferedReader out = reader(process)) {
      String ready = out.readLine();
      Matcher matcher = READY.matcher(ready == null ? "" : ready);
      assertThat(matcher.matches()).as("first line: %s", ready).isTrue();
      String url = matcher.group(1);

      try (LmStudio lms = LmStudio.builder().baseUrl(url).apiToken("s3cret").build();
          LmStudio anonymous = LmStudio.builder().baseUrl(url).build()) {
        assertThat(lms.models().list()).hasSize(5);
        assertThat(lms.chat(FakeModel.LOADED_LLM, "hello").text()).isEqualTo("You said: hello");
        List<String> deltas = new ArrayList<>();
        try (ChatStream stream =
            lms.streamChat(ChatRequest.of(FakeModel.LOADED_LLM, "count to 1000"))) {
          for (ChatEvent event : stream) {
            if (event instanceof ChatEvent.MessageDelta) {
              deltas.add(((ChatEvent.MessageDelta) event).content());
            }
          }
        }
        assertThat(deltas).hasSize(1000).startsWith("1", " 2").endsWith(" 1000");
        assertThatThrownBy(() -> anonymous.models().list())
            .isInstanceOfSatisfying(
                LmStudioAuthenticationException.class,
                e -> assertThat(e.statusCode()).isEqualTo(401));
      }

      // SIGTERM; Process.destroy() would also close the pipes before stderr could be read.
      assertThat(process.toHandle().destroy()).isTrue();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(143);
      assertThat(stderr(process)).contains("FakeLmStudio stopped");
    } finally {
      process.destroyForcibly();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--port, 70000, --port must be a number from 0 to 65535",
    "--token-delay, fast, --token-delay must be a duration",
    "--first-token-delay, -5ms, --first-token-delay must be a duration",
    "--colour, red, unknown option: --colour",
    "--models, 'a/b:big', --models takes :loaded, :embedding or :vision after a key",
    "--models, ':loaded', --models has an entry without a model key",
  })
  void badFlagExitsWithStatusTwoAndSaysWhy(String flag, String value, String message)
      throws Exception {
    Process process = start(flag, value);
    try {
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(stderr(process)).contains(message).contains("Usage: FakeLmStudioServer");
      assertThat(process.getInputStream().readAllBytes()).isEmpty();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void helpPrintsTheUsageAndExits() throws Exception {
    Process process = start("--help");
    try {
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("--first-token-delay")
          .contains("count to N");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void flagsAreReadWithASpaceOrAnEqualsSign() throws Exception {
    FakeLmStudioServer.Options options =
        FakeLmStudioServer.parse(
            new String[] {
              "--port=0", "--host", "localhost", "--token-delay=250us", "--first-token-delay", "2s"
            });

    assertThat(options.port()).isZero();
    assertThat(options.host()).isEqualTo("localhost");
    assertThat(options.tokenDelay()).isEqualTo(Duration.ofNanos(250_000));
    assertThat(options.firstTokenDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.apiToken()).isNull();
    assertThat(FakeLmStudioServer.parse(new String[0]).port()).isEqualTo(1234);
  }

  @Test
  void modelsReplacesTheCatalogueWithTheKeysAndTraitsGiven() throws Exception {
    FakeLmStudioServer.Options options =
        FakeLmStudioServer.parse(
            new String[] {
              "--port",
              "0",
              "--models",
              "ibm/granite-4-micro:loaded, nomic/embed:embedding,acme/eyes-2b:vision:loaded"
            });

    try (FakeLmStudio fake = FakeLmStudioServer.start(options);
        LmStudio lms = LmStudio.builder().baseUrl(fake.url()).build()) {
      List<Model> models = lms.models().list();

      assertThat(models)
          .extracting(Model::key, Model::type, Model::isLoaded)
          .containsExactly(
              tuple("ibm/granite-4-micro", "llm", true),
              tuple("nomic/embed", "embedding", false),
              tuple("acme/eyes-2b", "llm", true));
      assertThat(models.get(0).capabilities().supportsVision()).isFalse();
      assertThat(models.get(2).capabilities().supportsVision()).isTrue();
      assertThat(fake.takeRequest().line()).isEqualTo("GET /api/v1/models");
    }
    assertThat(FakeLmStudioServer.parse(new String[] {"--models="}).models()).isEmpty();
    assertThat(FakeLmStudioServer.parse(new String[0]).models()).isEqualTo(FakeModel.defaults());
  }

  @Test
  void aFlagWithoutItsValueIsRefused() {
    assertThatThrownBy(() -> FakeLmStudioServer.parse(new String[] {"--port"}))
        .isInstanceOf(FakeLmStudioServer.UsageException.class)
        .hasMessage("--port needs a value");
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath());
    command.add(FakeLmStudioServer.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  /** Surefire runs tests from a manifest-only jar; it names the real class path separately. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String path = surefire != null ? surefire : System.getProperty("java.class.path");
    return String.join(File.pathSeparator, path.split(File.pathSeparator));
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static String stderr(Process process) throws IOException {
    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
