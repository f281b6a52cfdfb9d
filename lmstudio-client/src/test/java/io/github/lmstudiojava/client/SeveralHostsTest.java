package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.TOKEN;
import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.closedPortUrl;
import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client of two LM Studio servers: merged lists, routing, per-host tokens, hosts that fail. */
class SeveralHostsTest {
  private static final String MODELS = "/api/v1/models";
  private static final String CHAT = "/api/v1/chat";

  @StartStop final MockWebServer desk = new MockWebServer();
  @StartStop final MockWebServer gpu = new MockWebServer();

  @BeforeEach
  void failFastWhenTheScriptRunsOut() {
    ((QueueDispatcher) desk.getDispatcher()).setFailFast(true);
    ((QueueDispatcher) gpu.getDispatcher()).setFailFast(true);
  }

  private String url(MockWebServer server) {
    return server.url("/").toString().replaceAll("/$", "");
  }

  /** A model list with one LLM, loaded as its own key when {@code loaded}. */
  private static MockResponse list(String key, boolean loaded) {
    String instances =
        loaded
            ? "[{\"id\": \"" + key + "\", \"config\": {\"context_length\": 4096, \"parallel\": 4}}]"
            : "[]";
    return json(
        "{\"models\": [{\"type\": \"llm\", \"publisher\": \"p\", \"key\": \""
            + key
            + "\", \"display_name\": \"M\", \"loaded_instances\": "
            + instances
            + "}]}");
  }

  private LmStudio.Builder both() {
    return LmStudio.builder().baseUrls(url(desk), url(gpu) + "/v1");
  }

  @Test
  void theListHoldsBothCataloguesEachModelAndInstanceNamingItsHost() throws Exception {
    desk.enqueue(list("qwen/qwen3-4b", true));
    gpu.enqueue(list("openai/gpt-oss-20b", false));

    try (LmStudio lms = both().apiToken(TOKEN).apiToken(url(gpu), "gpu-token").build()) {
      List<Model> models = lms.models().list();

      assertThat(models)
          .extracting(Model::key)
          .containsExactly("qwen/qwen3-4b", "openai/gpt-oss-20b");
      assertThat(models).extracting(Model::host).containsExactly(url(desk), url(gpu));
      assertThat(models.get(0).loadedInstances().get(0).host()).isEqualTo(url(desk));
      assertThat(lms.baseUrls()).containsExactly(url(desk), url(gpu));
      assertThat(lms.baseUrl()).isEqualTo(url(desk));
    }
    assertGet(desk.takeRequest(), MODELS, TOKEN);
    assertGet(gpu.takeRequest(), MODELS, "gpu-token");
  }

  @Test
  void aChatGoesToTheHostThatHasTheModelLoadedRatherThanOneThatHasItOnDisk() throws Exception {
    desk.enqueue(list("qwen/qwen3-4b", false));
    gpu.enqueue(list("qwen/qwen3-4b", true));
    gpu.enqueue(json(fixture("chat/stateful-response-docs.json")));

    try (LmStudio lms = both().apiToken(url(desk), TOKEN).build()) {
      assertThat(lms.chat("qwen/qwen3-4b", "Hi").text()).startsWith("That's great!");
    }

    assertGet(desk.takeRequest(), MODELS, TOKEN);
    assertThat(desk.getRequestCount()).isEqualTo(1);
    assertGet(gpu.takeRequest(), MODELS, null);
    RecordedRequest chat = gpu.takeRequest();
    assertThat(chat.getMethod()).isEqualTo("POST");
    assertThat(chat.getUrl().encodedPath()).isEqualTo(CHAT);
    assertThat(chat.getHeaders().get("Authorization")).isNull();
    assertThat(chat.getBody().utf8()).isEqualTo("{\"model\":\"qwen/qwen3-4b\",\"input\":\"Hi\"}");
  }

