package io.github.lmstudiojava.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An application with the SLF4J API but no SLF4J provider hears nothing from the client: SLF4J
 * would print a warning about the missing provider if the client asked it for a logger.
 */
class LoggingWithoutProviderTest {
  /** Makes a call that fails (nothing listens) and prints its exception's class on stdout. */
  public static final class Call {
    private Call() {}

    /**
     * Runs the call.
     *
     * @param args the base URL
     */
    public static void main(String[] args) {
      try (LmStudio lms = LmStudio.builder().baseUrl(args[0]).build()) {
        lms.models().list();
      } catch (LmStudioException e) {
        System.out.println(e.getClass().getSimpleName());
      }
    }
  }

  @Test
  void theApiWithoutAProviderStaysSilent() throws Exception {
    List<String> entries =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    assertThat(entries)
        .anyMatch(e -> e.contains("slf4j-api"))
        .anyMatch(e -> e.contains("slf4j-jdk14"));
    String classPath =
        entries.stream()
            .filter(e -> !e.contains("slf4j-jdk14"))
            .collect(Collectors.joining(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                classPath,
                Call.class.getName(),
                ClientTestSupport.closedPortUrl())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out.strip()).isEqualTo("LmStudioConnectionException");
    assertThat(err).isEmpty();
    assertThat(process.exitValue()).isZero();
  }
}
