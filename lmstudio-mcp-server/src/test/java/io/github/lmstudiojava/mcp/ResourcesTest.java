package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.McpUriTemplateManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  @Test
  void sessionIdsArePercentEncodedAsOnePathSegment() {
    assertThat(Resources.uri("plan-1")).isEqualTo("lmstudio://sessions/plan-1");
    assertThat(Resources.uri("c++ notes/é"))
        .isEqualTo("lmstudio://sessions/c%2B%2B%20notes%2F%C3%A9");
  }

  @Test
  void aTemplateVariableIsDecodedAsOneSegmentAndMayHoldRawSlashes() {
    String prefix = "lmstudio://models/";

    assertThat(Resources.segment(prefix + "qwen%2Fqwen3-8b", prefix, "model"))
        .isEqualTo("qwen/qwen3-8b");
    assertThat(Resources.segment(prefix + "qwen/qwen3-8b", prefix, "model"))
        .isEqualTo("qwen/qwen3-8b");
    assertThat(Resources.segment(prefix + "a+b%20%C3%A9", prefix, "model")).isEqualTo("a+b é");
    McpError bad =
        catchThrowableOfType(
            McpError.class, () -> Resources.segment(prefix + "a%2", prefix, "model"));
    assertThat(bad.getMessage()).isEqualTo("Not a model URI (a bad %-escape): " + prefix + "a%2");
  }

  @Test
  void aTemplateEndingInItsOneVariableTakesTheRestOfTheUri() {
    McpUriTemplateManager models = new TailTemplates().create(Resources.MODEL_TEMPLATE);
    McpUriTemplateManager twoParts = new TailTemplates().create("x://a/{b}/c/{d}");

    assertThat(models.matches("lmstudio://models/qwen/qwen3-8b")).isTrue();
    assertThat(models.matches("lmstudio://models/qwen%2Fqwen3-8b")).isTrue();
    assertThat(models.matches(Resources.MODEL_TEMPLATE)).isTrue();
    assertThat(models.matches("lmstudio://models/")).isFalse();
    assertThat(models.matches("lmstudio://models")).isFalse();
    assertThat(models.getVariableNames()).containsExactly("key");
    assertThat(models.extractVariableValues("lmstudio://models/a/b"))
        .isEqualTo(Map.of("key", "a/b"));
    assertThat(twoParts.matches("x://a/1/c/2")).isTrue();
    assertThat(twoParts.matches("x://a/1/c/2/3")).as("as the SDK matches").isFalse();
  }

  @Test
  void unknownModelsAndInstancesAreNotFoundInOneSentence() {
    try (FakeLmStudio lmStudio = FakeLmStudio.start();
        Backend backend =
            new Backend(
                ServerConfig.parse(
                    new String[] {"--lmstudio-url", lmStudio.url(), "--sessions", "memory:"},
                    name -> null))) {
      Resources resources = new Resources(backend);

      McpError model =
          catchThrowableOfType(
              McpError.class, () -> read(resources, 1, "lmstudio://models/acme%2Fnone"));
      McpError instance =
          catchThrowableOfType(
              McpError.class, () -> read(resources, 2, "lmstudio://instances/none"));
      McpError longKey =
          catchThrowableOfType(
              McpError.class, () -> read(resources, 1, "lmstudio://models/" + "k".repeat(257)));

      assertThat(model.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(model.getMessage())
          .isEqualTo(
              "No model \"acme/none\" in LM Studio; lmstudio://models lists the downloaded ones");
      assertThat(instance.getJsonRpcError().code())
          .isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
      assertThat(instance.getMessage())
          .isEqualTo("No loaded instance \"none\"; the loaded ones are " + FakeModel.LOADED_LLM);
      assertThat(longKey.getMessage()).isEqualTo("A model key has at most 256 characters");
    }
  }

  private static String read(Resources resources, int template, String uri) {
    McpSchema.ReadResourceResult result =
        resources
            .templates()
            .get(template)
            .readHandler()
            .apply(
                new ClientSession().exchange(false),
                McpSchema.ReadResourceRequest.builder(uri).build());
    return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
  }
}
