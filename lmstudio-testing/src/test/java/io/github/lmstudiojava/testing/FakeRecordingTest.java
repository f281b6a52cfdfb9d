package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.lmstudiojava.client.LmStudio;
import org.junit.jupiter.api.Test;

/** The fake keeps a bounded number of requests, so that one serving for hours does not grow. */
class FakeRecordingTest {
  @Test
  void keepsTheLastRequestsAndCountsThemAll() {
    try (FakeLmStudio fake = FakeLmStudio.builder().keptRequests(3).start()) {
      LmStudio lms = fake.client();
      lms.models().list();
      lms.models().list();
      lms.models().load(FakeModel.UNLOADED_LLM);
      lms.models().list();
      lms.models().unload(FakeModel.UNLOADED_LLM);

      assertThat(fake.requestCount()).isEqualTo(5);
      assertThat(fake.requests())
          .extracting(FakeRequest::method, FakeRequest::path)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/models/load"),
              org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/models"),
              org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/models/unload"));
      // The untaken ones are the kept ones, oldest first.
      assertThat(fake.takeRequest().path()).isEqualTo("/api/v1/models/load");
      assertThat(fake.takeRequest().path()).isEqualTo("/api/v1/models");
      assertThat(fake.lastRequest().path()).isEqualTo("/api/v1/models/unload");
      assertThat(fake.takeRequest().json()).containsKey("instance_id");
    }
  }

  @Test
  void keepsTenThousandByDefaultAndRefusesToKeepNone() {
    assertThat(FakeLmStudio.DEFAULT_KEPT_REQUESTS).isEqualTo(10_000);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FakeLmStudio.builder().keptRequests(0))
        .withMessage("keptRequests must be at least 1: 0");
  }
}
