package io.github.lmstudiojava.client.legacy;

import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.TOKEN;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.assertGet;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.fixture;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.json;
import static io.github.lmstudiojava.client.legacy.LegacyTestSupport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LegacyModelsTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = LegacyTestSupport.client(server, TOKEN);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  static final V0Model QWEN_VL =
      new V0Model(
          "qwen2-vl-7b-instruct",
          "model",
          "vlm",
          "mlx-community",
          "qwen2_vl",
          "mlx",
          "4bit",
          "not-loaded",
          32768,
          null,
          List.of());

  @Test
  void modelsReadsEveryDocsModelWithEveryField() throws InterruptedException {
    server.enqueue(json(fixture("legacy/models-docs.json")));

    List<V0Model> models = lms.legacy().models();

    assertThat(models)
        .containsExactly(
            QWEN_VL,
            new V0Model(
                "meta-llama-3.1-8b-instruct",
                "model",
                "llm",
                "lmstudio-community",
                "llama",
                "gguf",
                "Q4_K_M",
                "not-loaded",
                131072,
                null,
                List.of()),
            new V0Model(
                "text-embedding-nomic-embed-text-v1.5",
                "model",
                "embeddings",
                "nomic-ai",
                "nomic-bert",
                "gguf",
                "Q4_0",
                "not-loaded",
                2048,
                null,
                List.of()));
    assertThat(models)
        .allSatisfy(m -> assertThat(m.loadState()).isEqualTo(V0Model.State.NOT_LOADED));
    assertGet(take(server), "/api/v0/models", TOKEN);
  }

  @Test
  void modelReadsTheDocsModel() throws InterruptedException {
    server.enqueue(json(fixture("legacy/model-docs.json")));

    V0Model model = lms.legacy().model("qwen2-vl-7b-instruct");

    assertThat(model).isEqualTo(QWEN_VL);
    assertThat(model.isLoaded()).isFalse();
    assertGet(take(server), "/api/v0/models/qwen2-vl-7b-instruct", TOKEN);
  }

  @Test
  void loadedModelReadsLoadedContextLengthCapabilitiesAndIgnoresUnknownFields()
      throws InterruptedException {
    server.enqueue(
        json(
            "{\"id\":\"qwen/qwen3-4b\",\"object\":\"model\",\"type\":\"llm\",\"state\":\"loaded\","
                + "\"max_context_length\":40960,\"loaded_context_length\":8192,"
                + "\"capabilities\":[\"tool_use\"],\"future_field\":{\"x\":[1,2]}}"));

    V0Model model = lms.legacy().model("qwen/qwen3-4b");

    assertThat(model.isLoaded()).isTrue();
    assertThat(model.loadState()).isEqualTo(V0Model.State.LOADED);
    assertThat(model.loadedContextLength()).isEqualTo(8192);
    assertThat(model.maxContextLength()).isEqualTo(40960);
    assertThat(model.capabilities()).containsExactly("tool_use");
    assertThat(model.hasCapability("tool_use")).isTrue();
    assertThat(model.hasCapability("vision")).isFalse();
    assertThat(model.publisher()).isNull();
    // The slash is data, not a path separator: it travels percent-encoded in one segment.
    assertGet(take(server), "/api/v0/models/qwen%2Fqwen3-4b", TOKEN);
  }

  @Test
  void modelIdWithSpacesAndReservedCharactersIsPercentEncoded() throws InterruptedException {
    server.enqueue(json("{\"id\":\"my model?#1\",\"state\":\"loaded\"}"));

    assertThat(lms.legacy().model("my model?#1").id()).isEqualTo("my model?#1");

    assertGet(take(server), "/api/v0/models/my%20model%3F%231", TOKEN);
  }

  @Test
  void stateParsingToleratesCaseUnderscoresAndUnknownValues() {
    assertThat(V0Model.State.of("loaded")).isEqualTo(V0Model.State.LOADED);
    assertThat(V0Model.State.of(" LOADED ")).isEqualTo(V0Model.State.LOADED);
    assertThat(V0Model.State.of("not-loaded")).isEqualTo(V0Model.State.NOT_LOADED);
    assertThat(V0Model.State.of("not_loaded")).isEqualTo(V0Model.State.NOT_LOADED);
    assertThat(V0Model.State.of("loading")).isEqualTo(V0Model.State.UNKNOWN);
    assertThat(V0Model.State.of(null)).isEqualTo(V0Model.State.UNKNOWN);
  }

  @Test
  void modelWithAnUnknownStateIsNeitherLoadedNorAnError() throws InterruptedException {
    server.enqueue(json("{\"id\":\"m\",\"state\":\"evicting\"}"));

    V0Model model = lms.legacy().model("m");

    assertThat(model.state()).isEqualTo("evicting");
    assertThat(model.loadState()).isEqualTo(V0Model.State.UNKNOWN);
    assertThat(model.isLoaded()).isFalse();
    take(server);
  }

  @Test
  void unknownModelIdIsModelNotFound() throws InterruptedException {
    server.enqueue(json(404, "{\"error\":\"Model does-not-exist not found\"}"));

    assertThatThrownBy(() -> lms.legacy().model("does-not-exist"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.serverMessage()).isEqualTo("Model does-not-exist not found");
              assertThat(e.getMessage()).doesNotContain(TOKEN);
            });
    assertGet(take(server), "/api/v0/models/does-not-exist", TOKEN);
  }

  @Test
  void notFoundWhoseBodyNeverSaysModelIsStillModelNotFound() throws InterruptedException {
    server.enqueue(
        json(404, "{\"error\":{\"message\":\"Not found\",\"type\":\"invalid_request\"}}"));

    assertThatThrownBy(() -> lms.legacy().model("ghost"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("invalid_request");
              assertThat(e.getMessage()).contains("ghost", "lms.legacy().models()");
            });
    take(server);
  }

  @Test
  void otherHttpErrorsStayHttpErrors() throws InterruptedException {
    server.enqueue(json(400, "{\"error\":\"bad request\"}"));

    assertThatThrownBy(() -> lms.legacy().model("m"))
        .isExactlyInstanceOf(LmStudioHttpException.class);
    take(server);
  }

  @Test
  void anErrorBodyWithStatus200IsAnHttpErrorNotAModel() throws InterruptedException {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (GET /api/v0/models)\"}"));

    assertThatThrownBy(() -> lms.legacy().models())
        .isInstanceOfSatisfying(
            LmStudioHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(200));
    take(server);
  }

  @Test
  void listWithoutDataIsAProtocolError() throws InterruptedException {
    server.enqueue(json("{\"object\":\"list\"}"));

    assertThatThrownBy(() -> lms.legacy().models())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("GET /api/v0/models")
        .hasMessageContaining("data");
    take(server);
  }

  @Test
  void dotSegmentAndBlankIdsAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> lms.legacy().model("..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lms.legacy().model(".")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lms.legacy().model(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lms.legacy().model(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id == null");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void withoutATokenNoAuthorizationHeaderIsSent() throws InterruptedException {
    server.enqueue(json(fixture("legacy/models-docs.json")));

    try (LmStudio anonymous = LegacyTestSupport.client(server, null)) {
      assertThat(anonymous.legacy().models()).hasSize(3);
    }

    assertGet(take(server), "/api/v0/models", null);
  }
}
