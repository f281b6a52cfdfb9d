package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.ChatEvent;
import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LoadRequest;
import io.github.lmstudiojava.client.LoadResult;
import io.github.lmstudiojava.client.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client of two strict fakes: one a desktop with small models, one a GPU box with the model
 * loaded; neither holds the fake's default catalogue.
 */
class SeveralHostsTest {
  private static final String CODER = "team/coder-7b";
  private static final String BIG = "team/big-70b";
  private static final String GPU_TOKEN = "gpu-box-token";

  private final List<FakeLmStudio> fakes = new ArrayList<>();

  @AfterEach
  void close() {
    fakes.forEach(FakeLmStudio::close);
  }

  private FakeLmStudio desk(Duration tokenDelay) {
    FakeLmStudio fake =
        FakeLmStudio.builder()
            .models(FakeModel.llm(CODER).loaded(true).build(), FakeModel.llm("team/small").build())
            .tokenDelay(tokenDelay)
            .start();
    fakes.add(fake);
    return fake;
  }

  private FakeLmStudio gpu(int port) {
    FakeLmStudio fake =
        FakeLmStudio.builder()
            .listenOn("localhost", port)
            .apiToken(GPU_TOKEN)
            .models(FakeModel.llm(CODER).loaded(true).build(), FakeModel.llm(BIG).build())
            .start();
    fakes.add(fake);
    return fake;
  }

  private static long chats(FakeLmStudio fake) {
    return fake.requests().stream().filter(r -> r.line().equals("POST /api/v1/chat")).count();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theListMergesBothHostsAndAChatGoesToTheHostThatHasItsModel() {
    FakeLmStudio desk = desk(Duration.ZERO);
    FakeLmStudio gpu = gpu(0);
    try (LmStudio lms =
        LmStudio.builder().baseUrls(desk.url(), gpu.url()).apiToken(gpu.url(), GPU_TOKEN).build()) {
      List<Model> models = lms.models().list();

      assertThat(models)
          .extracting(m -> m.key() + "@" + m.host())
          .containsExactly(
              CODER + "@" + desk.url(),
              "team/small@" + desk.url(),
              CODER + "@" + gpu.url(),
              BIG + "@" + gpu.url());
      assertThat(lms.chat(BIG, "hello there").text()).isEqualTo("You said: hello there");
      // Loaded on both: the first host wins.
      assertThat(lms.chat(CODER, "hi").text()).isEqualTo("You said: hi");
    }
    assertThat(gpu.lastRequest().line()).isEqualTo("POST /api/v1/chat");
    assertThat(gpu.lastRequest().json()).containsEntry("model", BIG);
    assertThat(gpu.lastRequest().header("Authorization")).isEqualTo("Bearer " + GPU_TOKEN);
    assertThat(chats(gpu)).isEqualTo(1);
    assertThat(desk.lastRequest().json()).containsEntry("model", CODER);
    assertThat(desk.lastRequest().header("Authorization")).isNull();
    assertThat(chats(desk)).isEqualTo(1);
  }

  @Test
  void aHostAsleepAtStartRejoinsOnceItWakes() throws Exception {
    FakeLmStudio desk = desk(Duration.ZERO);
    int port = freePort();
    String gpuUrl = "http://localhost:" + port;
    try (LmStudio lms =
        LmStudio.builder().baseUrls(desk.url(), gpuUrl).apiToken(gpuUrl, GPU_TOKEN).build()) {
      assertThat(lms.models().list()).extracting(Model::host).containsOnly(desk.url());
      assertThatThrownBy(() -> lms.chat(BIG, "hello"))
          .isInstanceOf(LmStudioException.class)
          .hasMessageContaining(BIG);

      FakeLmStudio gpu = gpu(port);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<Model> models = lms.models().list();
      while (models.stream().noneMatch(m -> gpuUrl.equals(m.host()))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
        models = lms.models().list();
      }

      assertThat(models).extracting(Model::key).contains(BIG);
      assertThat(lms.chat(BIG, "awake now").text()).isEqualTo("You said: awake now");
      assertThat(gpu.lastRequest().json()).containsEntry("model", BIG);
    }
    // The model no host had went to the first host, whose LM Studio refused it.
    assertThat(desk.requests())
        .filteredOn(r -> r.line().equals("POST /api/v1/chat"))
        .singleElement()
        .satisfies(r -> assertThat(r.json()).containsEntry("model", BIG));
  }

  @Test
  void aHostDyingMidStreamFailsThatCallOnlyAndTheNextChatGoesToTheOtherHost() {
    FakeLmStudio desk = desk(Duration.ofMillis(100));
    FakeLmStudio gpu = gpu(0);
    try (LmStudio lms =
        LmStudio.builder().baseUrls(desk.url(), gpu.url()).apiToken(gpu.url(), GPU_TOKEN).build()) {
      try (ChatStream stream =
          lms.streamChat(ChatRequest.of(CODER, "one two three four five six seven eight"))) {
        Iterator<ChatEvent> events = stream.iterator();
        assertThat(events.next()).isNotNull();
        desk.close();

        assertThatThrownBy(
                () -> {
                  while (events.hasNext()) {
                    events.next();
                  }
                })
            .isInstanceOf(LmStudioException.class)
            .hasMessageContaining(desk.url());
      }
      assertThat(chats(gpu)).as("the cut generation is not sent again").isZero();

      assertThat(lms.chat(CODER, "still there?").text()).isEqualTo("You said: still there?");
      assertThat(chats(gpu)).isEqualTo(1);
    }
  }

  @Test
  void ensureLoadedReusesAnInstanceOnAnyHostAndLoadsWhereTheModelIs() {
    FakeLmStudio desk = desk(Duration.ZERO);
    FakeLmStudio gpu = gpu(0);
    try (LmStudio lms =
        LmStudio.builder().baseUrls(desk.url(), gpu.url()).apiToken(gpu.url(), GPU_TOKEN).build()) {
      LoadResult reused = lms.models().ensureLoaded(LoadRequest.of(CODER));
      LoadResult loaded = lms.models().ensureLoaded(LoadRequest.of(BIG));

      assertThat(reused.reused()).isTrue();
      assertThat(reused.host()).isEqualTo(desk.url());
      assertThat(loaded.reused()).isFalse();
      assertThat(loaded.host()).isEqualTo(gpu.url());
      assertThat(lms.models().instance(BIG))
          .hasValueSatisfying(i -> assertThat(i.host()).isEqualTo(gpu.url()));
    }
    assertThat(desk.requests())
        .extracting(FakeRequest::line)
        .doesNotContain("POST /api/v1/models/load");
    assertThat(gpu.requests())
        .filteredOn(r -> r.line().equals("POST /api/v1/models/load"))
        .singleElement()
        .satisfies(r -> assertThat(r.json()).containsEntry("model", BIG));
  }
}
