package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LmStudioConfigTest {
  private static final String MODELS = "/api/v1/models";
  private static final String EMPTY_LIST = "{\"models\": []}";

  @StartStop final MockWebServer server = new MockWebServer();

  @BeforeEach
  void failFastWhenTheScriptRunsOut() {
    ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
  }

  @Test
  void createTalksToLocalhostWithoutATokenAndWithDefaults() {
    try (LmStudio lms = LmStudio.create()) {
      assertThat(lms.baseUrl())
          .isEqualTo(LmStudio.DEFAULT_BASE_URL)
          .isEqualTo("http://localhost:1234");
      assertThat(lms.hasApiToken()).isFalse();
      assertThat(lms.timeouts()).isEqualTo(Timeouts.defaults());
    }
  }

  @Test
  void fromEnvReadsTheUrlAndTheToken() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    Map<String, String> env =
        Map.of("LM_STUDIO_URL", server.url("/v1").toString(), "LM_API_TOKEN", TOKEN);

    try (LmStudio lms = LmStudio.fromEnv(env::get).build()) {
      assertThat(lms.baseUrl()).isEqualTo(server.url("/").toString().replaceAll("/$", ""));
      assertThat(lms.hasApiToken()).isTrue();
      lms.models().list();
    }
    assertGet(server.takeRequest(), MODELS, TOKEN);
  }

  @Test
  void fromEnvFallsBackToLmStudioApiKey() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    Map<String, String> env =
        Map.of(
            "LM_STUDIO_URL", server.url("/").toString(),
            "LM_API_TOKEN", "  ",
            "LM_STUDIO_API_KEY", " other-key ");

    try (LmStudio lms = LmStudio.fromEnv(env::get).build()) {
      lms.models().list();
    }
    assertGet(server.takeRequest(), MODELS, "other-key");
  }

  @Test
  void fromEnvPrefersLmApiTokenOverTheFallback() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    Map<String, String> env =
        Map.of(
            "LM_STUDIO_URL",
            server.url("/").toString(),
            "LM_API_TOKEN",
            TOKEN,
            "LM_STUDIO_API_KEY",
            "other-key");

    try (LmStudio lms = LmStudio.fromEnv(env::get).build()) {
      lms.models().list();
    }
    assertGet(server.takeRequest(), MODELS, TOKEN);
  }

  @Test
  void fromEnvIgnoresBlankOrMissingValues() {
    Map<String, String> blank =
        Map.of("LM_STUDIO_URL", " ", "LM_API_TOKEN", "", "LM_STUDIO_API_KEY", "\t");

    try (LmStudio fromBlank = LmStudio.fromEnv(blank::get).build();
        LmStudio fromNothing = LmStudio.fromEnv(name -> null).build()) {
      assertThat(fromBlank.baseUrl()).isEqualTo("http://localhost:1234");
      assertThat(fromBlank.hasApiToken()).isFalse();
      assertThat(fromNothing.baseUrl()).isEqualTo("http://localhost:1234");
      assertThat(fromNothing.hasApiToken()).isFalse();
    }
  }

  @Test
  void fromEnvRefusesABadUrlSayingWhatToPass() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.fromEnv(Map.of("LM_STUDIO_URL", "localhost:1234")::get))
        .withMessageContaining("http://localhost:1234");
  }

  @Test
  void toStringNeverShowsTheToken() {
    try (LmStudio withToken =
            LmStudio.builder().baseUrl("http://gpu-box:1234").apiToken(TOKEN).build();
        LmStudio without = LmStudio.create()) {
      assertThat(withToken.toString())
          .contains("baseUrl=http://gpu-box:1234")
          .contains("apiToken=***")
          .doesNotContain(TOKEN);
      assertThat(without.toString()).contains("apiToken=none");
    }
  }

  @Test
  void blankTokenIsRefusedAndNullMeansNone() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().apiToken(" "))
        .withMessage("apiToken is blank; pass null for no token");
    try (LmStudio lms = LmStudio.builder().apiToken(TOKEN).apiToken(null).build()) {
      assertThat(lms.hasApiToken()).isFalse();
    }
  }

  @Test
  void builderRefusesNullSettings() {
    LmStudio.Builder builder = LmStudio.builder();
    assertThatNullPointerException()
        .isThrownBy(() -> builder.timeouts(null))
        .withMessage("timeouts == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.retryPolicy(null))
        .withMessage("retryPolicy == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.okHttpClient(null))
        .withMessage("okHttpClient == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.sleeper(null))
        .withMessage("sleeper == null");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.connectTimeout(null))
        .withMessage("connect == null");
  }

  @Test
  void connectTimeoutChangesOnlyTheConnectLimit() {
    try (LmStudio lms = LmStudio.builder().connectTimeout(Duration.ofSeconds(3)).build()) {
      assertThat(lms.timeouts()).isEqualTo(Timeouts.defaults().withConnect(Duration.ofSeconds(3)));
      assertThat(lms.transport().http().connectTimeoutMillis()).isEqualTo(3_000);
    }
  }

  @Test
  void newBuilderSharesTheConnectionPoolAndKeepsTheSettings() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    server.enqueue(json(EMPTY_LIST));
    Timeouts timeouts = Timeouts.defaults().withIdle(Duration.ofSeconds(7));
    try (LmStudio original = clientFor(server).apiToken(TOKEN).timeouts(timeouts).build();
        LmStudio derived = original.newBuilder().build()) {
      OkHttpClient a = original.transport().http();
      OkHttpClient b = derived.transport().http();
      assertThat(b.connectionPool()).isSameAs(a.connectionPool());
      assertThat(b.dispatcher()).isSameAs(a.dispatcher());
      // Nothing of OkHttp's settings differs: the client is not copied and built again.
      assertThat(b).isSameAs(a);
      assertThat(derived.baseUrl()).isEqualTo(original.baseUrl());
      assertThat(derived.timeouts()).isEqualTo(timeouts);
      assertThat(derived.hasApiToken()).isTrue();

      original.models().list();
      derived.models().list();
    }
    assertGet(server.takeRequest(), MODELS, TOKEN);
    assertGet(server.takeRequest(), MODELS, TOKEN);
  }

  @Test
  void newBuilderCanChangeSettingsForTheVariant() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    try (LmStudio original = clientFor(server).apiToken(TOKEN).build();
        LmStudio derived =
            original.newBuilder().apiToken(null).connectTimeout(Duration.ofSeconds(1)).build()) {
      derived.models().list();

      assertThat(original.hasApiToken()).isTrue();
      assertThat(original.timeouts()).isEqualTo(Timeouts.defaults());
      assertThat(derived.transport().http()).isNotSameAs(original.transport().http());
      assertThat(derived.transport().http().connectTimeoutMillis()).isEqualTo(1_000);
      assertThat(original.transport().http().connectTimeoutMillis()).isEqualTo(10_000);
    }
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void newBuilderCanPointTheVariantAtAnotherServer() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(json(EMPTY_LIST));
      try (LmStudio original = clientFor(server).build();
          LmStudio derived = original.newBuilder().baseUrl(other.url("/").toString()).build()) {
        derived.models().list();

        assertThat(derived.baseUrl()).isEqualTo(other.url("/").toString().replaceAll("/$", ""));
        assertThat(original.baseUrl()).isEqualTo(server.url("/").toString().replaceAll("/$", ""));
      }
      assertGet(other.takeRequest(), MODELS, null);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void closingADerivedClientLeavesTheOriginalWorking() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    try (LmStudio original = clientFor(server).build()) {
      LmStudio derived = original.newBuilder().build();
      derived.close();

      assertThatIllegalStateException().isThrownBy(derived::models);
      assertThat(original.transport().http().dispatcher().executorService().isShutdown()).isFalse();
      assertThat(original.models().list()).isEmpty();
    }
    assertGet(server.takeRequest(), MODELS, null);
  }

  @Test
  void closingTheOriginalReleasesTheSharedThreads() {
    LmStudio original = clientFor(server).build();
    LmStudio derived = original.newBuilder().build();

    original.close();

    assertThat(derived.transport().http().dispatcher().executorService().isShutdown()).isTrue();
    derived.close();
  }

  @Test
  void callerSuppliedHttpClientSeesTheRequestsAndIsNotShutDown() throws Exception {
    server.enqueue(json(EMPTY_LIST));
    server.enqueue(json("{}"));
    List<Request> seen = new CopyOnWriteArrayList<>();
    OkHttpClient caller =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(chain.request());
                  return chain.proceed(chain.request());
                })
            .build();
    try {
      try (LmStudio lms = clientFor(server).okHttpClient(caller).apiToken(TOKEN).build()) {
        lms.models().list();
      }

      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).url().encodedPath()).isEqualTo(MODELS);
      assertThat(seen.get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(caller.dispatcher().executorService().isShutdown()).isFalse();
      try (Response response =
          caller.newCall(new Request.Builder().url(server.url("/still-open")).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
    } finally {
      caller.dispatcher().executorService().shutdown();
      caller.connectionPool().evictAll();
    }
    assertGet(server.takeRequest(), MODELS, TOKEN);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/still-open");
  }

  @Test
  void callsAfterCloseAreRefused() {
    LmStudio lms = clientFor(server).build();
    Models models = lms.models();

    lms.close();
    lms.close();

    assertThatIllegalStateException()
        .isThrownBy(lms::models)
        .withMessage("this LmStudio client is closed");
    assertThatIllegalStateException().isThrownBy(models::list);
    assertThatIllegalStateException().isThrownBy(() -> models.load("m"));
    assertThatIllegalStateException().isThrownBy(() -> lms.chat("m", "hi"));
    assertThatIllegalStateException().isThrownBy(() -> lms.streamChat(ChatRequest.of("m", "hi")));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closeCancelsACallInFlightWithoutRetryingIt() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    LmStudio lms = clientFor(server).build();
    CompletableFuture<List<Model>> listing = CompletableFuture.supplyAsync(lms.models()::list);

    assertGet(server.takeRequest(5, TimeUnit.SECONDS), MODELS, null);
    lms.close();

    assertThatThrownBy(() -> listing.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isExactlyInstanceOf(LmStudioException.class)
        .hasMessage("GET /api/v1/models was cancelled because the LmStudio client was closed.");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aUserAndPasswordInTheBaseUrlAreNeverShown() throws Exception {
    try (LmStudio lms =
        LmStudio.builder()
            .baseUrl(ClientTestSupport.closedPortUrl().replace("http://", "http://admin:hunter2@"))
            .retryPolicy(RetryPolicy.none())
            .build()) {
      assertThat(lms.toString()).doesNotContain("hunter2", "admin").contains("http://***@");
      assertThat(lms.baseUrl()).doesNotContain("hunter2", "admin").startsWith("http://***@");
      assertThatThrownBy(() -> lms.models().list())
          .isInstanceOf(LmStudioConnectionException.class)
          .satisfies(
              e -> {
                assertThat(e.getMessage()).doesNotContain("hunter2", "admin").contains("***@");
                assertThat(((LmStudioConnectionException) e).url()).doesNotContain("hunter2");
              });
    }
  }
}
