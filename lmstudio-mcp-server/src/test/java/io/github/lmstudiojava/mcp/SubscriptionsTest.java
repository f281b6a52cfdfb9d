package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  private final Subscriptions subscriptions = new Subscriptions();

  @Test
  void ourResourcesAreAdmittedAndEveryOtherUriIsRefusedUnrecorded() {
    for (String uri :
        new String[] {
          "lmstudio://models",
          "lmstudio://sessions",
          "lmstudio://sessions/c%2B%2B%20notes",
          "lmstudio://models/qwen%2Fqwen3-8b",
          "lmstudio://instances/qwen3-8b:2"
        }) {
      assertThat(subscribe("s1", uri)).as(uri).isNull();
    }
    Subscriptions.Refusal foreign = subscribe("s1", "file:///etc/passwd");
    Subscriptions.Refusal emptyId = subscribe("s1", "lmstudio://sessions/");
    Subscriptions.Refusal huge = subscribe("s1", "lmstudio://sessions/" + "x".repeat(2000));
    Subscriptions.Refusal noUri =
        subscriptions.admit("s1", null, Subscriptions.SUBSCRIBE, Map.of("url", "x"));

    assertThat(foreign.code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
    assertThat(foreign.message())
        .isEqualTo(
            "Resource not found: file:///etc/passwd is not a resource of this server"
                + " (lmstudio://models, lmstudio://sessions and the URIs of their templates can be"
                + " subscribed to).");
    assertThat(emptyId).isNotNull();
    assertThat(huge.message()).hasSizeLessThan(300);
    assertThat(noUri.code()).isEqualTo(JsonRpc.INVALID_PARAMS);
    assertThat(subscriptions.snapshot())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.sessionId()).isEqualTo("s1");
              assertThat(s.uris()).hasSize(5).doesNotContain("file:///etc/passwd");
            });
  }

  @Test
  void aSessionHoldsAtMost64AndUnsubscribingOrEndingFreesThem() {
    for (int i = 0; i < Subscriptions.MAX_PER_SESSION; i++) {
      assertThat(subscribe("s1", "lmstudio://sessions/" + i)).isNull();
    }
    Subscriptions.Refusal over = subscribe("s1", "lmstudio://sessions/one-more");
    Subscriptions.Refusal again = subscribe("s1", "lmstudio://sessions/0");
    subscriptions.admit(
        "s1", null, Subscriptions.UNSUBSCRIBE, Map.of("uri", "lmstudio://sessions/0"));
    Subscriptions.Refusal afterUnsubscribe = subscribe("s1", "lmstudio://sessions/one-more");

    assertThat(over.message()).startsWith("Too many subscriptions: a session may subscribe to 64");
    assertThat(again).as("the same URI again is no new subscription").isNull();
    assertThat(afterUnsubscribe).isNull();
    subscriptions.listed("s2", "ann");
    assertThat(subscriptions.isEmpty()).isFalse();
    subscriptions.forget("s1");
    subscriptions.forget("s2");
    assertThat(subscriptions.isEmpty()).isTrue();
    assertThat(subscriptions.snapshot()).isEmpty();
    assertThat(subscriptions.listers()).isEmpty();
  }

  @Test
  void listersAreGroupedByUser() {
    subscriptions.listed("a", "ann");
    subscriptions.listed("b", "ann");
    subscriptions.listed("c", null);

    assertThat(subscriptions.listers()).containsOnlyKeys("ann", "");
    assertThat(subscriptions.listers().get("ann")).hasSize(2);
  }

  private Subscriptions.Refusal subscribe(String session, String uri) {
    return subscriptions.admit(session, null, Subscriptions.SUBSCRIBE, Map.of("uri", uri));
  }
}
