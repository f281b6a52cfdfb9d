package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @ParameterizedTest
  @CsvSource({
    "http://localhost:1234, http://localhost:1234",
    "http://localhost:1234/, http://localhost:1234",
    "http://localhost:1234//, http://localhost:1234",
    "'  http://localhost:1234  ', http://localhost:1234",
    "http://localhost:1234/v1, http://localhost:1234",
    "http://localhost:1234/v1/, http://localhost:1234",
    "http://localhost:1234/api/v1, http://localhost:1234",
    "http://localhost:1234/api/v1/, http://localhost:1234",
    "http://localhost:1234/api/v0, http://localhost:1234",
    "http://localhost:1234/API/V1, http://localhost:1234",
    "https://gpu-box.lan:8443, https://gpu-box.lan:8443",
    "http://gpu-box:8080/lmstudio, http://gpu-box:8080/lmstudio",
    "http://gpu-box:8080/lmstudio/, http://gpu-box:8080/lmstudio",
    "http://gpu-box:8080/lmstudio/v1, http://gpu-box:8080/lmstudio",
    "http://gpu-box:8080/lmstudio/api/v1/, http://gpu-box:8080/lmstudio",
    "http://gpu-box:8080/myv1, http://gpu-box:8080/myv1",
  })
  void baseUrlIsReducedToTheServerRoot(String given, String expected) {
    try (LmStudio lms = LmStudio.builder().baseUrl(given).build()) {
      assertThat(lms.baseUrl()).isEqualTo(expected);
    }
  }

  @Test
  void requestsGoUnderAPathPrefixWithTheApiPathAddedOnce() throws Exception {
    server.enqueue(json("{\"models\": []}"));
    String url = server.url("/proxy/lm/api/v1/").toString();

    try (LmStudio lms = LmStudio.builder().baseUrl(url).build()) {
      lms.models().list();

      assertThat(lms.baseUrl()).isEqualTo(server.url("/proxy/lm").toString());
    }
    assertGet(server.takeRequest(), "/proxy/lm/api/v1/models", null);
  }

  @Test
  void aPlainHttpClientReportsARedirectToHttpsInsteadOfFollowingIt() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(301)
            .addHeader("Location", "https://user:secret@lmstudio.example/api/v1/models?x=1")
            .build());

    try (LmStudio lms = LmStudio.builder().baseUrl(server.url("/").toString()).build()) {
      assertThatThrownBy(() -> lms.models().list())
          .isInstanceOf(LmStudioException.class)
          .hasMessage(
              "LM Studio answered 301 to GET /api/v1/models; expected 2xx. It points to"
                  + " https://lmstudio.example/api/v1/models; if LM Studio is there, change the"
                  + " base URL to match.");
    }
    assertGet(server.takeRequest(), "/api/v1/models", null);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:1234", "not a url", "ftp://localhost:1234", "", "http://"})
  void somethingThatIsNotAnHttpUrlIsRefusedWithWhatToPass(String given) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrl(given))
        .withMessageContaining("not an http(s) URL")
        .withMessageContaining("pass something like http://localhost:1234");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:1234?token=abc",
        "http://localhost:1234/?x=1",
        "http://localhost:1234/#models",
        "http://localhost:1234/v1?"
      })
  void queryOrFragmentIsRefusedWithWhatToPass(String given) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrl(given))
        .withMessage(
            "baseUrl must not have a query or fragment: pass the server root, such as"
                + " http://localhost:1234");
  }

  @Test
  void refusedQueryNeverEchoesItsValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LmStudio.builder().baseUrl("http://localhost:1234/?api_key=secret"))
        .withMessageNotContaining("secret");
  }

  @Test
  void nullBaseUrlIsRefused() {
    assertThatNullPointerException()
        .isThrownBy(() -> LmStudio.builder().baseUrl(null))
        .withMessage("baseUrl == null");
  }
}
