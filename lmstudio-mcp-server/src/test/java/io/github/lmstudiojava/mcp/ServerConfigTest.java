package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  @Test
  void theTokenCanComeFromAFileSoItStaysOutOfTheCommandLine() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "  t0ken-from-file \nsecond line\n");

    ServerConfig byFlag =
        parse(Map.of(), "--transport", "http", "--auth-token-file", file.toString());
    ServerConfig byEnv =
        parse(Map.of("LMSTUDIO_MCP_TOKEN_FILE", file.toString()), "--transport", "http");

    assertThat(byFlag.authToken()).isEqualTo("t0ken-from-file");
    assertThat(byEnv.authToken()).isEqualTo("t0ken-from-file");
    assertThat(byFlag.toString()).doesNotContain("t0ken-from-file");
  }

  @Test
  void aFlagWinsOverEitherVariableAndTwoOfAKindAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");

    assertThat(
            parse(Map.of("LMSTUDIO_MCP_TOKEN_FILE", file.toString()), "--auth-token", "flag")
                .authToken())
        .isEqualTo("flag");
    assertThat(
            parse(Map.of("LMSTUDIO_MCP_TOKEN", "env"), "--auth-token-file", file.toString())
                .authToken())
        .isEqualTo("from-file");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "LMSTUDIO_MCP_TOKEN", "env", "LMSTUDIO_MCP_TOKEN_FILE", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("set LMSTUDIO_MCP_TOKEN or LMSTUDIO_MCP_TOKEN_FILE, not both");
    assertThatThrownBy(() -> parse(Map.of(), "--auth-token-file", "bad\u0000path"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--auth-token-file: cannot read");
  }

  @Test
  void aBadTokenFileStopsTheStartWithASentence() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path huge = Files.writeString(dir.resolve("huge"), "x".repeat(5000));
    Path token = Files.writeString(dir.resolve("token"), "t");

    assertThatThrownBy(() -> parse(Map.of(), "--auth-token-file", dir.resolve("none").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> parse(Map.of(), "--auth-token-file", dir.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> parse(Map.of(), "--auth-token-file", huge.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at most 4 KiB");
    assertThatThrownBy(() -> parse(Map.of(), "--auth-token-file", empty.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(
            () -> parse(Map.of(), "--auth-token", "a", "--auth-token-file", token.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("give --auth-token or --auth-token-file, not both");
  }

  @Test
  void severalLmStudioHostsComeFromRepeatedFlagsOrACommaSeparatedVariable() {
    ServerConfig byFlags =
        parse(
            Map.of("LM_STUDIO_URL", "http://ignored:1234"),
            "--lmstudio-url",
            "http://desk:1234",
            "--lmstudio-url",
            "http://gpu-box:1234, http://laptop:1234/v1");
    ServerConfig byEnv =
        parse(Map.of("LM_STUDIO_URL", "http://desk:1234,http://admin:pw@gpu-box:1234"));
    ServerConfig one = parse(Map.of());

    assertThat(byFlags.lmStudioUrls())
        .containsExactly("http://desk:1234", "http://gpu-box:1234", "http://laptop:1234/v1");
    assertThat(byFlags.severalHosts()).isTrue();
    assertThat(byEnv.lmStudioUrls()).hasSize(2);
    assertThat(byEnv.shownLmStudioUrl()).isEqualTo("http://desk:1234 or http://***@gpu-box:1234");
    assertThat(byEnv.toString()).doesNotContain("pw");
    assertThat(one.lmStudioUrls()).containsExactly(ServerConfig.DEFAULT_URL);
    assertThat(one.severalHosts()).isFalse();
  }

  @Test
  void theSameHostTwiceOrTokensThatDoNotMatchTheHostsAreRefused() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(),
                    "--lmstudio-url",
                    "http://desk:1234",
                    "--lmstudio-url",
                    "http://desk:1234/v1/"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--lmstudio-url: baseUrls names http://desk:1234/ twice");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of("LM_API_TOKEN", "a,b,c"),
                    "--lmstudio-url",
                    "http://desk:1234,http://gpu-box:1234"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--api-token: 3 comma-separated tokens for 2 LM Studio URLs; give one token for all,"
                + " or one per URL in order");
    assertThatThrownBy(() -> parse(Map.of(), "--lmstudio-url", " , "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no URL given");
    assertThatThrownBy(() -> parse(Map.of(), "--lmstudio-url", "http://desk:1234,ftp://x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"ftp://x\" is not an http(s) URL");
    // One host: a comma in its token is just part of the token.
    assertThat(parse(Map.of("LM_API_TOKEN", "a,b")).apiToken()).isEqualTo("a,b");
  }

  @Test
  void aSessionRouteIsAShortNameThatCannotHoldADot() {
    assertThat(parse(Map.of(), "--session-route", "a").sessionRoute()).isEqualTo("a");
    assertThat(parse(Map.of("LMSTUDIO_MCP_SESSION_ROUTE", "node-2")).sessionRoute())
        .isEqualTo("node-2");
    assertThat(parse(Map.of()).sessionRoute()).isNull();
    assertThatThrownBy(() -> parse(Map.of(), "--session-route", "a.b"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--session-route: \"a.b\" is not 1 to 32 letters, digits, '_' or '-'");
  }

  @Test
  void aPostgresSessionStoreIsShownWithoutItsPassword() {
    String uri = "jdbc:postgresql://lms:pw1@127.0.0.1:5432/chats?user=lms&password=s3cret&ssl=true";

    ServerConfig config = parse(Map.of(), "--sessions", uri);

    assertThat(config.sessions()).isEqualTo(uri);
    assertThat(config.shownSessions())
        .isEqualTo("jdbc:postgresql://***@127.0.0.1:5432/chats?user=lms&password=***&ssl=true");
    assertThat(config.toString())
        .contains("sessions=jdbc:postgresql://***@127.0.0.1:5432/chats?user=lms&password=***")
        .doesNotContain("s3cret")
        .doesNotContain("pw1");
    assertThatThrownBy(() -> parse(Map.of(), "--sessions", "chats.db"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sqlite:PATH, memory: or jdbc:postgresql://HOST:PORT/DB");
  }

  @Test
  void readOnlyAndToolsComeFromFlagsOrTheirVariables() {
    ServerConfig byFlags = parse(Map.of(), "--read-only", "--tools", "model_list,model_load,chat");
    ServerConfig byEnv =
        parse(
            Map.of(
                "LMSTUDIO_MCP_READ_ONLY",
                "TRUE",
                "LMSTUDIO_MCP_TOOLS",
                "model_list,model_load,chat"));

    for (ServerConfig config : List.of(byFlags, byEnv)) {
      assertThat(config.tools().readOnly()).isTrue();
      assertThat(config.tools().tools()).containsExactly("model_list", "chat");
    }
    assertThat(byFlags.toString()).contains("tools=read-only model_list,chat");
    assertThat(parse(Map.of()).tools()).isEqualTo(ToolSelection.ALL);
    assertThat(parse(Map.of("LMSTUDIO_MCP_READ_ONLY", "false", "LMSTUDIO_MCP_TOOLS", " ")).tools())
        .isEqualTo(ToolSelection.ALL);
  }

  @Test
  void aFlagWinsOverTheVariablesOfReadOnlyAndTools() {
    ServerConfig config =
        parse(
            Map.of("LMSTUDIO_MCP_READ_ONLY", "false", "LMSTUDIO_MCP_TOOLS", "nonsense"),
            "--read-only",
            "--tools",
            "embed");

    assertThat(config.tools()).isEqualTo(new ToolSelection(List.of("embed"), true));
  }

  @Test
  void badValuesOfReadOnlyAndToolsStopTheStartNamingTheirSource() {
    assertThatThrownBy(() -> parse(Map.of("LMSTUDIO_MCP_READ_ONLY", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LMSTUDIO_MCP_READ_ONLY: \"yes\" is neither true nor false");
    assertThatThrownBy(() -> parse(Map.of(), "--read-only=true"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--read-only takes no value");
    assertThatThrownBy(() -> parse(Map.of(), "--tools", "ask,model_remove"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--tools: no tool \"model_remove\"; the tools are model_list,");
    assertThatThrownBy(() -> parse(Map.of("LMSTUDIO_MCP_TOOLS", "asks")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LMSTUDIO_MCP_TOOLS: no tool \"asks\"; the tools are");
    assertThatThrownBy(() -> parse(Map.of(), "--tools", "model_download", "--read-only"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("leaves no tool with --read-only");
  }

  @Test
  void theHelpShowsBothFlagsAndSaysReadOnlyAppliesToWhatToolsLeaves() {
    String help = Main.help();

    assertThat(help)
        .contains("  --read-only ", "env: LMSTUDIO_MCP_READ_ONLY (true or false)")
        .contains("  --tools LIST ", "env: LMSTUDIO_MCP_TOOLS")
        .contains("--read-only still leaves out the ones that change things");
  }

  private static ServerConfig parse(Map<String, String> env, String... args) {
    return ServerConfig.parse(args, env::get);
  }
}
