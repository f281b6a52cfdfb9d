package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.Turn;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch's checks, run one at a time, against a fake LM Studio and a real in-memory store. */
class ResourceWatchTest {
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final Subscriptions subscriptions = new Subscriptions();
  private FakeLmStudio fake = FakeLmStudio.start();
  private Backend backend;
  private ResourceWatch watch;

  private void open(String url) {
    ServerConfig config =
        ServerConfig.parse(
            new String[] {
              "--sessions", "memory:", "--lmstudio-url", url, "--request-timeout", "2s"
            },
            name -> null);
    backend = new Backend(config);
    watch =
        new ResourceWatch(
            backend,
            subscriptions,
            (session, method, params) ->
                sent.add(session + " " + method + (params == null ? "" : " " + Json.write(params))),
            config.watchInterval());
  }

  @AfterEach
  void close() {
    watch.close();
    backend.close();
    fake.close();
  }

  private void subscribe(String session, String user, String uri) {
    assertThat(subscriptions.admit(session, user, Subscriptions.SUBSCRIBE, Map.of("uri", uri)))
        .isNull();
  }

  @Test
  void nothingIsAskedWhileNobodyListensAndTheFirstCheckOnlyTakesNote() {
    open(fake.url());
    watch.check();
    int before = fake.requestCount();
    subscribe("s1", null, Resources.MODELS);
    subscribe("s1", null, "lmstudio://models/" + FakeModel.UNLOADED_LLM.replace("/", "%2F"));
    subscribe("s2", null, "lmstudio://instances/" + FakeModel.LOADED_LLM);
    watch.check();
    watch.check();

    assertThat(before).isZero();
    assertThat(fake.requests())
        .extracting(r -> r.line())
        .containsExactly("GET /api/v1/models", "GET /api/v1/models");
    assertThat(sent).isEmpty();
  }

  @Test
  void aToolCallWakesTheWatchOnlyWhenSomeoneWatches() throws Exception {
    open(fake.url());
    watch.poke();
    watch.poke();
    Thread.sleep(200);

    assertThat(watch.checks()).as("nobody watches: no check").isZero();

    subscribe("s1", null, Resources.MODELS);
    watch.poke();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (watch.checks() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(watch.checks()).isEqualTo(1);
    assertThat(fake.requests()).extracting(r -> r.line()).containsExactly("GET /api/v1/models");
  }

  @Test
  void aLoadNotifiesTheSubscribersOfWhatItChangedOnly() {
    open(fake.url());
    subscribe("s1", null, Resources.MODELS);
    subscribe("s1", null, "lmstudio://models/" + FakeModel.UNLOADED_LLM.replace("/", "%2F"));
    subscribe("s2", null, "lmstudio://models/" + FakeModel.EMBEDDING);
    subscribe("s3", null, "lmstudio://instances/" + FakeModel.LOADED_LLM);
    watch.check();

    fake.client().models().load(FakeModel.UNLOADED_LLM);
    watch.check();
    fake.client().models().unload(FakeModel.LOADED_LLM);
    watch.check();

    assertThat(sent)
        .containsExactlyInAnyOrder(
            "s1 notifications/resources/updated {\"uri\":\"lmstudio://models\"}",
            "s1 notifications/resources/updated {\"uri\":\"lmstudio://models/meta%2Fllama-3.2-3b\"}",
            "s1 notifications/resources/updated {\"uri\":\"lmstudio://models\"}",
            "s3 notifications/resources/updated {\"uri\":\"lmstudio://instances/"
                + FakeModel.LOADED_LLM
                + "\"}");
  }

  @Test
  void whatASubscriptionShowsIsNotedBeforeItIsConfirmedSoTheNextChangeIsHeard() {
    open(fake.url());
    String transcript = Resources.uri("notes");
    backend.storeFor((String) null).create(NewSession.withId("notes"));
    subscribe("s1", null, Resources.MODELS);
    watch.note(null, Resources.MODELS);
    subscribe("s1", null, transcript);
    watch.note(null, transcript);
    subscriptions.listed("s1", null);
    watch.noteListing(null);
    int asked = fake.requestCount();

    // Changed before any check ran: the check compares with what the notes saw.
    fake.client().models().load(FakeModel.UNLOADED_LLM);
    backend.storeFor((String) null).create(NewSession.withId("other"));
    watch.check();

    assertThat(asked).as("the note of the models asked LM Studio once").isEqualTo(1);
    assertThat(sent)
        .containsExactly(
            "s1 notifications/resources/updated {\"uri\":\"lmstudio://models\"}",
            "s1 notifications/resources/list_changed");
  }

  @Test
  void anUnreachableLmStudioTellsNobodyAndTheWatchGoesOnWhenItIsBack() {
    open(fake.url());
    subscribe("s1", null, Resources.MODELS);
    watch.check();
    String url = fake.url();
    fake.close();
    watch.check();
    watch.check();
    assertThat(sent).isEmpty();

    fake = FakeLmStudio.builder().listenOn("127.0.0.1", java.net.URI.create(url).getPort()).start();
    fake.client().models().load(FakeModel.UNLOADED_LLM);
    watch.check();

    assertThat(sent)
        .containsExactly("s1 notifications/resources/updated {\"uri\":\"lmstudio://models\"}");
  }

  @Test
  void anLmStudioThatNeverAnswersHoldsACheckUpOnlyForTheRequestTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // read nothing, answer nothing
                  }
                } catch (java.io.IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      open("http://127.0.0.1:" + silent.getLocalPort());
      subscribe("s1", null, Resources.MODELS);

      long start = System.nanoTime();
      watch.check();
      watch.check();
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(millis).as("two checks, one 2 s try each").isBetween(3000L, 9000L);
      assertThat(accepted).as("one try per check, no retry").hasSize(2);
      assertThat(sent).isEmpty();
      for (java.net.Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aSessionMovingUpTheListIsNoChangeOfTheList() {
    open(fake.url());
    var store = backend.store();
    store.create(NewSession.withId("older"));
    store.create(NewSession.withId("newer"));
    subscriptions.listed("c1", null);
    watch.check();

    store.append("older", List.of(Turn.user("up you go")));
    watch.check();
    store.create(NewSession.withId("third"));
    watch.check();

    assertThat(sent).containsExactly("c1 notifications/resources/list_changed");
  }

  @Test
  void sessionsAreWatchedPerUserAndListersHearWhenTheirSessionsAppearOrGo() {
    open(fake.url());
    subscribe("a1", "ann", Resources.SESSIONS);
    subscribe("a1", "ann", Resources.uri("notes"));
    subscribe("b1", "bob", Resources.uri("notes"));
    subscriptions.listed("a2", "ann");
    subscriptions.listed("b2", "bob");
    watch.check();

    var ann = backend.storeFor("ann");
    ann.create(NewSession.withId("notes").withModel(FakeModel.LOADED_LLM));
    watch.check();
    ann.append("notes", List.of(Turn.user("hi"), Turn.assistant("hello")));
    watch.check();
    ann.delete("notes");
    watch.check();

    assertThat(sent)
        .containsExactly(
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions\"}",
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions/notes\"}",
            "a2 notifications/resources/list_changed",
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions\"}",
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions/notes\"}",
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions\"}",
            "a1 notifications/resources/updated {\"uri\":\"lmstudio://sessions/notes\"}",
            "a2 notifications/resources/list_changed");
    assertThat(fake.requestCount()).as("sessions alone ask LM Studio nothing").isZero();
  }
}
