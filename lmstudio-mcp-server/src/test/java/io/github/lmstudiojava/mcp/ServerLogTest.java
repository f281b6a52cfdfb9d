package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerLogTest {
  @Test
  void controlCharactersFromClientsCannotForgeALogLine() {
    String forged = "plan\n[main] INFO lmstudio-mcp - admin logged in\r\u001b[2J\u2028";

    String line = ServerLog.oneLine(forged);

    assertThat(line)
        .isEqualTo("plan\\n[main] INFO lmstudio-mcp - admin logged in\\r\\u001b[2J\\u2028")
        .doesNotContain("\n", "\r", "\u001b");
    assertThat(ServerLog.oneLine("plain text, é and \uD83D\uDE00"))
        .isEqualTo("plain text, é and \uD83D\uDE00");
    assertThat(ServerLog.oneLine(null)).isEqualTo("null");
  }

  @Test
  void theConfigurationNeverShowsTokensOrTheUrlsUserAndPassword() {
    ServerConfig config =
        ServerConfig.parse(
            new String[] {"--transport", "http", "--sessions", "memory:"},
            Map.of(
                    "LM_STUDIO_URL", "http://admin:hunter2@gpu-box:1234",
                    "LM_API_TOKEN", "lm-secret",
                    "LMSTUDIO_MCP_TOKEN", "mcp-secret")
                ::get);

    assertThat(config.toString())
        .doesNotContain("hunter2", "admin", "lm-secret", "mcp-secret")
        .contains("lmStudioUrl=http://***@gpu-box:1234", "apiToken=***", "authToken=***");
    assertThat(config.shownLmStudioUrl()).isEqualTo("http://***@gpu-box:1234");
    assertThat(config.lmStudioUrl()).isEqualTo("http://admin:hunter2@gpu-box:1234");
    assertThat(ServerConfig.hideUserInfo("http://gpu-box:1234/a@b"))
        .isEqualTo("http://gpu-box:1234/a@b");
    assertThat(ServerConfig.hideUserInfo("sqlite:/home/a@b/s.db"))
        .isEqualTo("sqlite:/home/a@b/s.db");
  }
}