  @Test
  void theFirstHostWinsATieAndAModelNoHostHasGoesToTheFirstToBeRefusedThere() throws Exception {
    desk.enqueue(list("qwen/qwen3-4b", false));
    gpu.enqueue(list("qwen/qwen3-4b", false));
    desk.enqueue(json(fixture("chat/stateful-response-docs.json")));
    // Read within 2 s of the first: the lists are not asked for again.
    desk.enqueue(
        json(
            404,
            "{\"error\": {\"type\": \"model_not_found\", \"message\": \"Model not found: nope\"}}"));

    try (LmStudio lms = both().build()) {
      lms.chat("qwen/qwen3-4b", "Hi");
      // Errors of a client of several hosts say which host answered.
      assertThatThrownBy(() -> lms.chat("nope", "Hi"))
          .isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining("POST " + url(desk) + CHAT);
    }

    assertGet(desk.takeRequest(), MODELS, null);
    assertThat(desk.takeRequest().getUrl().encodedPath()).isEqualTo(CHAT);
    RecordedRequest refused = desk.takeRequest();
    assertThat(refused.getUrl().encodedPath()).isEqualTo(CHAT);
    assertThat(refused.getBody().utf8()).contains("\"model\":\"nope\"");
    assertThat(gpu.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aHostThatRefusesConnectionsIsSkippedForListsAndChats() throws Exception {
    String down = closedPortUrl();
    gpu.enqueue(list("qwen/qwen3-4b", true));
    gpu.enqueue(json(fixture("chat/stateful-response-docs.json")));
    gpu.enqueue(list("qwen/qwen3-4b", true));

    try (LmStudio lms = LmStudio.builder().baseUrls(down, url(gpu)).build()) {
      lms.chat("qwen/qwen3-4b", "Hi");
      // In back-off: the list does not wait for the host that is down.
      assertThat(lms.models().list()).extracting(Model::host).containsExactly(url(gpu));
    }

    assertGet(gpu.takeRequest(), MODELS, null);
    assertThat(gpu.takeRequest().getUrl().encodedPath()).isEqualTo(CHAT);
    assertGet(gpu.takeRequest(), MODELS, null);
  }

  @Test
  void aChatWhoseHostStopsAcceptingConnectionsGoesToTheNextHostThatHasTheModel() throws Exception {
    String models =
        "{\"models\": [{\"type\": \"llm\", \"publisher\": \"p\", \"key\": \"qwen/qwen3-4b\","
            + " \"loaded_instances\": [{\"id\": \"qwen/qwen3-4b\"}]}]}";
    List<Socket> backlog = new ArrayList<>();
    try (ServerSocket laptop = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // The laptop answers its model list once, by hand, then goes to sleep: it accepts nothing
      // more, and with its backlog full new connections time out.
      CompletableFuture<String> listed =
          CompletableFuture.supplyAsync(() -> answerOnce(laptop, models));
      gpu.enqueue(list("qwen/qwen3-4b", true));
      gpu.enqueue(json(fixture("chat/stateful-response-docs.json")));
      String sleepy = "http://127.0.0.1:" + laptop.getLocalPort();

      try (LmStudio lms =
          LmStudio.builder()
              .baseUrls(sleepy, url(gpu))
              .connectTimeout(Duration.ofMillis(300))
              .build()) {
        assertThat(lms.models().list()).extracting(Model::host).containsExactly(sleepy, url(gpu));
        assertThat(listed.get(5, TimeUnit.SECONDS)).startsWith("GET /api/v1/models ");
        for (int i = 0; i < 4; i++) {
          Socket s = new Socket();
          try {
            s.connect(laptop.getLocalSocketAddress(), 200);
            backlog.add(s);
          } catch (SocketTimeoutException full) {
            s.close();
          }
        }

        assertThat(lms.chat("qwen/qwen3-4b", "Hi").text()).startsWith("That's great!");
      }
    } finally {
      for (Socket s : backlog) {
        s.close();
      }
    }
    assertGet(gpu.takeRequest(), MODELS, null);
    assertThat(gpu.takeRequest().getUrl().encodedPath()).isEqualTo(CHAT);
  }

  /** Accepts one connection, answers its request with a JSON body, and returns the request line. */
  private static String answerOnce(ServerSocket server, String json) {
    try (Socket socket = server.accept()) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String requestLine = in.readLine();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        // the headers: a GET has no body
      }
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return requestLine;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void whenNoHostAnswersTheFirstHostsFailureIsThrownWithTheOthersSuppressed() {
    String first = closedPortUrl();
    String second = closedPortUrl();

    try (LmStudio lms = LmStudio.builder().baseUrls(first, second).build()) {
      assertThatThrownBy(() -> lms.models().list())
          .isInstanceOfSatisfying(
              LmStudioConnectionException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.REFUSED);
                assertThat(e.getMessage()).contains(first);
                assertThat(e.getSuppressed()).singleElement().asString().contains(second);
              });
    }
  }

  @Test
  void aChatWhoseHostDropsTheConnectionAfterTheRequestIsNeverSentToTheOtherHost() throws Exception {
    desk.enqueue(list("qwen/qwen3-4b", true));
    gpu.enqueue(list("qwen/qwen3-4b", true));
    desk.enqueue(
        new MockResponse.Builder()
            .onResponseStart(new SocketEffect.CloseSocket(true, true, true))
            .build());

    try (LmStudio lms = both().build()) {
      assertThatThrownBy(() -> lms.chat("qwen/qwen3-4b", "Hi"))
          .isInstanceOfSatisfying(
              LmStudioConnectionException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(LmStudioConnectionException.Reason.CLOSED);
                assertThat(e.getMessage()).contains(url(desk));
              });
    }

    assertGet(desk.takeRequest(), MODELS, null);
    assertThat(desk.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo(CHAT);
    assertGet(gpu.takeRequest(), MODELS, null);
    assertThat(gpu.getRequestCount()).isEqualTo(1);
  }

