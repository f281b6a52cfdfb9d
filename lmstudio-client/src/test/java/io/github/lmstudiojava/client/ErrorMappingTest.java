package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.assertPost;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.closedPortUrl;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import java.net.ConnectException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
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
                assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.REFUSED);
                assertThat(e.getMessage())
                    .contains("LM Studio is not running at " + url)
                    .contains("connection was refused")
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
    assertPost(
        server.takeRequest(),
        LOAD,
        "{\"model\":\"m\",\"context_length\":9999999,\"echo_load_config\":true}",
        null);
  }

  @Test
  void serverErrorWithoutJsonShowsTheBody() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .setHeader("Content-Type", "text/plain")
            .body("Internal Server Error")
            .build());
    server.enqueue(new MockResponse.Builder().code(500).build());

    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage("LM Studio answered 500 to GET " + MODELS + ": Internal Server Error");
    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .hasMessage("LM Studio answered 500 to GET " + MODELS + ".");
    assertGet(server.takeRequest(), MODELS, null);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void aProxysErrorPageKeepsItsStatusWithoutDumpingThePage() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            .build());

    assertThatThrownBy(() -> lms.models().list())
        .isExactlyInstanceOf(LmStudioHttpException.class)
        .satisfies(
            e -> {
              assertThat(((LmStudioHttpException) e).statusCode()).isEqualTo(502);
              assertThat(e.getMessage())
                  .startsWith("LM Studio answered 502 to GET " + MODELS)
                  .contains("a web page, from something in front of LM Studio")
                  .doesNotContain("nginx", "<html");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void aWebPageFromAnotherServerSaysItIsNotLmStudioWithoutDumpingThePage() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .body("<!DOCTYPE html><html><title>Grafana</title><body>secret page</body></html>")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/octet-stream")
            .body("  <html><body>welcome to nginx</body></html>")
            .build());

    for (int status : new int[] {404, 200}) {
      assertThatThrownBy(() -> lms.models().list())
          .isInstanceOfSatisfying(
              LmStudioConnectionException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.NOT_LM_STUDIO);
                assertThat(e.url()).isEqualTo(lms.baseUrl());
                assertThat(e.getMessage())
                    .isEqualTo(
                        "The server at "
                            + lms.baseUrl()
                            + " is not LM Studio: it answered GET "
                            + MODELS
                            + " with a web page (HTTP "
                            + status
                            + "). Point LM_STUDIO_URL (or the builder's baseUrl) at LM Studio's"
                            + " server, which listens on port 1234 by default (Developer tab >"
                            + " Status).");
              });
    }
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
                  .contains("No API token was sent")
                  .contains("LM_API_TOKEN")
                  .contains("0.4.0");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void errorBodyWithStatus200WhenATokenWasSentBlamesOnlyTheVersion() throws Exception {
    try (LmStudio withToken = clientFor(server).apiToken(TOKEN).build()) {
      server.enqueue(json("{\"error\":\"Unexpected endpoint or method. (GET /api/v1/models)\"}"));

      assertThatThrownBy(() -> withToken.models().list())
          .isExactlyInstanceOf(LmStudioHttpException.class)
          .hasMessageContaining("does not serve that endpoint: the native /api/v1 API needs")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("LM_API_TOKEN"));
      assertGet(server.takeRequest(), MODELS, TOKEN);
    }
  }

  @Test
  void invalidApiKeyCodeIsAnAuthenticationErrorWhateverTheStatus() throws Exception {
    String body =
        "{\"error\":{\"type\":\"invalid_request\",\"code\":\"invalid_api_key\","
            + "\"message\":\"An LM Studio API token is required to make requests to this"
            + " server.\"}}";
    server.enqueue(json(400, body));
    server.enqueue(json(body));

    for (int status : new int[] {400, 200}) {
      assertThatThrownBy(() -> lms.models().list())
          .isInstanceOfSatisfying(
              LmStudioAuthenticationException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(status);
                assertThat(e.errorCode()).isEqualTo("invalid_api_key");
                assertThat(e.getMessage())
                    .contains("API token is required")
                    .contains("set LM_API_TOKEN");
              });
    }
    assertGet(server.takeRequest(), MODELS, null);
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void tokenErrorWithStatus200AndNoTokenSentIsAnAuthenticationError() throws Exception {
    server.enqueue(json("{\"error\":\"An LM Studio API token is required.\"}"));

    assertThatThrownBy(() -> lms.models().list())
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(200);
              assertThat(e.getMessage()).contains("set LM_API_TOKEN").doesNotContain("0.4.0");
            });
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void forbiddenWithoutATokenSaysToSetLmApiToken() throws Exception {
    server.enqueue(
        json(
            403,
            "{\"error\":{\"type\":\"forbidden\",\"message\":\"Calling servers from mcp.json"
                + " requires a token with permission\"}}"));

    assertThatThrownBy(() -> lms.chat("m", "hi"))
        .isInstanceOfSatisfying(
            LmStudioAuthenticationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("needs an API token")
                  .contains("set LM_API_TOKEN");
            });
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(sent.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void noModelsLoadedSaysToLoadOneOrEnableJitNotToDownload() throws Exception {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"message\":\"No models loaded. Please load a model in the developer"
                + " page or use the 'lms load' command.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"model\",\"code\":\"model_not_found\"}}"));

    assertThatThrownBy(() -> lms.openai().chatCompletion(ChatCompletionRequest.of("m", "hi")))
        .isInstanceOfSatisfying(
            ModelNotFoundException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("No models loaded")
                    .contains("Load the model first")
                    .contains("just-in-time model loading")
                    .doesNotContain("download"));
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getBody().utf8()).contains("\"model\":\"m\"");
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
                assertThat(e.answerStarted()).isFalse();
                assertThat(e.getMessage())
                    .contains("accepted GET " + MODELS + " but sent nothing back within")
                    .contains("not even the response headers")
                    .contains("(idle timeout)")
                    .contains(server.url("/").toString().replaceAll("/$", ""))
                    .contains("Timeouts")
                    .doesNotContain("silent");
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
            e -> {
              assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.CLOSED);
              assertThat(e.getMessage())
                  .contains(
                      "closed the connection during POST /api/v1/models/unload before answering")
                  .contains("The server is running but dropped the call")
                  .contains("may have crashed or restarted")
                  .doesNotContain("not running");
            });
    assertPost(server.takeRequest(), "/api/v1/models/unload", "{\"instance_id\":\"m\"}", null);
  }
}
