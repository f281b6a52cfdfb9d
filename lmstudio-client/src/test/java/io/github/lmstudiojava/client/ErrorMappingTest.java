package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.closedPortUrl;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  private static final String MODELS = "/api/v1/models";
  private static final String LOAD = "/api/v1/models/load";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void setUp() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
    lms = clientFor(server).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void tearDown() {
    lms.close();
  }

  @Test
  void connectionRefusedNamesTheUrlAndHowToStartTheServer() {
    String url = closedPortUrl();
    try (LmStudio offline =
        LmStudio.builder().baseUrl(url).retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> offline.models().list())
          .isInstanceOfSatisfying(
              LmStudioConnectionException.class,
              e -> {
                assertThat(e.url()).isEqualTo(url);
                assertThat(e.getMessage())
                    .contains("Cannot reach LM Studio at " + url)
                    .contains("lms server start")
                    .contains("LM_STUDIO_URL");
              })
          .hasCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void unauthorizedWithoutATokenSaysToSetLmApiToken() throws Exception {
    server.enqueue(
        json(401, "{\"error\": {\"type\": \"unauthorized\", \"message\": \"Missing token\"}}"));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(401);
              assertThat(e.errorType()).isEqualTo("unauthorized");
              assertThat(e.serverMessage()).isEqualTo("Missing token");
              assertThat(e.getMessage())
                  .startsWith("LM Studio answered 401 to GET " + MODELS + ": Missing token")
                  .contains("set LM_API_TOKEN")
                  .contains("apiToken(...)");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void unauthorizedWithATokenSaysItWasRejectedWithoutShowingIt() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(json(401, "{\"error\": \"Invalid token\"}"));

      assertThatThrownBy(() -> withToken.models().load("qwen/qwen3-4b"))
          .isInstanceOfSatisfying(
              LmStudioAuthenticationException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(401);
                assertThat(e.serverMessage()).isEqualTo("Invalid token");
                assertThat(e.getMessage()).contains("rejected").contains("LM_API_TOKEN");
                assertThat(e.getMessage()).doesNotContain(TOKEN);
                assertThat(e.toString()).doesNotContain(TOKEN);
              });
      assertPost(server.takeRequest(), LOAD, "{\"model\":\"qwen/qwen3-4b\"}", TOKEN);
    }
  }

  @Test
  void forbiddenIsAnAuthenticationErrorAboutPermissions() throws Exception {
    server.enqueue(
        json(
            403,
            "{\"error\": {\"type\": \"forbidden\", \"message\": \"Token lacks permission\","
                + " \"code\": \"insufficient_permissions\"}}"));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.errorCode()).isEqualTo("insufficient_permissions");
              assertThat(e.getMessage())
                  .contains("403")
                  .contains("Token lacks permission")
                  .contains("permission")
                  .contains("Server Settings");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void unknownModelOnLoadIsModelNotFoundWithLmStudiosErrorFields() throws Exception {
    server.enqueue(
        json(
            404,
            """
            {"error": {"type": "model_not_found", "message": "Model 'nobody/nothing' not found",
                       "code": "model_not_found", "param": "model"}}
            """));

    assertThatThrownBy(() -> lms.models().load("nobody/nothing"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.errorType()).isEqualTo("model_not_found");
              assertThat(e.errorCode()).isEqualTo("model_not_found");
              assertThat(e.param()).isEqualTo("model");
              assertThat(e.serverMessage()).isEqualTo("Model 'nobody/nothing' not found");
              assertThat(e.getMessage())
                  .contains("404")
                  .contains("POST " + LOAD)
                  .contains("Model 'nobody/nothing' not found")
                  .contains("lms.models().list()")
                  .contains("download");
            });
    assertPost(server.takeRequest(), LOAD, "{\"model\":\"nobody/nothing\"}", null);
  }

  @Test
  void notFoundWithAPlainMessageAboutAModelIsModelNotFound() throws Exception {
    server.enqueue(json(404, "{\"error\": \"No model instance with id 'x'\"}"));

    assertThatThrownBy(() -> lms.models().unload("x"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.errorType()).isNull();
              assertThat(e.serverMessage()).isEqualTo("No model instance with id 'x'");
            });
    assertPost(server.takeRequest(), "/api/v1/models/unload", "{\"instance_id\":\"x\"}", null);
  }

  @Test
  void openAiShapedErrorWhoseCodeIsModelNotFoundIsModelNotFoundWhateverTheStatus()
      throws Exception {
    server.enqueue(
        json(
            400,
            """
            {"error": {"message": "Model \\"nobody/nothing\\" not found.",
                       "type": "invalid_request_error", "param": "model",
                       "code": "model_not_found"}}
            """));

    assertThatThrownBy(() -> lms.models().load("nobody/nothing"))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.errorType()).isEqualTo("invalid_request_error");
              assertThat(e.errorCode()).isEqualTo("model_not_found");
              assertThat(e.serverMessage()).isEqualTo("Model \"nobody/nothing\" not found.");
            });
    assertPost(server.takeRequest(), LOAD, "{\"model\":\"nobody/nothing\"}", null);
  }

  @Test
  void badRequestCarriesLmStudiosErrorObject() throws Exception {
    server.enqueue(
        json(
            400,
            """
            {"error": {"type": "invalid_request", "message": "\\"context_length\\" is too large",
                       "code": "too_big", "param": "context_length"}}
            """));

    assertThatThrownBy(
            () -> lms.models().load(LoadRequest.builder("m").contextLength(9_999_999).build()))
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage("LM Studio answered 400 to POST " + LOAD + ": \"context_length\" is too large")
        .satisfies(
            e -> {
              LmStudioHttpException http = (LmStudioHttpException) e;
              assertThat(http.statusCode()).isEqualTo(400);
              assertThat(http.errorType()).isEqualTo("invalid_request");
              assertThat(http.errorCode()).isEqualTo("too_big");
              assertThat(http.param()).isEqualTo("context_length");
              assertThat(http.serverMessage()).isEqualTo("\"context_length\" is too large");
            });
    assertPost(server.takeRequest(), LOAD, "{\"model\":\"m\",\"context_length\":9999999}", null);
  }

  @Test
  void serverErrorWithoutJsonShowsTheBody() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .setHeader("Content-Type", "text/html")
            .body("<html>Internal Server Error</html>")
            .build());
    server.enqueue(new MockResponse.Builder().code(500).build());

    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage(
            "LM Studio answered 500 to GET " + MODELS + ": <html>Internal Server Error</html>");
    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage("LM Studio answered 500 to GET " + MODELS + ".");
    assertGet(server.takeRequest(), MODELS, null);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void errorBodyWithStatus200IsAnHttpErrorNotAResult() throws Exception {
    server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (GET /api/v1/models)\"}"));

    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            e -> {
              LmStudioHttpException http = (LmStudioHttpException) e;
              assertThat(http.statusCode()).isEqualTo(200);
              assertThat(http.serverMessage())
                  .isEqualTo("Unexpected endpoint or method. (GET /api/v1/models)");
              assertThat(http.errorType()).isNull();
              assertThat(http.getMessage())
                  .contains("Unexpected endpoint or method")
                  .contains("0.4.0");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void malformedJsonIsAProtocolError() throws Exception {
    server.enqueue(json("{\"models\": [{\"key\": "));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageStartingWith("Could not read LM Studio's answer to GET " + MODELS)
        .hasCauseInstanceOf(java.io.IOException.class);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void aValueARecordRefusesIsAProtocolErrorNotAnAssertionError() throws Exception {
    server.enqueue(
        json(
            "{\"models\":[{\"type\":\"llm\",\"key\":\"m\",\"capabilities\":"
                + "{\"reasoning\":{\"allowed_options\":[\"low\",null]}}}]}"));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("unusable value at $.models[0].capabilities.reasoning");
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void bodyWithoutModelsIsAProtocolError() throws Exception {
    server.enqueue(json("{\"data\": []}"));
    server.enqueue(json("{\"models\": {\"key\": \"m\"}}"));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("GET " + MODELS)
        .hasMessageContaining("\"models\"");
    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("GET " + MODELS);
    assertGet(server.takeRequest(), MODELS, null);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void serverThatNeverAnswersTimesOutAndTheClientStillWorksAfterwards() throws Exception {
    Duration idle = Duration.ofMillis(300);
    try (LmStudio quick = clientFor(server).timeouts(Timeouts.defaults().withIdle(idle)).build()) {
      server.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      server.enqueue(json("{\"models\": []}"));

      assertThatThrownBy(() -> quick.models().list())
          .isInstanceOfSatisfying(
              LmStudioTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(LmStudioTimeoutException.Kind.IDLE);
                assertThat(e.limit()).isEqualTo(idle);
                assertThat(e.partialResult()).isNull();
                assertThat(e.getMessage())
                    .contains("GET " + MODELS)
                    .contains(server.url("/").toString().replaceAll("/$", ""))
                    .contains("Timeouts");
              });
      assertThat(quick.models().list()).isEmpty();
    }
    assertGet(server.takeRequest(), MODELS, null);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void connectionDroppedBeforeTheAnswerIsAConnectionError() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(new SocketEffect.CloseSocket(true, true, true))
            .build());

    assertThatThrownBy(() -> lms.models().unload("m"))
        .isInstanceOfSatisfying(
            LmStudioConnectionException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("Lost the connection to LM Studio")
                    .contains("POST /api/v1/models/unload"));
    assertPost(server.takeRequest(), "/api/v1/models/unload", "{\"instance_id\":\"m\"}", null);
  }
}