  @Test
  void loadGoesToTheHostThatHasTheModelAndSaysWhich() throws Exception {
    desk.enqueue(list("qwen/qwen3-4b", false));
    gpu.enqueue(list("openai/gpt-oss-20b", false));
    gpu.enqueue(
        json(
            "{\"type\": \"llm\", \"instance_id\": \"openai/gpt-oss-20b\","
                + " \"load_time_seconds\": 3.5, \"status\": \"loaded\"}"));

    try (LmStudio lms = both().build()) {
      LoadResult result = lms.models().load("openai/gpt-oss-20b");

      assertThat(result.host()).isEqualTo(url(gpu));
      assertThat(result.instanceId()).isEqualTo("openai/gpt-oss-20b");
    }
    assertGet(gpu.takeRequest(), MODELS, null);
    RecordedRequest load = gpu.takeRequest();
    assertThat(load.getUrl().encodedPath()).isEqualTo(MODELS + "/load");
    assertThat(load.getBody().utf8()).isEqualTo("{\"model\":\"openai/gpt-oss-20b\"}");
    assertThat(desk.getRequestCount()).isEqualTo(1);
  }

  @Test
  void hostReachesOneServerByItsUrlAndRefusesOneThatIsNotAHost() throws Exception {
    gpu.enqueue(list("openai/gpt-oss-20b", false));

    try (LmStudio lms = both().build()) {
      LmStudio gpuOnly = lms.host(url(gpu) + "/");

      assertThat(gpuOnly.baseUrl()).isEqualTo(url(gpu));
      assertThat(gpuOnly.models().list()).extracting(Model::host).containsExactly(url(gpu));
      assertThat(lms.hosts()).hasSize(2).element(1).isSameAs(gpuOnly);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> lms.host("http://elsewhere:1234"))
          .withMessageContaining("not a host of this client")
          .withMessageContaining(url(desk));
    }
    assertGet(gpu.takeRequest(), MODELS, null);
    assertThat(desk.getRequestCount()).isZero();
    try (LmStudio one = LmStudio.builder().baseUrl(url(desk)).build()) {
      assertThat(one.hosts()).containsExactly(one);
      assertThat(one.baseUrls()).containsExactly(url(desk));
    }
  }

  @Test
  void toStringNamesTheHostsAndWhichHaveATokenButNeverTheTokens() {
    try (LmStudio lms = both().apiToken(url(gpu), "secret-gpu-token").build()) {
      assertThat(lms.toString())
          .contains(url(desk) + ", " + url(gpu) + " (apiToken=***)")
          .doesNotContain("secret-gpu-token");
      assertThat(lms.hasApiToken()).isTrue();
      assertThat(lms.host(url(desk)).hasApiToken()).isFalse();
    }
  }

  @Test
  void theBuilderRefusesNoUrlsTheSameServerTwiceAndATokenForAnotherServer() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrls(List.of()))
        .withMessageContaining("at least one");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrls(url(desk), url(desk) + "/v1"))
        .withMessageContaining("twice");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrls(url(desk), "not a url"))
        .withMessageContaining("not an http(s) URL");
    assertThatIllegalStateException()
        .isThrownBy(() -> both().apiToken("http://elsewhere:1234", "t").build())
        .withMessageContaining("http://elsewhere:1234/")
        .withMessageContaining("not one of the baseUrls");
  }

  @Test
  void fromEnvReadsSeveralUrlsAndOneTokenForAllOrOnePerUrl() throws Exception {
    String urls = url(desk) + ", " + url(gpu);
    desk.enqueue(list("a", false));
    gpu.enqueue(list("b", false));
    try (LmStudio lms =
        LmStudio.fromEnv(Map.of("LM_STUDIO_URL", urls, "LM_API_TOKEN", "shared")::get).build()) {
      assertThat(lms.baseUrls()).containsExactly(url(desk), url(gpu));
      lms.models().list();
    }
    assertGet(desk.takeRequest(), MODELS, "shared");
    assertGet(gpu.takeRequest(), MODELS, "shared");

    desk.enqueue(list("a", false));
    gpu.enqueue(list("b", false));
    try (LmStudio lms =
        LmStudio.fromEnv(Map.of("LM_STUDIO_URL", urls, "LM_API_TOKEN", " ,gpu-only")::get)
            .build()) {
      lms.models().list();
    }
    assertGet(desk.takeRequest(), MODELS, null);
    assertGet(gpu.takeRequest(), MODELS, "gpu-only");

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> LmStudio.fromEnv(Map.of("LM_STUDIO_URL", urls, "LM_API_TOKEN", "a,b,c")::get))
        .withMessage(
            "LM_API_TOKEN has 3 comma-separated tokens for 2 URLs in LM_STUDIO_URL: give one token"
                + " for all, or one per URL in order");
  }

  @Test
  void derivedClientsKeepEveryHostAndItsToken() throws Exception {
    desk.enqueue(list("a", false));
    gpu.enqueue(list("b", false));
    try (LmStudio lms = both().apiToken(url(gpu), "gpu-token").build();
        LmStudio derived = lms.newBuilder().build()) {
      assertThat(derived.baseUrls()).isEqualTo(lms.baseUrls());
      derived.models().list();
    }
    assertGet(desk.takeRequest(), MODELS, null);
    assertGet(gpu.takeRequest(), MODELS, "gpu-token");
  }
}
