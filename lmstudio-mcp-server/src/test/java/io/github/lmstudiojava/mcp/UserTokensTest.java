package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTokensTest {
  static final String ALICE_TOKEN = "alice-0123456789abcdef";
  static final String BOB_TOKEN = "bob-0123456789abcdef";

  @TempDir Path dir;

  private Path file(String text, String permissions) throws Exception {
    Path file = Files.writeString(dir.resolve("tokens-" + System.nanoTime()), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void eachTokenAuthenticatesItsUserAndCommentsAndBlankLinesAreSkipped() throws Exception {
    Path file =
        file(
            "# team tokens\n\n  alice   " + ALICE_TOKEN + "  \n\tbob\t" + BOB_TOKEN + "\n",
            "rw-------");

    UserTokens users = UserTokens.read(file.toString(), "--auth-tokens-file");

    assertThat(users.users()).containsExactly("alice", "bob");
    assertThat(users.userOf(ALICE_TOKEN)).isEqualTo("alice");
    assertThat(users.userOf(BOB_TOKEN)).isEqualTo("bob");
    assertThat(users.userOf(ALICE_TOKEN + "x")).isNull();
    assertThat(users.userOf("")).isNull();
    assertThat(users.toString()).isEqualTo("2 users [alice, bob]").doesNotContain(ALICE_TOKEN);
  }

  @Test
  void aFileOthersCanReadIsRefusedWithTheCommandThatFixesIt() throws Exception {
    Path groupReadable = file("alice " + ALICE_TOKEN + "\n", "rw-r-----");
    Path worldReadable = file("alice " + ALICE_TOKEN + "\n", "rw-r--r--");

    for (Path file : new Path[] {groupReadable, worldReadable}) {
      assertThatThrownBy(() -> UserTokens.read(file.toString(), "--auth-tokens-file"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("--auth-tokens-file: " + file + " is accessible by other users")
          .hasMessageEndingWith("must be readable by its owner only: chmod 600 " + file)
          .hasMessageNotContaining(ALICE_TOKEN);
    }
  }

  @Test
  void aBadLineIsNamedByItsNumberWithoutShowingAnyToken() throws Exception {
    Map<String, String> cases =
        Map.of(
            "# c\nalice " + ALICE_TOKEN + " extra\n",
            "line 2: expected two fields, a user name and a token, separated by a space",
            "alice\n",
            "line 1: expected two fields, a user name and a token, separated by a space",
            "al/ice " + ALICE_TOKEN + "\n",
            "line 1: the user name is not 1 to 48 letters, digits, '.', '_', '@' or '-'",
            "alice " + ALICE_TOKEN + "\nbob short-token\n",
            "line 2: the token is shorter than 16 characters; make one with: openssl"
                + " rand -hex 32",
            "alice " + ALICE_TOKEN + "\n\nalice " + BOB_TOKEN + "\n",
            "line 3: user alice is listed twice (first on line 1)",
            "alice " + ALICE_TOKEN + "\nbob " + ALICE_TOKEN + "\n",
            "line 2: the token of user bob is the token of line 1 too; every user needs a token"
                + " of their own",
            "alice " + ALICE_TOKEN + "\u00e9\n",
            "line 1: the token has characters other than printable ASCII",
            ALICE_TOKEN + " alice\n",
            "line 1: the token is shorter than 16 characters; make one with: openssl rand -hex 32");

    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = file(c.getKey(), "rw-------");
      assertThatThrownBy(() -> UserTokens.read(file.toString(), "--auth-tokens-file"))
          .as(c.getKey())
          .isInstanceOf(ConfigException.class)
          .hasMessage("--auth-tokens-file: " + file + ", " + c.getValue())
          .hasMessageNotContaining(ALICE_TOKEN)
          .hasMessageNotContaining(BOB_TOKEN)
          .hasMessageNotContaining("short-token");
    }
  }

  @Test
  void aFileWithoutUsersOrThatIsNoFileIsRefused() throws Exception {
    Path onlyComments = file("# nobody yet\n\n", "rw-------");

    assertThatThrownBy(() -> UserTokens.read(onlyComments.toString(), "--auth-tokens-file"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--auth-tokens-file: "
                + onlyComments
                + " lists no users: write one \"user token\" pair a line");
    assertThatThrownBy(() -> UserTokens.read(dir.toString(), "LMSTUDIO_MCP_TOKENS_FILE"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LMSTUDIO_MCP_TOKENS_FILE: " + dir + " is not a regular file of at most 1 MiB");
  }

  @Test
  void theTokensFileExcludesTheSingleTokenFlagsAndVariables() throws Exception {
    Path file = file("alice " + ALICE_TOKEN + "\n", "rw-------");
    Path single = file("single-token\n", "rw-------");

    ServerConfig byFlag = parse(Map.of(), "--auth-tokens-file", file.toString());
    ServerConfig byEnv = parse(Map.of("LMSTUDIO_MCP_TOKENS_FILE", file.toString()));
    ServerConfig flagOverEnv =
        parse(Map.of("LMSTUDIO_MCP_TOKEN", "env-token"), "--auth-tokens-file", file.toString());

    assertThat(byFlag.users().users()).containsExactly("alice");
    assertThat(byFlag.authToken()).isNull();
    assertThat(byEnv.users().users()).containsExactly("alice");
    assertThat(flagOverEnv.users().users()).containsExactly("alice");
    assertThat(flagOverEnv.authToken()).isNull();
    assertThat(byFlag.toString()).contains("users=1 user [alice]").doesNotContain(ALICE_TOKEN);
    assertThatThrownBy(
            () -> parse(Map.of(), "--auth-token", "x", "--auth-tokens-file", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "give --auth-tokens-file (several users) or --auth-token/--auth-token-file (one),"
                + " not both");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(),
                    "--auth-token-file",
                    single.toString(),
                    "--auth-tokens-file",
                    file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("give --auth-tokens-file (several users)");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "LMSTUDIO_MCP_TOKEN",
                        "env-token",
                        "LMSTUDIO_MCP_TOKENS_FILE",
                        file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "set LMSTUDIO_MCP_TOKENS_FILE (several users) or LMSTUDIO_MCP_TOKEN"
                + "/LMSTUDIO_MCP_TOKEN_FILE (one), not both");
  }

  @Test
  void usersLetTheServerListenOffLoopback() throws Exception {
    Path file = file("alice " + ALICE_TOKEN + "\n", "rw-------");

    ServerConfig config =
        parse(
            Map.of(),
            "--transport",
            "http",
            "--host",
            "0.0.0.0",
            "--auth-tokens-file",
            file.toString());

    assertThat(config.authenticates()).isTrue();
    assertThatThrownBy(() -> parse(Map.of(), "--transport", "http", "--host", "0.0.0.0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("or --auth-tokens-file");
  }

  private static ServerConfig parse(Map<String, String> env, String... args) {
    return ServerConfig.parse(args, env::get);
  }
}
