package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small parsers of the HTTP transport: event ids, the server's own Origin, durations. */
class HttpTransportPartsTest {
  @Test
  void eventIdsAreStreamDashEventAndNothingElse() {
    assertThat(McpServlet.parseEventId("3-17")).containsExactly(3, 17);
    assertThat(McpServlet.parseEventId("1-0")).containsExactly(1, 0);
    for (String bad :
        new String[] {
          "", "-", "3-", "-3", "0-1", "3--1", "a-1", "3-x", "3_1", "1-2-3", "9".repeat(41)
        }) {
      assertThat(McpServlet.parseEventId(bad)).as(bad).isNull();
    }
  }

  @Test
  void onlyTheHttpOriginOfTheLoopbackHostTheRequestWentToIsTheServersOwn() {
    assertThat(HttpGuard.namesThisServer("http://localhost:3001", "localhost:3001")).isTrue();
    assertThat(HttpGuard.namesThisServer("http://127.0.0.1:3001", "127.0.0.1:3001")).isTrue();
    assertThat(HttpGuard.namesThisServer("http://[::1]:3001", "[::1]:3001")).isTrue();
    assertThat(HttpGuard.namesThisServer("HTTP://LOCALHOST:3001", "localhost:3001")).isTrue();
    assertThat(HttpGuard.namesThisServer("http://localhost:3001", "127.0.0.1:3001")).isFalse();
    assertThat(HttpGuard.namesThisServer("http://evil.example:3001", "evil.example:3001"))
        .isFalse();
    assertThat(HttpGuard.namesThisServer("http://localhost", "localhost")).isFalse();
    assertThat(HttpGuard.namesThisServer("http://localhost:3001", null)).isFalse();
    for (String other :
        new String[] {
          "http://localhost:30011",
          "http://localhost:13001",
          "http://localhost:3002",
          "https://localhost:3001",
          "http://localhost:3001/",
          "http://evil.example:3001",
          "http://localhost.evil.example:3001",
          "http://127.0.0.1.nip.io:3001",
          "http://localhost",
          "null"
        }) {
      assertThat(HttpGuard.namesThisServer(other, "localhost:3001")).as(other).isFalse();
    }
  }

  @Test
  void aBareZeroIsNoDuration() {
    assertThat(Durations.parse("0", "--sse-retry")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("1500ms", "--sse-retry")).isEqualTo(Duration.ofMillis(1500));
  }
}
