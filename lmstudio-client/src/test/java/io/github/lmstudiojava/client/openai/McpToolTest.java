package io.github.lmstudiojava.client.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.Integration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Responses API's MCP tool and the native ephemeral MCP integration behave alike. */
class McpToolTest {
  @Test
  void bothRefuseABlankLabelAndANonHttpUrl() {
    assertThatThrownBy(() -> ResponseTool.mcp(" ", "https://mcp.example"))
        .hasMessage("serverLabel is blank");
    assertThatThrownBy(() -> ResponseTool.mcp("hf", "file:///etc/passwd"))
        .hasMessageStartingWith("serverUrl must be an http(s) URL");
    assertThatThrownBy(() -> Integration.ephemeralMcp(" ", "https://mcp.example"))
        .hasMessage("serverLabel is blank");
    assertThatThrownBy(() -> Integration.ephemeralMcp("hf", "file:///etc/passwd"))
        .hasMessageStartingWith("serverUrl must be an http(s) URL");
  }

  @Test
  void headerAddsOneAndHeadersReplacesAllOnBoth() {
    ResponseTool.Mcp mcp =
        ResponseTool.mcp("hf", "https://mcp.example")
            .header("A", "1")
            .header("Authorization", "Bearer secret");
    Integration.EphemeralMcp ephemeral =
        Integration.ephemeralMcp("hf", "https://mcp.example")
            .header("A", "1")
            .header("Authorization", "Bearer secret");

    assertThat(mcp.headers())
        .containsExactly(Map.entry("A", "1"), Map.entry("Authorization", "Bearer secret"));
    assertThat(ephemeral.headers()).isEqualTo(mcp.headers());
    assertThat(mcp.headers(Map.of("B", "2")).headers()).containsExactly(Map.entry("B", "2"));
    assertThat(ephemeral.headers(Map.of("B", "2")).headers()).containsExactly(Map.entry("B", "2"));
    assertThat(mcp.toString()).doesNotContain("secret").contains("Authorization");
    assertThat(ephemeral.toString()).doesNotContain("secret").contains("Authorization");
  }
}
