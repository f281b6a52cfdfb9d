package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcesTest {
  @Test
  void sessionIdsArePercentEncodedAsOnePathSegment() {
    assertThat(Resources.uri("plan-1")).isEqualTo("lmstudio://sessions/plan-1");
    assertThat(Resources.uri("c++ notes/é"))
        .isEqualTo("lmstudio://sessions/c%2B%2B%20notes%2F%C3%A9");
  }
}
