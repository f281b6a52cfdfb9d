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
  void bothRefuseUrlsAndHeadersThatWouldBreakTheRequestLmStudioMakes() {
    String[] badUrls = {
      "ftp://mcp.example",
      "javascript:alert(1)",
      "http://",
      "https://mcp.example/\r\nX: 1",
      "https://mcp.example /a",
      "HTTP//mcp.example"
    };
    for (String url : badUrls) {
      assertThatThrownBy(() -> ResponseTool.mcp("hf", url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("serverUrl must be an http(s) URL");
      assertThatThrownBy(() -> Integration.ephemeralMcp("hf", url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("serverUrl must be an http(s) URL");
    }
    assertThat(Integration.ephemeralMcp("hf", "HTTPS://mcp.example/a?b=c").serverUrl())
        .isEqualTo("HTTPS://mcp.example/a?b=c");

    Map<String, String> injected = Map.of("X-Key", "v\r\nHost: evil");
    Map<String, String> badName = Map.of("X Key:", "v");
    for (Map<String, String> headers : java.util.List.of(injected, badName)) {
      assertThatThrownBy(() -> ResponseTool.mcp("hf", "https://mcp.example").headers(headers))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("header");
      assertThatThrownBy(
              () -> Integration.ephemeralMcp("hf", "https://mcp.example").headers(headers))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("header");
    }
    assertThat(
            Integration.ephemeralMcp("hf", "https://mcp.example")
                .header("Authorization", "Bearer a\tb")
                .headers())
        .containsEntry("Authorization", "Bearer a\tb");
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
