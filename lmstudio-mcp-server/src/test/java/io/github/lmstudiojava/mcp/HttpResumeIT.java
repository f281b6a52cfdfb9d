package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable event streams over Streamable HTTP, against the jar: event ids, the priming event and
 * its {@code retry}, a dropped stream resumed with {@code Last-Event-ID} without losing an event or
 * the answer, and what cannot be resumed.
 */
class HttpResumeIT {
  private static final String NEW_PROTOCOL = "2025-11-25";
  private static final String OLD_PROTOCOL = "2025-06-18";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeAfterTest(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private HttpServer start(FakeLmStudio fake, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--sessions", "memory:"));
    all.addAll(List.of(args));
    return closeAfterTest(HttpServer.start(Map.of("LM_STUDIO_URL", fake.url()), all));
  }

  @Test
  void aDroppedAskStreamIsResumedWithLastEventIdAndLosesNothing() throws Exception {
    FakeLmStudio fake =
        closeAfterTest(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(100)).start());
    HttpServer server = start(fake, "--sse-retry", "1500ms");
    String session = initialize(server, NEW_PROTOCOL);

    HttpResponse<Stream<String>> first =
        post(server, session, ask(7, HttpHostileIT.words(30), "p7"));
    List<String> firstLines = new ArrayList<>();
    Iterator<String> lines = first.body().iterator();
    int events = 0;
    while (events < 4 && lines.hasNext()) {
      String line = lines.next();
      firstLines.add(line);
      if (line.startsWith("id: ")) {
        events++;
      }
    }
    // The connection drops: the client closes it mid-answer.
    first.body().close();
    String lastId = lastId(firstLines);
    Thread.sleep(800);
    HttpResponse<Stream<String>> resumed = get(server, session, lastId);
    List<String> resumedLines = resumed.body().toList();

    assertThat(first.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(firstLines.subList(0, 3)).containsExactly("id: 1-0", "retry: 1500", "data: ");
    assertThat(resumed.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>(ids(firstLines));
    ids.addAll(ids(resumedLines));
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).as("event ids in order, none lost or repeated").isEqualTo("1-" + i);
    }
    String answer = resumedLines.get(resumedLines.size() - 2);
    assertThat(answer)
        .startsWith("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\"")
        .contains("You said: " + HttpHostileIT.words(30));
    assertThat(resumedLines.stream().filter(l -> l.contains("notifications/progress")).count())
        .isPositive();
    assertThat(server.stderr).noneMatch(l -> l.contains("client went away"));
    List<String> chats =
        fake.requests().stream()
            .filter(r -> r.line().equals("POST /api/v1/chat"))
            .map(r -> r.body())
            .toList();
    assertThat(chats).hasSize(1);
    assertThat(chats.get(0)).contains(HttpHostileIT.words(30));
  }

  @Test
  void notificationsSentWhileTheGetStreamWasDownArriveWhenItIsResumed() throws Exception {
    FakeLmStudio fake = closeAfterTest(FakeLmStudio.start());
    HttpServer server = start(fake, "--watch-interval", "200ms");
    String session = initialize(server, NEW_PROTOCOL);
    HttpResponse<Stream<String>> listening = get(server, session, null);
    Iterator<String> lines = listening.body().iterator();
    String priming = lines.next();
    List<String> subscribed =
        post(
                server,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\","
                    + "\"params\":{\"uri\":\"lmstudio://models\"}}")
            .body()
            .toList();
    listening.body().close();
    Thread.sleep(500);
    fake.client().models().load(FakeModel.UNLOADED_LLM);
    Thread.sleep(1000); // the watch notices within its interval; the GET stream is down

    HttpResponse<Stream<String>> resumed = get(server, session, priming.substring(4));
    List<String> missed = new ArrayList<>();
    Iterator<String> again = resumed.body().iterator();
    while (again.hasNext() && missed.stream().noneMatch(l -> l.contains("resources/updated"))) {
      missed.add(again.next());
    }
    resumed.body().close();

    assertThat(priming).matches("id: \\d+-0");
    assertThat(subscribed).anyMatch(l -> l.contains("\"id\":5,\"result\":{}"));
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(missed)
        .anyMatch(
            l ->
                l.equals(
                    "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                        + "\"params\":{\"uri\":\"lmstudio://models\"}}"));
    assertThat(ids(missed).get(0)).isEqualTo(priming.substring(4, priming.length() - 1) + "1");
  }

  @Test
  void oldProtocolSessionsGetIdsButNoPrimingEventAndNoRetryUnlessAsked() throws Exception {
    FakeLmStudio fake = closeAfterTest(FakeLmStudio.start());
    HttpServer withRetry = start(fake, "--sse-retry", "2s");
    HttpServer plain = start(fake);

    List<String> old =
        post(withRetry, initialize(withRetry, OLD_PROTOCOL), toolsList(1)).body().toList();
    List<String> newNoRetry =
        post(plain, initialize(plain, NEW_PROTOCOL), toolsList(2)).body().toList();

    assertThat(old.get(0)).isEqualTo("id: 1-1");
    assertThat(old).noneMatch(l -> l.startsWith("retry:")).noneMatch(l -> l.equals("data: "));
    assertThat(newNoRetry.subList(0, 3)).containsExactly("id: 1-0", "data: ", "");
    assertThat(newNoRetry).noneMatch(l -> l.startsWith("retry:"));
    assertThat(newNoRetry.get(3)).isEqualTo("id: 1-1");
  }

