package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.assertGet;
import static io.github.lmstudiojava.client.ClientTestSupport.clientFor;
import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static io.github.lmstudiojava.client.ClientTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ConnectionReuseTest {
  /** More requests at once than OkHttp's default pool keeps idle (5). */
  private static final int AT_ONCE = 16;

  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void requestsRunningAtOnceReuseTheirConnectionsForTheNextRound() throws Exception {
    String body = fixture("models/list-docs.json");
    CountDownLatch[] rounds = {new CountDownLatch(AT_ONCE), new CountDownLatch(AT_ONCE)};
    List<RecordedRequest> seen = new ArrayList<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            CountDownLatch round;
            synchronized (seen) {
              seen.add(request);
              round = rounds[(seen.size() - 1) / AT_ONCE];
            }
            // Every request of a round waits for the others, so the round holds AT_ONCE
            // connections at the same time.
            round.countDown();
            round.await(10, TimeUnit.SECONDS);
            return json(body);
          }
        });
    ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE);
    try (LmStudio lms = clientFor(server).build()) {
      for (int round = 0; round < 2; round++) {
        List<Future<List<Model>>> calls = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
          calls.add(callers.submit(() -> lms.models().list()));
        }
        for (Future<List<Model>> call : calls) {
          assertThat(call.get(20, TimeUnit.SECONDS)).hasSize(3);
        }
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(seen).hasSize(2 * AT_ONCE);
    Set<Integer> connections = new HashSet<>();
    for (RecordedRequest request : seen) {
      assertGet(request, "/api/v1/models", null);
      connections.add(request.getConnectionIndex());
    }
    assertThat(connections).hasSize(AT_ONCE);
  }
}
