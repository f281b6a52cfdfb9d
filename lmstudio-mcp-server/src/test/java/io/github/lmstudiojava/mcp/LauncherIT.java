package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code bin/lmstudio-mcp}: it finds the jar and the JDK, makes a class-data
 * archive on the first run and uses it after, and keeps stdout for JSON-RPC alone.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {
  @TempDir Path cacheHome;
  FakeLmStudio fake;

  @AfterEach
  void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  /** JDK 25 and later get an ahead-of-time cache, earlier ones a class-data archive. */
  private static final String EXTENSION = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";

  private static final String LOG_TAG = Runtime.version().feature() >= 25 ? "aot" : "cds";

  @Test
  void firstRunAnswersOverStdioAndLeavesAnArchiveThatTheSecondRunUses() throws Exception {
    fake = FakeLmStudio.start();

    List<String> firstStderr = session(env(Map.of()));
    List<Path> archives = archives();
    assertThat(archives).as("archives after the first run; its stderr: %s", firstStderr).hasSize(1);
    Path archive = archives.get(0);
    assertThat(archive.toString()).endsWith(EXTENSION).startsWith(cacheHome.toString());
    long size = Files.size(archive);
    FileTime written = Files.getLastModifiedTime(archive);
    assertThat(size).isPositive();

    List<String> secondStderr =
        session(env(Map.of("LMSTUDIO_MCP_JAVA_OPTS", "-Xlog:" + LOG_TAG + "=info:stderr")));

    assertThat(secondStderr)
        .as("the JVM opened the archive")
        .anyMatch(line -> line.contains("Opened") && line.contains(archive.toString()));
    assertThat(archives()).containsExactly(archive);
    assertThat(Files.size(archive)).isEqualTo(size);
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    List<FakeRequest> sent = fake.requests();
    assertThat(sent).hasSize(2);
    for (FakeRequest request : sent) {
      assertThat(request.line()).isEqualTo("GET /api/v1/models");
      assertThat(request.body()).isEmpty();
    }
  }

  @Test
  void aChangedJarGetsAnArchiveOfItsOwn(@TempDir Path jars) throws Exception {
    fake = FakeLmStudio.start();
    Path jar = Files.copy(ServerJar.path(), jars.resolve("lmstudio-mcp-server.jar"));
    Map<String, String> env = env(Map.of("LMSTUDIO_MCP_JAR", jar.toString()));

    session(env);
    List<Path> first = archives();
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
    session(env);

    assertThat(first).hasSize(1);
    assertThat(archives()).hasSize(2).containsAll(first);
    assertThat(fake.requests()).extracting(FakeRequest::line).containsOnly("GET /api/v1/models");
  }

  @Test
  void versionPrintsOneLineAndLeavesNoArchive() throws Exception {
    try (RawServer server = new RawServer(command("--version"), env(Map.of()))) {
      assertThat(server.next()).matches("lmstudio-mcp-server \\d+\\.\\d+\\.\\d+\\S*");
      assertThat(server.finish()).isZero();
      assertThat(server.allStdout).hasSize(1);
    }
    assertThat(archives()).isEmpty();
  }

  @Test
  void aMissingJarIsReportedOnStderrWithStatusOne() throws Exception {
    Map<String, String> env =
        env(Map.of("LMSTUDIO_MCP_JAR", cacheHome.resolve("none.jar").toString()));
    try (RawServer server = new RawServer(command("--version"), env)) {
      assertThat(server.finish()).isEqualTo(1);
      assertThat(server.allStdout).isEmpty();
    }
  }

  /**
   * Runs the launcher over stdio: initialize, tools/list and a model_list call; checks every stdout
   * line is a JSON-RPC message and returns stderr.
   */
  private List<String> session(Map<String, String> env) throws Exception {
    try (RawServer server = new RawServer(command("--sessions", "memory:"), env)) {
      server.initialize();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
      Map<String, Object> tools = server.answer(1);
      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              + "\"params\":{\"name\":\"model_list\",\"arguments\":{}}}");
      Map<String, Object> models = server.answer(2);
      assertThat(server.finish()).as("exit status; stderr: %s", server.stderr).isZero();

      assertThat(tools.get("result").toString()).contains("model_list", "ask", "chat");
      assertThat(models.get("result").toString()).contains("isError=false", "loaded_count");
      assertThat(server.allStdout).hasSize(3);
      for (String line : server.allStdout) {
        assertThat(Json.object(line)).as(line).containsEntry("jsonrpc", "2.0");
      }
      return new ArrayList<>(server.stderr);
    }
  }

  private List<Path> archives() throws IOException {
    Path dir = cacheHome.resolve("lmstudio-java");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.sorted().toList();
      assertThat(all)
          .as("no temporary archive is left")
          .allMatch(p -> p.toString().endsWith(EXTENSION) && !p.toString().contains(".tmp."));
      return all;
    }
  }

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("XDG_CACHE_HOME", cacheHome.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("LMSTUDIO_MCP_JAR", ServerJar.path().toString());
    env.put("LMSTUDIO_MCP_JAVA_OPTS", "");
    if (fake != null) {
      env.put("LM_STUDIO_URL", fake.url());
    }
    env.putAll(extra);
    return env;
  }

  private static List<String> command(String... args) {
    String script = System.getProperty("launcher.script");
    if (script == null) {
      throw new IllegalStateException(
          "launcher.script is not set: run these tests with mvn verify");
    }
    List<String> command = new ArrayList<>(List.of(script));
    command.addAll(List.of(args));
    return command;
  }
}