  @Test
  void eventsNoLongerKeptOrNotOursAreRefusedWithOneSentence() throws Exception {
    FakeLmStudio fake = closeAfterTest(FakeLmStudio.start());
    HttpServer server = start(fake, "--stream-resume", "500ms");
    String session = initialize(server, NEW_PROTOCOL);
    List<String> answered = post(server, session, toolsList(3)).body().toList();
    String last = lastId(answered);

    HttpResponse<Stream<String>> justAfter = get(server, session, last);
    List<String> replayed = justAfter.body().toList();
    HttpResponse<String> future = getText(server, session, "1-2"); // one past the last event
    Thread.sleep(1200); // past the resume window: the stream is forgotten at the next tick
    HttpResponse<String> late = getText(server, session, last);
    HttpResponse<String> foreign = getText(server, session, "not-an-id");

    assertThat(justAfter.statusCode()).isEqualTo(200);
    assertThat(replayed).as("nothing after the answer; the stream ends").isEmpty();
    assertThat(late.statusCode()).isEqualTo(400);
    assertThat(late.body())
        .contains(
            "Cannot resume: Last-Event-ID 1-1 names events this server" + " no longer keeps",
            "--stream-resume");
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("is not an event id of this server");
    assertThat(last).isEqualTo("1-1");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body()).contains("names events this server no longer keeps");
  }

  @Test
  void aStreamNotResumedWithinTheWindowStopsItsCall() throws Exception {
    FakeLmStudio fake =
        closeAfterTest(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)).start());
    HttpServer server = start(fake, "--stream-resume", "1s");
    String session = initialize(server, NEW_PROTOCOL);

    HttpResponse<Stream<String>> first =
        post(server, session, ask(9, HttpHostileIT.words(60), "p9"));
    Iterator<String> lines = first.body().iterator();
    while (lines.hasNext() && !lines.next().startsWith("id: 1-2")) {
      // read up to the second event
    }
    first.body().close();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (server.stderr.stream().noneMatch(l -> l.contains("request 9"))
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }

    assertThat(server.stderr)
        .anyMatch(
            l ->
                l.contains(
                    "request 9 ended before its answer: the client went away and did not resume"
                        + " its stream within 1s; its call is cancelled"));
    assertThat(fake.requests().stream().filter(r -> r.line().equals("POST /api/v1/chat")).count())
        .isEqualTo(1);
  }

  @Test
  void deletingTheSessionStopsTheCallsStillRunningOnIt() throws Exception {
    FakeLmStudio fake =
        closeAfterTest(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(300)).start());
    HttpServer server = start(fake);
    String session = initialize(server, NEW_PROTOCOL);

    HttpResponse<Stream<String>> running =
        post(server, session, ask(11, HttpHostileIT.words(60), "p11"));
    Iterator<String> lines = running.body().iterator();
    while (lines.hasNext() && !lines.next().startsWith("id: 1-2")) {
      // read up to the second event
    }
    HttpResponse<String> deleted =
        http.send(request(server, session).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    List<String> rest = new ArrayList<>();
    lines.forEachRemaining(rest::add);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (server.stderr.stream().noneMatch(l -> l.contains("request 11"))
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(rest).noneMatch(l -> l.contains("\"result\""));
    assertThat(server.stderr)
        .anyMatch(
            l ->
                l.contains(
                    "request 11 ended before its answer: its MCP session was closed; its call is"
                        + " cancelled"));
  }

  // ---- helpers ----

  private String initialize(HttpServer server, String protocol) throws Exception {
    HttpResponse<String> init =
        http.send(
            request(server, null)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{"
                            + "\"protocolVersion\":\""
                            + protocol
                            + "\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(init.body()).contains("\"protocolVersion\":\"" + protocol + "\"");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        http.send(
            request(server, session)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(initialized.statusCode()).isEqualTo(202);
    return session;
  }

  private HttpRequest.Builder request(HttpServer server, String session) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + HttpTransport.ENDPOINT))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream");
    return session == null ? b : b.header("Mcp-Session-Id", session);
  }

  private HttpResponse<Stream<String>> post(HttpServer server, String session, String json)
      throws Exception {
    HttpResponse<Stream<String>> response =
        http.send(
            request(server, session).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  private HttpResponse<Stream<String>> get(HttpServer server, String session, String lastEventId)
      throws Exception {
    return http.send(getRequest(server, session, lastEventId), HttpResponse.BodyHandlers.ofLines());
  }

  private HttpResponse<String> getText(HttpServer server, String session, String lastEventId)
      throws Exception {
    return http.send(
        getRequest(server, session, lastEventId), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest getRequest(HttpServer server, String session, String lastEventId) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + HttpTransport.ENDPOINT))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .header("Mcp-Session-Id", session);
    return (lastEventId == null ? b : b.header("Last-Event-ID", lastEventId)).GET().build();
  }

  private static List<String> ids(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
  }

  private static String lastId(List<String> lines) {
    List<String> ids = ids(lines);
    return ids.get(ids.size() - 1);
  }

  private static String toolsList(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
  }

  private static String ask(int id, String prompt, String progressToken) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{\"model\":\""
        + FakeModel.LOADED_LLM
        + "\",\"prompt\":\""
        + prompt
        + "\"},\"_meta\":{\"progressToken\":\""
        + progressToken
        + "\"}}}";
  }
}
